package org.facelfs.model.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.facelfs.model.BackboneKind;
import org.facelfs.model.NativeBuild;
import org.facelfs.model.NativeKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What DL4J's cache mode DEVICE costs in memory (not a timing): for each model and cache mode, one child JVM
 * builds the graph as the product does (the chosen ND4J build, {@link NativeKernels} helpers), trains
 * {@code steps} steps on a random batch and reports its peak RSS ({@code VmHWM}), the heap in use, and the
 * off-heap part (peak RSS − committed heap: ND4J's buffers, workspaces, JVM native memory). One JVM per row,
 * because the peak RSS is the whole process's. Not a test.
 *
 * <pre>java -cp ... org.facelfs.model.bench.CacheModeMemoryBench STEPS MODEL:CxHxW:BATCH ...</pre>
 */
public final class CacheModeMemoryBench {

    private CacheModeMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            NativeBuild.choose();
            System.out.println("ROW " + child(args[1], CacheMode.valueOf(args[2]), Integer.parseInt(args[3])));
            return;
        }
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> models = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("SMALL_CNN:1x112x112:64", "IRESNET18:3x112x112:32");
        System.out.println("| model | cache mode | ND4J build | steps | peak RSS MiB | heap used MiB | off-heap MiB "
                + "(peak RSS − committed heap) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String model : models) {
            for (CacheMode mode : List.of(CacheMode.NONE, CacheMode.DEVICE)) {
                System.out.println(runChild(model, mode, steps));
            }
        }
    }

    /** Runs one row in a fresh JVM with this JVM's class path, heap and ND4J choice. */
    private static String runChild(String model, CacheMode mode, int steps) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CacheModeMemoryBench.class.getName(),
                "--child", model, mode.name(), Integer.toString(steps)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().filter(l -> l.startsWith("ROW ")).map(l -> l.substring(4)).findFirst()
                .orElse("| " + model + " | " + mode + " | failed (exit " + p.exitValue() + "): "
                        + out.lines().reduce((a, b) -> b).orElse("") + " |");
    }

    private static String child(String model, CacheMode mode, int steps) throws IOException {
        String[] p = model.split(":");
        String[] chw = p[1].split("x");
        ImageShape shape = new ImageShape(Integer.parseInt(chw[0]), Integer.parseInt(chw[1]), Integer.parseInt(chw[2]));
        int batch = Integer.parseInt(p[2]);
        ComputationGraph g = RooflineBench.build(BackboneKind.valueOf(p[0]), shape);
        NativeKernels.useOnednnIfLoaded(g);
        g.getConfiguration().setCacheMode(mode);
        g.setCacheMode(mode);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, shape.channels(), shape.height(), shape.width()).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, RooflineBench.CLASSES);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, (i * 37) % RooflineBench.CLASSES, 1);
        }
        for (int i = 0; i < steps; i++) {
            g.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        Runtime rt = Runtime.getRuntime();
        double mib = 1 << 20;
        long peak = peakRssBytes();
        return String.format(Locale.ROOT, "| %s | %s | %s | %d | %.0f | %.0f | %.0f |", model, mode,
                NativeKernels.loadedNd4jFolder(), steps, peak / mib, (rt.totalMemory() - rt.freeMemory()) / mib,
                (peak - rt.totalMemory()) / mib);
    }

    /** VmHWM of /proc/self/status: the process's peak resident set. */
    static long peakRssBytes() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1L);
    }
}
