package org.facelfs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.NativeKernels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two candidates training at once in one JVM (local[2]) each end with the OpenMP threads {@link Threads#limit}
 * gave them, whatever the JVM's default: counted as the native threads of the process that carry the candidate
 * thread's name (libgomp's workers inherit it from the thread that starts the parallel region, and stay alive
 * after it). A control thread without the cap shows that the count does see OpenMP's workers on the oneDNN build.
 */
class OpenMpThreadsTest {

    private static final int CLASSES = 5;

    private static ComputationGraph smallCnn() {
        Optimizer opt = new Optimizer(0.9, 0, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));
        ComputationGraph g = InitialModel.build(BackboneSpec.smallCnn(new ImageShape(1, 32, 32), 16), CLASSES,
                new LossSpec.Softmax(16), opt, 1);
        NativeKernels.useOnednnIfLoaded(g);
        return g;
    }

    private static DataSet batch() {
        INDArray labels = Nd4j.zeros(16, CLASSES);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % CLASSES, 1);
        }
        return new DataSet(Nd4j.rand(new int[] {16, 1, 32, 32}), labels);
    }

    /** Native threads of this process named {@code name} (/proc/self/task/N/comm). */
    private static long nativeThreadsNamed(String name) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals(name);
                } catch (IOException e) {
                    return false; // the thread ended while we looked
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs on a thread named {@code name}: OpenMP default {@code before} (what OMP_NUM_THREADS or the core
     * count would give), then {@code Threads.limit(cap)} unless cap is 0, then two training steps; returns
     * {OpenMP threads reported, native threads with the name}.
     */
    private static Callable<long[]> candidate(String name, int before, int cap, CountDownLatch together) {
        return () -> {
            Thread.currentThread().setName(name);
            NativeKernels.limitOpenMpThreads(before);
            if (cap > 0) {
                Threads.limit(cap);
            }
            ComputationGraph g = smallCnn();
            together.countDown();
            together.await();
            g.fit(batch());
            g.fit(batch());
            return new long[] {NativeKernels.ompThreads(), nativeThreadsNamed(name)};
        };
    }

    @Test
    void twoConcurrentCandidatesEachKeepOneOpenMpThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch together = new CountDownLatch(2);
            Future<long[]> a = pool.submit(candidate("omp-cand-a", 2, 1, together));
            Future<long[]> b = pool.submit(candidate("omp-cand-b", 2, 1, together));
            for (Future<long[]> f : List.of(a, b)) {
                long[] r = f.get();
                assertEquals(1, r[0], "OpenMP threads of a capped candidate");
                assertEquals(1, r[1], "native threads of a capped candidate: itself only, no OpenMP workers");
            }
            long[] control = pool.submit(candidate("omp-control", 2, 0, new CountDownLatch(0))).get();
            assertEquals(2, control[0]);
            if (NativeKernels.onednnLoaded()) {
                assertTrue(control[1] >= 2, "oneDNN without the cap starts an OpenMP worker: " + control[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
