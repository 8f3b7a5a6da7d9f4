package org.facelfs.loss;

import static org.facelfs.loss.MarginCases.CLASSES;
import static org.facelfs.loss.MarginCases.DIM;
import static org.facelfs.loss.MarginCases.TARGET_COS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's GradientCheckUtil (central differences on every parameter, double precision) on an
 * identity-like dense layer followed by the margin layer, so both dL/dW and the epsilon passed
 * back to the embedding are checked. The embeddings are built so that the target cosines visit
 * every region: ArcFace's θ + m > π fallback (cos_y ≈ -0.91, -0.97 < -cos 0.5), SphereFace's
 * k = 0..3, piecewise bins 0, 1 and 4 at s = 4.
 */
@ExtendWith(DoublePrecision.class)
class MarginSoftmaxLayerGradientCheckTest {

    /** Scale 8 (AM-LFS at 4) keeps the double-precision central differences accurate. */
    static Stream<LossSpec> everySpec() {
        return MarginCases.everySpec(8, 4);
    }

    @ParameterizedTest
    @MethodSource("everySpec")
    void gradientCheckPassesForEverySpec(LossSpec spec) {
        MultiLayerNetwork net = MarginLayerFixtures.mln(spec, DIM, CLASSES, true, new NoOp(), DataType.DOUBLE);
        int[] labels = MarginLayerFixtures.cyclicLabels(TARGET_COS.length, CLASSES);
        INDArray x = MarginLayerFixtures.embeddingsWithTargetCos(net.getLayer(1).getParam("W"), labels, TARGET_COS, 3);
        INDArray y = MarginLayerFixtures.oneHot(labels, CLASSES, DataType.DOUBLE);
        if (spec instanceof LossSpec.UnifiedPiecewise piecewise) {
            double[] p = pTarget(net.output(x), labels);
            long bins = Arrays.stream(p).mapToInt(piecewise::bin).distinct().count();
            assertTrue(bins >= 3, "samples must fall in several bins: p = " + Arrays.toString(p));
        }
        double[] targetCos = targetCosines(net, x, labels);
        if (spec instanceof LossSpec.ArcFace arc) {
            assertTrue(Arrays.stream(targetCos).anyMatch(c -> c < -Math.cos(arc.m3())),
                    "some samples must lie in the θ + m > π fallback region: " + Arrays.toString(targetCos));
        }
        if (spec instanceof LossSpec.SphereFace sphere) {
            assertTrue(Arrays.stream(targetCos).map(c -> TargetMargin.sphereK(sphere.m1(), c)).distinct().count() >= 3,
                    "samples must visit k = 0, 1, 2, ...: " + Arrays.toString(targetCos));
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed for " + spec);
    }

    static Stream<LossSpec> statefulSpecs() {
        return MarginCases.statefulSpecs(8);
    }

    /**
     * CurricularFace and AdaFace: the step updates their running statistics first, and the check's
     * perturbed scores use the updated ones, as the analytic gradient does. AdaFace treats the
     * embedding norm as a constant (the official code detaches it), so its check perturbs W only
     * (embeddings are the input); CurricularFace's goes through the dense layer too.
     */
    @ParameterizedTest
    @MethodSource("statefulSpecs")
    void gradientCheckPassesForTheStatefulHeads(LossSpec spec) {
        boolean dense = !(spec instanceof LossSpec.AdaFace);
        MultiLayerNetwork net = MarginLayerFixtures.mln(spec, DIM, CLASSES, dense, new NoOp(), DataType.DOUBLE);
        int[] labels = MarginLayerFixtures.cyclicLabels(TARGET_COS.length, CLASSES);
        INDArray x = MarginLayerFixtures.embeddingsWithTargetCos(net.getLayer(dense ? 1 : 0).getParam("W"), labels,
                TARGET_COS, 3);
        INDArray y = MarginLayerFixtures.oneHot(labels, CLASSES, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed for " + spec);
        LossSpec after = ((MarginSoftmaxOutputLayer) net.getLayer(dense ? 1 : 0).conf().getLayer()).getSpec();
        assertTrue(!after.equals(spec), "the step must have moved the running statistics: " + after);
    }

    /** cos θ_y of each sample, from the dense layer's output and the margin layer's W, in plain Java. */
    static double[] targetCosines(MultiLayerNetwork net, INDArray x, int[] labels) {
        INDArray embedding = net.feedForward(x, false).get(1);
        MarginSoftmaxLayerTest.PlainHead head = new MarginSoftmaxLayerTest.PlainHead(
                embedding.toDoubleMatrix(), net.getLayer(1).getParam("W").toDoubleMatrix());
        double[] c = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            c[i] = head.cos[i][labels[i]];
        }
        return c;
    }

    static double[] pTarget(INDArray probabilities, int[] labels) {
        double[] p = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            p[i] = probabilities.getDouble(i, labels[i]);
        }
        return p;
    }
}
