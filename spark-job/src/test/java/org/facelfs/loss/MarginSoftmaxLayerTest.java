package org.facelfs.loss;

import static org.facelfs.loss.MarginCases.CLASSES;
import static org.facelfs.loss.MarginCases.DIM;
import static org.facelfs.loss.MarginCases.TARGET_COS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The margin layer against the plain-Java reference (score, dL/dW and dL/dx through the L2
 * normalisations, written out in plain Java here), in a ComputationGraph, through spec changes,
 * SphereFace's λ schedule and a ModelSerializer round trip.
 */
@ExtendWith(DoublePrecision.class)
class MarginSoftmaxLayerTest {

    static Stream<LossSpec> everySpec() {
        return MarginCases.withLargeScale(MarginSoftmaxLayerGradientCheckTest.everySpec());
    }

    /** Score, dL/dW and dL/dx of the layer equal the reference chained through the normalisations. */
    @ParameterizedTest
    @MethodSource("everySpec")
    void layerMatchesPlainJavaReference(LossSpec spec) {
        HeadCase hc = HeadCase.of(spec);
        MarginSoftmaxReference.Result ref = MarginSoftmaxReference.lossAndGradient(hc.head().cos, hc.labels(), spec, 0);
        double[][][] expected = hc.head().backward(ref.dLossDCos());

        assertEquals(ref.meanLoss(), hc.net().score(new DataSet(hc.x(), hc.y())), 1e-12 * Math.max(1, ref.meanLoss()),
                "score");
        Pair<Gradient, INDArray> g = hc.net().calculateGradients(hc.x(), hc.y(), null, null);
        assertClose(expected[0], g.getFirst().getGradientFor("0_W").toDoubleMatrix(), "dL/dW of " + spec);
        assertClose(expected[1], g.getSecond().toDoubleMatrix(), "dL/dx of " + spec);
        double[] perExample = hc.net().scoreExamples(new DataSet(hc.x(), hc.y()), false).toDoubleVector();
        for (int i = 0; i < hc.labels().length; i++) {
            assertEquals(ref.loss()[i], perExample[i], 1e-12 * Math.max(1, ref.loss()[i]), "loss of sample " + i);
        }
    }

    static Stream<LossSpec> statefulSpecs() {
        return MarginCases.statefulSpecs(16);
    }

    /**
     * CurricularFace and AdaFace in the layer: a score without a step is the reference at the spec's
     * statistics; a training step first moves them by the batch (t by 0.01·mean cos θ_y, the norm
     * mean and std by 0.01 of the batch's, computed here by hand) and its gradient is the reference's
     * at the moved statistics; the conf then carries them; the same head given again keeps them.
     */
    @ParameterizedTest
    @MethodSource("statefulSpecs")
    void statefulHeadsMatchTheReferenceAndMoveTheirStatistics(LossSpec spec) {
        HeadCase hc = HeadCase.of(spec);

        PlainHead head = hc.head();
        MarginSoftmaxReference.Result before = MarginSoftmaxReference.lossAndGradient(head.cos, hc.labels(), head.xNorm,
                spec, 0);
        assertEquals(before.meanLoss(), hc.net().score(new DataSet(hc.x(), hc.y())), 1e-12 * Math.max(1, before.meanLoss()),
                "score");

        LossSpec moved = byHand(spec, head, hc.labels());
        MarginSoftmaxReference.Result after = MarginSoftmaxReference.lossAndGradient(head.cos, hc.labels(), head.xNorm,
                moved, 0);
        double[][][] expected = head.backward(after.dLossDCos());
        Pair<Gradient, INDArray> g = hc.net().calculateGradients(hc.x(), hc.y(), null, null);
        LossSpec now = ((MarginSoftmaxOutputLayer) hc.net().getLayer(0).conf().getLayer()).getSpec();
        assertEquals(moved.toString(), now.toString());
        assertClose(expected[0], g.getFirst().getGradientFor("0_W").toDoubleMatrix(), "dL/dW of " + spec);
        assertClose(expected[1], g.getSecond().toDoubleMatrix(), "dL/dx of " + spec);
        assertNotEquals(before.meanLoss(), after.meanLoss());

        MarginHeads.withSpec(hc.net(), spec); // the next round gives the same head: statistics kept
        assertEquals(now, ((MarginSoftmaxOutputLayer) hc.net().getLayer(0).conf().getLayer()).getSpec());
        LossSpec other = spec instanceof LossSpec.CurricularFace ? new LossSpec.CurricularFace(16, 0.4, 0)
                : LossSpec.AdaFace.start(16, 0.3, 0.333);
        MarginHeads.withSpec(hc.net(), other); // another head: its own start
        assertEquals(other, ((MarginSoftmaxOutputLayer) hc.net().getLayer(0).conf().getLayer()).getSpec());
    }

