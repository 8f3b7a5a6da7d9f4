package org.facelfs.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facelfs.data.ImageShape;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneSpec;

/**
 * Bench main (not a test): thread CPU per model read and write, {@link ModelFiles} against DL4J's
 * {@code ModelSerializer}, in memory (no file system), for the small CNN at the embedded default's size and with a
 * large head. Medians of the repetitions; thread CPU, so a loaded machine changes them less than wall time.
 * <pre>
 * java -cp spark-job/target/test-classes:spark-job/target/classes:$(cat /tmp/cp.txt) org.facelfs.train.ModelIoBench 15
 * </pre>
 */
public final class ModelIoBench {

    private ModelIoBench() {
    }

    public static void main(String[] args) throws IOException {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Optimizer opt = new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));
        ImageShape shape = new ImageShape(1, 32, 32);
        for (int classes : new int[] {60, 100_000}) {
            ComputationGraph net = InitialModel.build(BackboneSpec.smallCnn(shape, 64), classes, new LossSpec.CosFace(16, 0.35),
                    opt, 1);
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            ModelFiles.writeTo(net, new ModelFiles.ModelInfo(shape), zip);
            byte[] bytes = zip.toByteArray();
            double[] ourRead = new double[reps];
            double[] dl4jRead = new double[reps];
            double[] ourWrite = new double[reps];
            double[] dl4jWrite = new double[reps];
            for (int r = 0; r < reps; r++) {
                ourRead[r] = cpuMillis(() -> ModelFiles.readZip(new ByteArrayInputStream(bytes)));
                dl4jRead[r] = cpuMillis(() -> ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true));
                ourWrite[r] = cpuMillis(() -> ModelFiles.writeTo(net, new ModelFiles.ModelInfo(shape), OutputStream.nullOutputStream()));
                dl4jWrite[r] = cpuMillis(() -> ModelSerializer.writeModel(net, OutputStream.nullOutputStream(), true));
            }
            System.out.printf("small CNN 1x32x32, %,d classes, %,d parameters (%,d B zip): read %.1f ms vs DL4J %.1f (%.2fx); "
                            + "write %.1f ms vs DL4J's writeModel alone %.1f (%.2fx); thread CPU, median of %d%n",
                    classes, net.numParams(), bytes.length, median(ourRead), median(dl4jRead), median(dl4jRead) / median(ourRead),
                    median(ourWrite), median(dl4jWrite), median(dl4jWrite) / median(ourWrite), reps);
        }
    }

    interface Io {
        void run() throws IOException;
    }

    private static double cpuMillis(Io io) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        io.run();
        return (mx.getCurrentThreadCpuTime() - t0) / 1e6;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
