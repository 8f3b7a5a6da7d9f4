package org.facelfs.model.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.ImageShape;
import org.facelfs.data.batch.FaceBatchIterator;
import org.facelfs.data.synthetic.SyntheticFaces;
import org.facelfs.loss.LossSpec;
import org.facelfs.loss.MarginSoftmaxOutputLayer;
import org.facelfs.model.BackboneKind;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.FlopCount;
import org.facelfs.model.FlopCounter;
import org.facelfs.train.LrSchedule;
import org.facelfs.model.NativeBuild;
import org.facelfs.model.NativeKernels;
import org.facelfs.train.Optimizer;
import org.facelfs.train.InitialModel;
import org.facelfs.train.OwnGradientUpdater;
import org.facelfs.train.Threads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Roofline of one training step against the machine's own limit, in one process: ND4J's sgemm
 * rate (float, n³ = 1024³ and 2048³, median of repeats) and, at the same thread count, the training
 * step of a backbone with the margin head (CosFace, s = 32, 2,801 classes as in lfw-small): achieved
 * FLOP/s ({@link FlopCounter} training-step FLOPs / median step time) and its ratio to sgemm. Then
 * where a step's time goes: forward by layer type (each vertex timed in a manual forward pass in
 * training mode), backward (forward + backward minus forward), the optimizer (a whole {@code fit}
 * minus forward + backward), the margin head alone (a graph of just the head, fit on embeddings), and
 * batch assembly ({@link FaceBatchIterator} on decoded in-memory images of the same shape).
 *
 * <p>Run (project root, after {@code mvn -B -o -q -pl spark-job test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt}):
 * <pre>
 * java -Xmx6g -cp spark-job/target/test-classes:spark-job/target/classes:$(cat /tmp/cp.txt) \
 *   org.facelfs.model.bench.RooflineBench [budgetSeconds=20] [threads=1,2] [MODEL:CxHxW:BATCH ...]
 * </pre>
 * Default models: {@code SMALL_CNN:1x32x32:64 SMALL_CNN:1x112x112:64}; IResNet-18 is e.g.
 * {@code IRESNET18:3x112x112:64} (minutes per step on CPU: one warm-up and one timed step).
 *
 * <p>The header names the libnd4j build really loaded and its flags, and per model which DL4J helper
 * each layer type uses ({@link NativeHelpers}). {@code -Dfacelfs.bench.helpers=onednn} gives the
 * convolution and batch-norm layers DL4J's oneDNN helpers by hand (DL4J M2.1 never picks them
 * itself); another native build is chosen on the class path, e.g. {@code -Dnd4j.classifier=linux-x86_64-onednn-avx2}
 * for {@code dependency:build-classpath} (JavaCPP then loads it by itself). oneDNN ignores ND4J's thread
 * cap: set {@code OMP_NUM_THREADS} for 1-thread rows (docs/benchmarks.md, "Native builds and helpers").
 */
public final class RooflineBench {

    static final int CLASSES = 2801;

    /**
     * {@code -Dfacelfs.bench.helpers}: {@code dl4j} (default) leaves DL4J's own choice; {@code onednn}
     * installs DL4J's oneDNN conv and BN helpers by hand, {@code onednn-conv} / {@code onednn-bn} only one;
     * {@code product} does what the product does to every graph it trains ({@code NativeKernels.useOnednnIfLoaded},
     * {@code OwnGradientUpdater.install}).
     */
    static final String HELPERS = System.getProperty("facelfs.bench.helpers", "dl4j");

    /**
     * DL4J's {@link CacheMode} for the timed graph ({@code -Dfacelfs.bench.cacheMode=DEVICE}); NONE (the
     * product's) makes each layer's backward pass recompute its forward pre-activation.
     */
    static final CacheMode CACHE_MODE = CacheMode.valueOf(System.getProperty("facelfs.bench.cacheMode", "NONE"));

    /**
     * Untimed fit steps before the timed ones: DL4J's workspaces learn their size over the first step's
     * openings ({@code LearningPolicy.OVER_TIME}, one per vertex forward and backward), allocate every array
     * outside themselves until then and reallocate (zeroing fresh memory) when a later step needs more, so a
     * step timed earlier measures that start (up to 2x slower at 112x112), not a training run's steady state.
     */
    static final int WARMUP_STEPS = 4;

    private RooflineBench() {
    }