    /** The running update of the official codes, written out: 0.01·batch + 0.99·previous. */
    private static LossSpec byHand(LossSpec spec, PlainHead head, int[] labels) {
        int n = labels.length;
        if (spec instanceof LossSpec.CurricularFace cf) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += head.cos[i][labels[i]] / n;
            }
            return new LossSpec.CurricularFace(cf.scale(), cf.m(), 0.01 * mean + 0.99 * cf.t());
        }
        LossSpec.AdaFace ada = (LossSpec.AdaFace) spec;
        double mean = java.util.Arrays.stream(head.xNorm).average().orElseThrow();
        double var = java.util.Arrays.stream(head.xNorm).map(v -> (v - mean) * (v - mean)).sum() / (n - 1);
        return new LossSpec.AdaFace(ada.scale(), ada.margin(), ada.h(), 0.01 * mean + 0.99 * ada.batchMean(),
                0.01 * Math.sqrt(var) + 0.99 * ada.batchStd());
    }

    /** The output is softmax(s·cos θ) without margin (the prediction); a = 0 trains like normalised softmax. */
    @Test
    void outputIsSoftmaxOfScaledCosineAndAZeroEqualsSoftmax() {
        LossSpec.UnifiedGlobal unified = new LossSpec.UnifiedGlobal(16, 0);
        MultiLayerNetwork net = MarginLayerFixtures.mln(unified, DIM, CLASSES, false, new NoOp(), DataType.DOUBLE);
        int[] labels = MarginLayerFixtures.cyclicLabels(7, CLASSES);
        INDArray x = MarginLayerFixtures.embeddingsWithTargetCos(net.getLayer(0).getParam("W"), labels,
                TARGET_COS, 2);
        INDArray y = MarginLayerFixtures.oneHot(labels, CLASSES, DataType.DOUBLE);
        PlainHead head = new PlainHead(x.toDoubleMatrix(), net.getLayer(0).getParam("W").toDoubleMatrix());
        double[][] out = net.output(x).toDoubleMatrix();
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (double c : head.cos[i]) {
                sum += Math.exp(16 * c);
            }
            for (int j = 0; j < CLASSES; j++) {
                assertEquals(Math.exp(16 * head.cos[i][j]) / sum, out[i][j], 1e-12);
            }
        }
        double unifiedScore = net.score(new DataSet(x, y));
        Gradient unifiedGrad = net.calculateGradients(x, y, null, null).getFirst();
        MarginHeads.withSpec(net, new LossSpec.Softmax(16));
        assertEquals(unifiedScore, net.score(new DataSet(x, y)), 1e-13);
        assertClose(unifiedGrad.getGradientFor("0_W").toDoubleMatrix(),
                net.calculateGradients(x, y, null, null).getFirst().getGradientFor("0_W").toDoubleMatrix(), "a = 0 vs softmax");
    }

    /** In float32 with s = 64, a = -1e4, exact ±1 cosines and huge logits: finite score and gradients. */
    @Test
    void noNanOrInfInFloatAtTheEdges() {
        for (LossSpec spec : new LossSpec[] {new LossSpec.UnifiedGlobal(64, -1e4), new LossSpec.ArcFace(64, 0.5),
                new LossSpec.SphereFace(64, 4, 0.1, 0, 1, 0), new LossSpec.Combined(64, 1.35, 0.1, 0.2),
                new LossSpec.UnifiedGlobal(1e5, -1e4), new LossSpec.AmLfs(64, java.util.List.of(0.0, 1.0), java.util.List.of(0.0, -0.5))}) {
            MultiLayerNetwork net = MarginLayerFixtures.mln(spec, 4, 4, false, new NoOp(), DataType.FLOAT);
            INDArray w = Nd4j.createFromArray(new float[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
            net.getLayer(0).setParam("W", w);
            // rows: exactly on the target (cos_y = 1, p → 1), exactly opposite (cos_y = -1, p → 0), a zero vector
            INDArray x = Nd4j.createFromArray(new float[][] {{3, 0, 0, 0}, {-2, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}});
            INDArray y = MarginLayerFixtures.oneHot(new int[] {0, 0, 0, 1}, 4, DataType.FLOAT);
            double score = net.score(new DataSet(x, y));
            Pair<Gradient, INDArray> g = net.calculateGradients(x, y, null, null);
            assertTrue(Double.isFinite(score), spec + " score " + score);
            double[][] cos = {{1, 0, 0, 0}, {-1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}};
            double expected = MarginSoftmaxReference.lossAndGradient(cos, new int[] {0, 0, 0, 1}, spec, 0).meanLoss();
            assertEquals(expected, score, 1e-5 * Math.max(1, expected), spec + " score vs reference");
            assertTrue(allFinite(g.getFirst().getGradientFor("0_W")), spec + " dL/dW");
            assertTrue(allFinite(g.getSecond()), spec + " dL/dx");
            assertTrue(allFinite(net.output(x)), spec + " output");
        }
    }

    /**
     * issue 19: s = 32, cos θ = [0.9, 0.35, 0.35, 0.35], y = 0, a = -1e4 in FLOAT. The off-target
     * terms e^{z_j - z_max} ≈ 2.3e-8 vanish in a float sum with the target's 1.0, so a log p taken
     * from that sum is 0 and the target gradient 0 while the off-target ones stay (w ≈ 1e4). The
     * layer takes 1 - p from the off-target terms: dL/dcos (recovered from the layer's dL/dW) sums
     * to ~0 over the classes, its target entry matches the double reference, and so does the loss.
     */
    @Test
    void oneMinusPIsExactInFloatWhenPRoundsToOne() {
        LossSpec spec = new LossSpec.UnifiedGlobal(32, -1e4);
        double[] cosY = {0.9, 0.35, 0.35, 0.35};
        MultiLayerNetwork net = MarginLayerFixtures.mln(spec, 4, 4, false, new NoOp(), DataType.FLOAT);
        // unit columns w_j with first coordinate cos_j; x = e_0, so cos_j = w_0j
        float[][] w = new float[4][4];
        for (int j = 0; j < 4; j++) {
            w[0][j] = (float) cosY[j];
        }
        w[1][0] = (float) Math.sqrt(1 - 0.81);
        w[2][1] = (float) Math.sqrt(1 - 0.35 * 0.35);
        w[3][2] = (float) Math.sqrt(1 - 0.35 * 0.35);
        w[2][3] = (float) -Math.sqrt(1 - 0.35 * 0.35);
        net.getLayer(0).setParam("W", Nd4j.createFromArray(w));
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 0, 0, 0}});
        INDArray y = MarginLayerFixtures.oneHot(new int[] {0}, 4, DataType.FLOAT);

        PlainHead head = new PlainHead(x.castTo(DataType.DOUBLE).toDoubleMatrix(),
                net.getLayer(0).getParam("W").castTo(DataType.DOUBLE).toDoubleMatrix());
        MarginSoftmaxReference.Result ref = MarginSoftmaxReference.lossAndGradient(head.cos, new int[] {0}, spec, 0);
        double[] expected = ref.dLossDCos()[0];
        assertTrue(expected[0] < -0.02 && expected[0] > -0.023, "reference target gradient " + expected[0]);

        double[][] dW = net.calculateGradients(x, y, null, null).getFirst().getGradientFor("0_W")
                .castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] dCos = new double[4];
        double sum = 0;
        for (int j = 0; j < 4; j++) {
            // dL/dW_j = G_j / r_j · (x̂ - cos_j ŵ_j), so x̂ · dL/dW_j = G_j (1 - cos_j²) / r_j
            dCos[j] = dW[0][j] * head.wNorm[j] / (1 - head.cos[0][j] * head.cos[0][j]);
            sum += dCos[j];
        }
        assertEquals(expected[0], dCos[0], 1e-3 * Math.abs(expected[0]), "target gradient");
        for (int j = 1; j < 4; j++) {
            assertEquals(expected[j], dCos[j], 1e-3 * Math.abs(expected[j]), "gradient of class " + j);
        }
        assertEquals(0, sum, 1e-3 * Math.abs(expected[0]), "gradients across classes must sum to ~0: " + sum);
        double score = net.score(new DataSet(x, y));
        assertTrue(Double.isFinite(score));
        assertEquals(ref.loss()[0], score, 1e-3 * ref.loss()[0], "loss");
    }

    /** The backbone helper's shape: input → "embedding" → "margin"; training lowers the loss. */
    @Test
    void trainsInsideAComputationGraph() {
        ComputationGraph net = MarginLayerFixtures.graph(new LossSpec.CosFace(16, 0.2), 8, DIM, CLASSES, new Nesterovs(0.05, 0.9));
        DataSet data = toyData(48, 8, 1);
        double before = net.score(data);
        for (int i = 0; i < 30; i++) {
            net.fit(data);
        }
        double after = net.score(data);
        assertTrue(after < 0.5 * before, "loss must fall: " + before + " -> " + after);
        assertEquals(30, net.getConfiguration().getIterationCount());
    }

    /**
     * MarginHeads.withSpec changes the loss in place: params, updater state and iteration count
     * unchanged, the next score is the new spec's, and the network's JSON carries it.
     */
    @Test
    void withSpecChangesTheLossAndKeepsWeightsAndUpdaterState() {
        ComputationGraph net = MarginLayerFixtures.graph(new LossSpec.CosFace(16, 0.2), 8, DIM, CLASSES, new Adam(0.01));
        DataSet data = toyData(24, 8, 2);
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        INDArray params = net.params().dup();
        INDArray state = net.getUpdater().getStateViewArray().dup();
        double cosFaceScore = net.score(data);

        LossSpec arc = new LossSpec.ArcFace(16, 0.5);
        assertTrue(net == MarginHeads.withSpec(net, "margin", arc));

        assertEquals(arc, MarginHeads.spec(net, "margin"));
        assertEquals(params, net.params());
        assertEquals(state, net.getUpdater().getStateViewArray());
        assertEquals(3, net.getConfiguration().getIterationCount());
        assertTrue(net.getConfiguration().toJson().contains("arcface"));
        double arcScore = net.score(data);
        assertEquals(referenceScore(net, data, arc, 0), arcScore, 1e-12);
        assertNotEquals(cosFaceScore, arcScore);
        net.fit(data);
        assertEquals(4, net.getConfiguration().getIterationCount());
        assertNotEquals(params, net.params());
    }

    /**
     * issue 19: insightface's ArcFace (1.0, 0.5, 0.0) and CosFace (1.0, 0.0, 0.4), given in the
     * insightface form, train exactly the direct ArcFace / CosFace losses: same scores, gradients
     * and weights, step for step.
     */
    @Test
    void insightfaceFormTrainsExactlyTheDirectLoss() {
        String[][] pairs = {
            {"{\"type\":\"combined\",\"scale\":32,\"insightface\":[1.0,0.5,0.0]}", "{\"type\":\"arcface\",\"scale\":32,\"angular-margin\":0.5}"},
            {"{\"type\":\"combined\",\"scale\":32,\"insightface\":[1.0,0.0,0.4]}", "{\"type\":\"cosface\",\"scale\":32,\"cosine-margin\":0.4}"},
        };
        DataSet data = toyData(24, 8, 6);
        for (String[] pair : pairs) {
            ComputationGraph insightface = MarginLayerFixtures.graph(LossSpecJson.read(pair[0]), 8, DIM, CLASSES, new Adam(0.01));
            ComputationGraph direct = MarginLayerFixtures.graph(LossSpecJson.read(pair[1]), 8, DIM, CLASSES, new Adam(0.01));
            assertEquals(direct.params(), insightface.params());
            for (int step = 0; step < 3; step++) {
                INDArray a = gradientOf(insightface, data);
                INDArray b = gradientOf(direct, data);
                assertEquals(direct.score(), insightface.score(), 0.0, pair[0] + " score at step " + step);
                assertEquals(b, a, pair[0] + " gradient at step " + step);
                insightface.fit(data);
                direct.fit(data);
                assertEquals(direct.params(), insightface.params(), pair[0] + " weights after step " + step);
            }
        }
    }

    private static INDArray gradientOf(ComputationGraph net, DataSet data) {
        net.setInputs(data.getFeatures());
        net.setLabels(data.getLabels());
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    /** SphereFace's λ = max(λmin, base (1 + γ t)^-power) follows the network's iteration count t. */
    @Test
    void sphereFaceLambdaFollowsTheIterationCount() {
        LossSpec.SphereFace spec = new LossSpec.SphereFace(8, 4, 100, 1, 1, 0); // λ(t) = 100 / (1 + t)
        ComputationGraph net = MarginLayerFixtures.graph(spec, 8, DIM, CLASSES, new Nesterovs(0.01, 0.9));
        DataSet data = toyData(24, 8, 3);
        for (int t = 0; t < 4; t++) {
            double expected = referenceScore(net, data, spec, t); // params before this step, λ(t)
            net.fit(data); // scored at iteration t, before the count is incremented
            assertEquals(expected, net.score(), 1e-12, "iteration " + t);
        }
        assertNotEquals(referenceScore(net, data, spec, 0), referenceScore(net, data, spec, 3));
    }

    /** ModelSerializer round trip: identical params, updater state, outputs, spec, and the same next step. */
    @Test
    void modelSerializerRoundTripKeepsEverything(@TempDir Path dir) throws Exception {
        LossSpec spec = new LossSpec.SphereFace(8, 3, 50, 0.5, 2, 1);
        ComputationGraph net = MarginLayerFixtures.graph(spec, 8, DIM, CLASSES, new Adam(0.01));
        DataSet data = toyData(24, 8, 4);
        net.fit(data);
        net.fit(data);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(spec, MarginHeads.spec(back, "margin"));
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(net.outputSingle(data.getFeatures()), back.outputSingle(data.getFeatures()));
        assertEquals(net.getConfiguration(), back.getConfiguration());
        net.fit(data);
        back.fit(data);
        assertEquals(net.params(), back.params());
        assertEquals(net.score(), back.score(), 0.0);

        ComputationGraph copy = net.clone(); // what ParallelWrapper and the trainers do
        assertEquals(spec, MarginHeads.spec(copy, "margin"));
        assertEquals(net.outputSingle(data.getFeatures()), copy.outputSingle(data.getFeatures()));
        MarginHeads.withSpec(copy, "margin", new LossSpec.CosFace(8, 0.1));
        assertEquals(spec, MarginHeads.spec(net, "margin"), "a clone's spec is its own");

        ComputationGraphConfiguration json = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertEquals(net.getConfiguration(), json);
        MultiLayerConfiguration mlnConf = MarginLayerFixtures.mln(spec, DIM, CLASSES, false, new NoOp(), DataType.DOUBLE)
                .getLayerWiseConfigurations();
        assertEquals(mlnConf, MultiLayerConfiguration.fromJson(mlnConf.toJson()));
    }

    private static double referenceScore(ComputationGraph net, DataSet data, LossSpec spec, long iteration) {
        INDArray embedding = net.feedForward(data.getFeatures(), false).get("embedding");
        PlainHead head = new PlainHead(embedding.toDoubleMatrix(), net.getLayer("margin").getParam("W").toDoubleMatrix());
        int[] labels = data.getLabels().argMax(1).toIntVector();
        return MarginSoftmaxReference.lossAndGradient(head.cos, labels, spec, iteration).meanLoss();
    }

    /** Points around one random centre per class: a learnable toy problem. */
    static DataSet toyData(int n, int inputs, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double[][] centres = new double[CLASSES][inputs];
        for (double[] c : centres) {
            for (int k = 0; k < inputs; k++) {
                c[k] = rnd.nextGaussian();
            }
        }
        int[] labels = MarginLayerFixtures.cyclicLabels(n, CLASSES);
        INDArray x = Nd4j.create(DataType.DOUBLE, n, inputs);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < inputs; k++) {
                x.putScalar(i, k, centres[labels[i]][k] + 0.3 * rnd.nextGaussian());
            }
        }
        return new DataSet(x, MarginLayerFixtures.oneHot(labels, CLASSES, DataType.DOUBLE));
    }

    private static boolean allFinite(INDArray a) {
        for (double v : a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static void assertClose(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual[i][j], 1e-10 * Math.max(1, Math.abs(expected[i][j])),
                        what + " [" + i + "," + j + "]");
            }
        }
    }

    /** The margin layer alone on TARGET_COS's embeddings (seed 9), with its plain-Java twin. */
    record HeadCase(MultiLayerNetwork net, int[] labels, INDArray x, INDArray y, PlainHead head) {
        static HeadCase of(LossSpec spec) {
            MultiLayerNetwork net = MarginLayerFixtures.mln(spec, DIM, CLASSES, false, new NoOp(), DataType.DOUBLE);
            int[] labels = MarginLayerFixtures.cyclicLabels(TARGET_COS.length, CLASSES);
            INDArray w = net.getLayer(0).getParam("W");
            INDArray x = MarginLayerFixtures.embeddingsWithTargetCos(w, labels, TARGET_COS, 9);
            return new HeadCase(net, labels, x, MarginLayerFixtures.oneHot(labels, CLASSES, DataType.DOUBLE),
                    new PlainHead(x.toDoubleMatrix(), w.toDoubleMatrix()));
        }
    }

    /**
     * The normalised head in plain Java: cos = x̂·Ŵ, and the chain rule from dL/dcos back to the raw
     * W and x (gradients of the summed loss, as DL4J's layers return them).
     */
    static final class PlainHead {
        final double[][] x;
        final double[][] w;
        final double[][] cos;
        final double[] xNorm;
        final double[] wNorm;

        PlainHead(double[][] x, double[][] w) {
            this.x = x;
            this.w = w;
            int n = x.length;
            int d = w.length;
            int c = w[0].length;
            xNorm = new double[n];
            wNorm = new double[c];
            for (int i = 0; i < n; i++) {
                xNorm[i] = Math.sqrt(dot(x[i], x[i]));
            }
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += w[k][j] * w[k][j];
                }
                wNorm[j] = Math.sqrt(s);
            }
            cos = new double[n][c];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < c; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        s += x[i][k] * w[k][j];
                    }
                    cos[i][j] = xNorm[i] == 0 ? 0 : s / (xNorm[i] * wNorm[j]);
                }
            }
        }

        /** {dL/dW [d][C], dL/dx [n][d]} from dL/dcos. */
        double[][][] backward(double[][] dCos) {
            int n = x.length;
            int d = w.length;
            int c = w[0].length;
            double[][] dW = new double[d][c];
            double[][] dX = new double[n][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < c; j++) {
                    for (int k = 0; k < d; k++) {
                        double wHat = w[k][j] / wNorm[j];
                        double xHat = x[i][k] / xNorm[i];
                        // ∂cos/∂W_kj = (x̂_k - cos ŵ_k)/‖W_j‖,  ∂cos/∂x_k = (ŵ_k - cos x̂_k)/‖x‖
                        dW[k][j] += dCos[i][j] * (xHat - cos[i][j] * wHat) / wNorm[j];
                        dX[i][k] += dCos[i][j] * (wHat - cos[i][j] * xHat) / xNorm[i];
                    }
                }
            }
            return new double[][][] {dW, dX};
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int k = 0; k < a.length; k++) {
                s += a[k] * b[k];
            }
            return s;
        }
    }
}
