package org.facelfs.loss.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.facelfs.loss.LossSpec;
import org.facelfs.loss.MarginSoftmaxOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Training-step time of the margin head vs DL4J's plain softmax output layer (dense + softmax +
 * MCXENT, with bias) on the same embeddings: 512-d, 10,000 classes, batch 128, float32, SGD with
 * Nesterov momentum, CPU. One step = {@code net.fit(batch)}: forward, backward, score, update.
 * The heads are measured alone (no backbone), the strictest form of the ratio.
 *
 * <p>Run: {@code java -cp <test classpath> [-Dfacelfs.bench.classes=N] org.facelfs.loss.bench.MarginHeadBench [rounds] [stepsPerRound]}.
 * The two heads alternate round by round so that machine load affects both alike; the figure is
 * the median over rounds of the mean step time in a round. Process CPU time per step is printed
 * too: on a machine shared with other jobs it is less disturbed by their load than wall time.
 */
public final class MarginHeadBench {

    static final int DIM = 512;
    /** Identities of the head: 10,000 unless {@code -Dfacelfs.bench.classes} says otherwise (1k/10k/100k rows). */
    static final int CLASSES = Integer.getInteger("facelfs.bench.classes", 10_000);
    static final int BATCH = 128;

    private MarginHeadBench() {
    }

    public static void main(String[] args) {
        org.facelfs.model.NativeBuild.choose(); // the product's ND4J build, before ND4J loads
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        DataSet batch = randomBatch(7);

        List<Head> heads = List.of(
                new Head("softmax OutputLayer (MCXENT)", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(DIM).nOut(CLASSES).activation(Activation.SOFTMAX).build()),
                new Head("margin, unified a=-100", new MarginSoftmaxOutputLayer.Builder()
                        .nIn(DIM).nOut(CLASSES).spec(new LossSpec.UnifiedGlobal(32, -100)).build()),
                new Head("margin, ArcFace m3=0.5", new MarginSoftmaxOutputLayer.Builder()
                        .nIn(DIM).nOut(CLASSES).spec(new LossSpec.ArcFace(32, 0.5)).build()),
                new Head("margin, CurricularFace m=0.5", new MarginSoftmaxOutputLayer.Builder()
                        .nIn(DIM).nOut(CLASSES).spec(LossSpec.CurricularFace.start(32, 0.5)).build()),
                new Head("margin, ElasticFace-Arc m=0.5 σ=0.05", new MarginSoftmaxOutputLayer.Builder()
                        .nIn(DIM).nOut(CLASSES).spec(new LossSpec.ElasticArc(32, 0.5, 0.05, 0)).build()),
                new Head("margin, AdaFace m=0.4 h=0.333", new MarginSoftmaxOutputLayer.Builder()
                        .nIn(DIM).nOut(CLASSES).spec(LossSpec.AdaFace.start(32, 0.4, 0.333)).build()));
        for (Head h : heads) {
            for (int i = 0; i < 5; i++) {
                h.net.fit(batch); // warm-up: JIT, workspaces
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (Head h : heads) {
                long c0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    h.net.fit(batch);
                }
                h.roundMillis.add((System.nanoTime() - t0) / 1e6 / steps);
                h.roundCpuMillis.add((OS.getProcessCpuTime() - c0) / 1e6 / steps);
            }
        }
        double base = heads.get(0).median();
        double cpuBase = median(heads.get(0).roundCpuMillis);
        System.out.printf(Locale.ROOT, "embedding %d, classes %d, batch %d, float32, %d rounds x %d steps, "
                + "OMP_NUM_THREADS=%s, nproc=%d%n", DIM, CLASSES, BATCH, rounds, steps,
                System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
        for (Head h : heads) {
            double cpu = median(h.roundCpuMillis);
            System.out.printf(Locale.ROOT, "%-30s wall median %7.2f ms/step (min %7.2f, max %7.2f) ratio %.3f | "
                    + "process CPU median %7.2f ms/step ratio %.3f%n",
                    h.name, h.median(), h.min(), h.max(), h.median() / base, cpu, cpu / cpuBase);
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static DataSet randomBatch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, DIM);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, rnd.nextInt(CLASSES), 1);
        }
        return new DataSet(x, y);
    }

    /** One network holding only the head under test. */
    static final class Head {
        final String name;
        final MultiLayerNetwork net;
        final List<Double> roundMillis = new ArrayList<>();
        final List<Double> roundCpuMillis = new ArrayList<>();

        Head(String name, Layer layer) {
            this.name = name;
            this.net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                    .seed(1).dataType(DataType.FLOAT).updater(new Nesterovs(0.1, 0.9)).list().layer(layer).build());
            net.init();
        }

        double median() {
            return MarginHeadBench.median(roundMillis);
        }

        double min() {
            return roundMillis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return roundMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }
}