    public static void main(String[] args) throws Exception {
        NativeBuild.choose(); // the product's ND4J build (or -Dfacelfs.native), before ND4J loads
        double budget = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        int[] threads = Arrays.stream((args.length > 1 ? args[1] : "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> models = args.length > 2 ? Arrays.asList(args).subList(2, args.length)
                : List.of("SMALL_CNN:1x32x32:64", "SMALL_CNN:1x112x112:64");
        StringBuilder out = new StringBuilder();
        out.append(machine()).append("\n");
        out.append(NativeHelpers.buildLine()).append("\n");
        out.append("DL4J helpers: ").append(HELPERS.equals("dl4j") ? "as DL4J chose them"
                : "set by hand (-Dfacelfs.bench.helpers=" + HELPERS + ")").append("; cache mode ").append(HELPERS.equals("product") && System.getProperty("facelfs.bench.cacheMode") == null
                        ? "NativeKernels' rule (DEVICE up to 10 M parameters on oneDNN), DL4J updater on its standard path"
                        : CACHE_MODE).append("\n");
        Map<String, String> helpers = new LinkedHashMap<>();
        out.append("| threads | measurement | median | GFLOP/s | of sgemm 2048³ | load avg |\n|---|---|---|---|---|---|\n");
        StringBuilder profile = new StringBuilder("| threads | model | part | ms per step | share of fit step |\n|---|---|---|---|---|\n");
        for (int t : threads) {
            Threads.limit(t);
            double sgemm1024 = sgemm(1024, 7);
            double sgemm2048 = sgemm(2048, 3);
            double peak = 2.0 * Math.pow(2048, 3) / sgemm2048 / 1e9;
            out.append(row(t, "sgemm 1024³ float", 2.0 * Math.pow(1024, 3) / sgemm1024 / 1e9, sgemm1024, peak));
            out.append(row(t, "sgemm 2048³ float", peak, sgemm2048, peak));
            for (String m : models) {
                String[] p = m.split(":");
                String[] s = p[1].split("x");
                ImageShape shape = new ImageShape(Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2]));
                int batch = Integer.parseInt(p[2]);
                Map<String, Double> parts = new LinkedHashMap<>();
                double step = trainingStep(BackboneKind.valueOf(p[0]), shape, batch, budget, parts, helpers);
                ComputationGraph g = build(BackboneKind.valueOf(p[0]), shape);
                FlopCount flops = FlopCounter.count(g, shape);
                double gflops = flops.trainingStep(batch) / step / 1e9;
                String name = String.format(Locale.ROOT, "train step %s %s batch %d (%.2f GFLOP, %.0f img/s)", p[0], p[1],
                        batch, flops.trainingStep(batch) / 1e9, batch / step);
                out.append(row(t, name, gflops, step, peak));
                for (Map.Entry<String, Double> e : parts.entrySet()) {
                    profile.append(String.format(Locale.ROOT, "| %d | %s %s b%d | %s | %.1f | %.0f %% |%n", t, p[0], p[1], batch,
                            e.getKey(), 1e3 * e.getValue(), 100 * e.getValue() / step));
                }
                System.err.println(out);
                System.err.println(helpers);
                System.err.println(profile);
            }
        }
        helpers.forEach((model, h) -> out.append("Helpers in use, ").append(model).append(": ").append(h).append("\n"));
        System.out.println(out);
        System.out.println();
        System.out.println(profile);
    }

    /** A table row; {@code peak} is the sgemm 2048³ GFLOP/s at the same thread count. */
    private static String row(int threads, String what, double gflops, double seconds, double peak) {
        return String.format(Locale.ROOT, "| %d | %s | %.3f s | %.2f | %.1f %% | %.2f |%n", threads, what, seconds, gflops,
                100 * gflops / peak, load());
    }

    /** Median seconds of one {@code n x n x n} float gemm after a warm-up. */
    static double sgemm(int n, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        return median(repeats, () -> {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            return (System.nanoTime() - t0) / 1e9;
        }, 1);
    }

    static ComputationGraph build(BackboneKind kind, ImageShape shape) {
        BackboneSpec spec = kind == BackboneKind.SMALL_CNN ? BackboneSpec.smallCnn(shape, 128)
                : new BackboneSpec(kind, 512, shape, BackboneSpec.IRESNET_WIDTHS, 0);
        return InitialModel.build(spec, CLASSES, new LossSpec.CosFace(32, 0.35), optimizer(), 42);
    }

