package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.facelfs.model.NativeBuild;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Executor JVMs choose their own ND4J build and OpenMP threads with nothing set by hand: the cluster jar on
 * {@code local-cluster[2,1,1024]} (two real executor JVMs), spark-submit without
 * {@code spark.executorEnv.OMP_NUM_THREADS} or any native property. Each executor's log must name the build it
 * loaded — the one its own choice made before any task (NativeBuildPlugin) — and one OpenMP thread per task.
 *
 * <p>Only the executors that ran a task count: when an executor exits at the end of the job before the driver's
 * unregistration reaches the Master, the Master starts a replacement for the still-registered application, and
 * the Worker kills it moments later, often before it has logged anything.
 */
@Tag("cluster")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ExecutorNativeBuildIT {

    /** The executors' stderr files under the stand-in SPARK_HOME's work folder, read whole. */
    private static List<String> executorLogs(SparkHome home) throws IOException {
        try (Stream<Path> files = Files.walk(home.dir().resolve("work"))) {
            return files.filter(f -> f.getFileName().toString().equals("stderr")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** The logs of the executors that ran at least one task (Spark's "Running task" line). */
    private static List<String> executorsThatRanTasks(SparkHome home) throws IOException {
        return executorLogs(home).stream().filter(log -> log.contains("Executor: Running task")).toList();
    }

    private static List<String> search(String name, String driverNative) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")), name);
        SparkHome home = SparkHome.create(dir.resolve("spark-home"));
        Path out = dir.resolve("run");
        SparkSubmit submit = SparkSubmit.search(home, "local-cluster[2,1,1024]", "client", LocalReference.TINY,
                        out.toAbsolutePath().toString())
                .without("spark.executorEnv.OMP_NUM_THREADS").conf("spark.executor.memory", "900m")
                .override("search.rounds", "1");
        if (driverNative != null) {
            submit.jvmOption("-D" + NativeBuild.PROPERTY + "=" + driverNative);
        }
        submit.run(dir.resolve("submit.log"), Duration.ofMinutes(5));
        assertTrue(Files.isRegularFile(out.resolve("best/model.zip")), "no best model");
        List<String> logs = executorsThatRanTasks(home);
        assertEquals(2, logs.size(), "executors that ran tasks: " + logs.size() + " of " + executorLogs(home).size());
        return logs;
    }

    @Test
    void eachExecutorChoosesByItsCpuAndRunsOneOpenMpThreadPerTask() throws IOException {
        NativeBuild.Choice expected = NativeBuild.choose(); // this JVM's CPU is the executors' CPU
        for (String log : search("native-auto-", null)) {
            assertTrue(log.contains("ND4J native build " + expected.classifier() + " (CpuBackend")
                    && log.contains(expected.reason()), log);
            assertTrue(log.contains("OpenMP threads 1 in this thread"), log);
        }
    }

    @Test
    void theDriversForcedBuildReachesTheExecutors() throws IOException {
        for (String log : search("native-plain-", "plain")) {
            assertTrue(log.contains("ND4J native build linux-x86_64 (CpuBackend, oneDNN no")
                    && log.contains("facelfs.native=plain"), log);
        }
    }
}
