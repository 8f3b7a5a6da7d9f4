package org.facelfs.model.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.model.BackboneKind;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.Backbones;
import org.facelfs.model.FlopCount;
import org.facelfs.model.FlopCounter;
import org.facelfs.train.LrSchedule;
import org.facelfs.train.Optimizer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Images/second of training (fit on random 112x112 RGB batches, softmax head of 1,000 classes)
 * and of embedding (forward to the "embedding" vertex) for the small CNN and IResNet-18, with
 * the achieved GFLOP/s from {@link FlopCounter}. Each measurement: one warm-up step, then timed
 * steps until {@code budgetSeconds} (at least {@code minSteps}); the median step time is reported.
 * Prints a Markdown table.
 *
 * <p>Run: {@code java -cp <test classpath> org.facelfs.model.bench.ModelThroughputBench [budgetSeconds]
 * [minSteps] [SMALL_CNN|IRESNET18 ...]} (defaults 90 s, 3 steps, both models).
 */
public final class ModelThroughputBench {

    private static final int CLASSES = 1000;

    private ModelThroughputBench() {
    }

    record Row(String model, String mode, int batch, int steps, double medianSeconds, double imagesPerSecond,
               double gflopsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        double budget = args.length > 0 ? Double.parseDouble(args[0]) : 90;
        int minSteps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> only = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        List<BackboneSpec> specs = List.of(BackboneSpec.smallCnn(BackboneSpec.FACE_112, 128),
                BackboneSpec.iresnet(BackboneKind.IRESNET18)).stream()
                .filter(s -> only.isEmpty() || only.contains(s.kind().name())).toList();
        List<Row> rows = new ArrayList<>();
        for (BackboneSpec spec : specs) {
            OutputLayer head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                    .activation(Activation.SOFTMAX).build();
            Optimizer opt = new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.01, List.of(), 0.1, 0));
            ComputationGraph graph = Backbones.graph(spec, head, opt, 42);
            FlopCount flops = FlopCounter.count(graph, spec.input());
            String name = spec.kind() + " " + spec.nonlinearity() + " " + spec.input().channels() + "x" + spec.input().height() + "x"
                    + spec.input().width() + " (" + String.format(Locale.ROOT, "%.1fM params, %.2f GFLOPs fwd",
                    graph.numParams() / 1e6, flops.forwardPerExample() / 1e9) + ")";
            int batch = 32;
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, spec.input().channels(), spec.input().height(), spec.input().width());
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
            for (int i = 0; i < batch; i++) {
                y.putScalar(i, (i * 37) % CLASSES, 1);
            }
            rows.add(measure(name, "train", batch, flops.trainingStep(batch), budget, minSteps,
                    () -> graph.fit(new INDArray[] {x}, new INDArray[] {y})));
            rows.add(measure(name, "embed", batch, flops.forward(batch), budget, minSteps,
                    () -> graph.output(List.of(Backbones.EMBEDDING), false, new INDArray[] {x}, null)));
            System.err.println(rows.get(rows.size() - 2) + "\n" + rows.get(rows.size() - 1));
        }
        System.out.println(markdown(rows, budget, minSteps));
    }

    private static Row measure(String model, String mode, int batch, long flopsPerStep, double budget, int minSteps,
                               Runnable step) {
        step.run(); // warm-up: workspaces, JIT
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < minSteps || (System.nanoTime() - start) / 1e9 < budget) {
            long t = System.nanoTime();
            step.run();
            times.add((System.nanoTime() - t) / 1e9);
            if (times.size() >= minSteps && (System.nanoTime() - start) / 1e9 >= budget) {
                break;
            }
        }
        double median = median(times);
        return new Row(model, mode, batch, times.size(), median, batch / median, flopsPerStep / median / 1e9);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String markdown(List<Row> rows, double budget, int minSteps) throws Exception {
        StringBuilder sb = new StringBuilder();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        sb.append(String.format(Locale.ROOT, "Machine: %d cores (%s), load average %.2f at the end, Java %s, "
                        + "OMP_NUM_THREADS=%s, ND4J %s. Date: %s. Budget %.0f s per measurement, at least %d timed steps "
                        + "after one warm-up; median step.%n%n",
                Runtime.getRuntime().availableProcessors(), cpu,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                Nd4j.getBackend().getClass().getSimpleName(), LocalDate.now(), budget, minSteps));
        sb.append("| model | mode | batch | steps | median step (s) | images/s | GFLOP/s |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.1f | %.1f |%n", r.model(), r.mode(),
                    r.batch(), r.steps(), r.medianSeconds(), r.imagesPerSecond(), r.gflopsPerSecond()));
        }
        return sb.toString();
    }
}