    static Optimizer optimizer() {
        return new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));
    }

    /**
     * Median seconds of a fit step; fills {@code parts} with the profile (seconds per step) and
     * {@code helpers} with the DL4J helper of each layer type, read after the timed steps.
     */
    static double trainingStep(BackboneKind kind, ImageShape shape, int batch, double budget, Map<String, Double> parts,
            Map<String, String> helpers) {
        ComputationGraph g = build(kind, shape);
        if (HELPERS.equals("product")) {
            NativeKernels.useOnednnIfLoaded(g);
            OwnGradientUpdater.install(g); // as StartingPoint does for every candidate
        } else if (!HELPERS.equals("dl4j")) {
            NativeKernels.installOnednnHelpers(g, !HELPERS.equals("onednn-bn"), !HELPERS.equals("onednn-conv"));
        }
        if (!HELPERS.equals("product") || System.getProperty("facelfs.bench.cacheMode") != null) {
            g.getConfiguration().setCacheMode(CACHE_MODE); // product: NativeKernels' rule unless asked otherwise
            g.setCacheMode(CACHE_MODE);
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, shape.channels(), shape.height(), shape.width()).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, (i * 37) % CLASSES, 1);
        }
        int repeats = 1 + (int) Math.max(0, budget / 10);
        double fit = median(repeats, () -> time(() -> g.fit(new INDArray[] {x}, new INDArray[] {y})), WARMUP_STEPS);
        double grad = median(repeats, () -> time(() -> {
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        }), 0);
        Map<String, Double> forward = forwardByType(g, x);
        double fwd = forward.values().stream().mapToDouble(Double::doubleValue).sum();
        forward.forEach((type, sec) -> parts.put("forward: " + type, sec));
        parts.put("backward (fwd+bwd − fwd)", grad - fwd);
        parts.put("optimizer + bookkeeping (fit − fwd+bwd)", fit - grad);
        parts.put("margin head alone, fit (fwd+bwd+update)", headStep(g, batch, repeats));
        parts.put("batch assembly (FaceBatchIterator, cached images)", batchAssembly(shape, batch));
        helpers.put(kind + " " + shape.channels() + "x" + shape.height() + "x" + shape.width(),
                NativeHelpers.helpersByLayerType(g).toString());
        return fit;
    }

    /** Seconds per type of vertex in one training-mode forward pass (output layer excluded). */
    static Map<String, Double> forwardByType(ComputationGraph g, INDArray x) {
        Map<String, Double> byType = new LinkedHashMap<>();
        for (int rep = 0; rep < 2; rep++) { // the first pass warms up, the second is kept
            byType.clear();
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            GraphVertex[] vertices = g.getVertices();
            INDArray[] acts = new INDArray[vertices.length];
            for (int idx : g.topologicalSortOrder()) {
                GraphVertex v = vertices[idx];
                if (v.isInputVertex()) {
                    acts[idx] = x;
                    continue;
                }
                if (v.isOutputVertex()) {
                    continue;
                }
                VertexIndices[] in = v.getInputVertices();
                for (int i = 0; i < in.length; i++) {
                    v.setInput(i, acts[in[i].getVertexIndex()], mgr);
                }
                long t0 = System.nanoTime();
                acts[idx] = v.doForward(true, mgr);
                double sec = (System.nanoTime() - t0) / 1e9;
                String type = v.hasLayer() ? v.getLayer().conf().getLayer().getClass().getSimpleName()
                        : v.getClass().getSimpleName();
                byType.merge(type, sec, Double::sum);
            }
        }
        return byType;
    }

    /** A graph of only the margin head on the backbone's embeddings: its fit step. */
    static double headStep(ComputationGraph backbone, int batch, int repeats) {
        int dim = (int) backbone.getLayer(org.facelfs.model.Backbones.HEAD).getParam("W").size(0);
        var conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Nesterovs(0.1, 0.9)).graphBuilder()
                .addInputs("e").setInputTypes(InputType.feedForward(dim))
                .addLayer("margin", new MarginSoftmaxOutputLayer.Builder().nIn(dim).nOut(CLASSES)
                        .spec(new LossSpec.CosFace(32, 0.35)).build(), "e")
                .setOutputs("margin").build();
        ComputationGraph head = new ComputationGraph(conf);
        head.init();
        INDArray e = Nd4j.rand(DataType.FLOAT, batch, dim);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, CLASSES);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, (i * 37) % CLASSES, 1);
        }
        return median(Math.max(5, repeats), () -> time(() -> head.fit(new INDArray[] {e}, new INDArray[] {y})), 2);
    }

    /** Seconds per minibatch of shuffled, flipped batches from decoded images held in memory. */
    static double batchAssembly(ImageShape shape, int batch) {
        SyntheticFaces synth = SyntheticFaces.builder().identities(50).imagesPerIdentity(8).shape(shape).seed(3).build();
        float[][] cached = new float[synth.size()][];
        for (int i = 0; i < cached.length; i++) {
            cached[i] = synth.image(i);
        }
        FaceDataset data = new FaceDataset() {
            public ImageShape shape() { return shape; }
            public int size() { return cached.length; }
            public int label(int i) { return synth.label(i); }
            public List<String> classNames() { return synth.classNames(); }
            public float[] image(int i) { return cached[i]; }
            public String fingerprint() { return "cached"; }
        };
        FaceBatchIterator it = FaceBatchIterator.builder(data).batchSize(batch).seed(1).flip(true).build();
        List<Double> times = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            if (!it.hasNext()) {
                it.reset();
            }
            long t0 = System.nanoTime();
            it.next();
            times.add((System.nanoTime() - t0) / 1e9);
        }
        return median(times);
    }

    static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(int repeats, DoubleSupplier one, int warmups) {
        for (int i = 0; i < warmups; i++) {
            one.getAsDouble();
        }
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            v.add(one.getAsDouble());
        }
        return median(v);
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    static String machine() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        return String.format(Locale.ROOT, "Machine: nproc %d, CPU %s, Java %s, ND4J %s; started %s, load average %s",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.version"),
                Nd4j.getBackend().getClass().getSimpleName(), Instant.now(), Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
