package org.facelfs.loss;

import static org.facelfs.loss.MarginCases.CLASSES;
import static org.facelfs.loss.MarginCases.TARGET_COS;
import static org.facelfs.loss.MarginCases.TEN_BINS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The formulas of DESIGN.md §1.1 on the plain-Java reference: finite-difference gradients, the
 * unified form equal to every direct margin, a = 0 as normalised softmax, Table 3's ordering of the
 * gradient weight, and finiteness at the edges.
 */
class MarginSoftmaxReferenceTest {

    /** Cosine rows with the given target cosines and random others; labels cycle over the classes. */
    static double[][] cosines(double[] targetCos, int[] labels, long seed) {
        Random rnd = new Random(seed);
        double[][] cos = new double[targetCos.length][CLASSES];
        for (int i = 0; i < targetCos.length; i++) {
            labels[i] = i % CLASSES;
            for (int j = 0; j < CLASSES; j++) {
                cos[i][j] = j == labels[i] ? targetCos[i] : 2 * rnd.nextDouble() - 1;
            }
        }
        return cos;
    }

    static Stream<LossSpec> everySpec() {
        return MarginCases.withLargeScale(MarginCases.everySpec(16, 16));
    }

    @ParameterizedTest
    @MethodSource("everySpec")
    void analyticGradientMatchesCentralDifferences(LossSpec spec) {
        int[] labels = new int[TARGET_COS.length];
        double[][] cos = cosines(TARGET_COS, labels, 7);
        MarginSoftmaxReference.Result r = MarginSoftmaxReference.lossAndGradient(cos, labels, spec, 0);
        double h = 1e-6;
        for (int i = 0; i < cos.length; i++) {
            for (int j = 0; j < CLASSES; j++) {
                double keep = cos[i][j];
                cos[i][j] = keep + h;
                double up = MarginSoftmaxReference.lossAndGradient(cos, labels, spec, 0).loss()[i];
                cos[i][j] = keep - h;
                double down = MarginSoftmaxReference.lossAndGradient(cos, labels, spec, 0).loss()[i];
                cos[i][j] = keep;
                double numeric = (up - down) / (2 * h);
                double analytic = r.dLossDCos()[i][j];
                assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)),
                        spec + " sample " + i + " class " + j);
            }
        }
    }

    @Test
    void piecewiseSamplesFallInSeveralBins() {
        LossSpec.UnifiedPiecewise spec = new LossSpec.UnifiedPiecewise(4, TEN_BINS);
        int[] labels = new int[TARGET_COS.length];
        double[][] cos = cosines(TARGET_COS, labels, 7);
        long bins = java.util.Arrays.stream(probabilities(cos, labels, spec.scale())).mapToInt(spec::bin).distinct().count();
        assertTrue(bins >= 3, "samples must cover several bins for the gradient check to mean something: " + bins);
    }

    static Stream<LossSpec> directMargins() {
        return Stream.of(
                new LossSpec.CosFace(32, 0.35),
                new LossSpec.ArcFace(32, 0.5),
                new LossSpec.ArcFace(64, 0.5),
                new LossSpec.SphereFace(32, 4, 0.1, 0, 1, 0),
                new LossSpec.SphereFace(32, 2, 5, 0, 1, 0),
                new LossSpec.Combined(32, 1.0, 0.2, 0.3),
                new LossSpec.Combined(32, 1.35, 0.1, 0.2));
    }

    /** DESIGN.md §1.1: a = 1 - e^{s[cos θ_y - f]} in the unified form gives the direct margin's loss and gradient. */
    @ParameterizedTest
    @MethodSource("directMargins")
    void unifiedFormWithEquivalentFactorEqualsDirectMargin(LossSpec spec) {
        int[] labels = new int[TARGET_COS.length];
        double[][] cos = cosines(TARGET_COS, labels, 11);
        TargetMargin margin = TargetMargin.of(spec, 0);
        double[] a = new double[cos.length];
        double[] dA = new double[cos.length];
        for (int i = 0; i < cos.length; i++) {
            double[] factor = MarginSoftmaxReference.equivalentFactor(margin, spec.scale(), cos[i][labels[i]]);
            a[i] = factor[0];
            dA[i] = factor[1];
        }
        MarginSoftmaxReference.Result direct = MarginSoftmaxReference.lossAndGradient(cos, labels, spec, 0);
        MarginSoftmaxReference.Result unified = MarginSoftmaxReference.unified(cos, labels, spec.scale(), a, dA);
        for (int i = 0; i < cos.length; i++) {
            assertRel(direct.loss()[i], unified.loss()[i], 1e-9, spec + " loss " + i);
            for (int j = 0; j < CLASSES; j++) {
                assertRel(direct.dLossDCos()[i][j], unified.dLossDCos()[i][j], 1e-9, spec + " grad " + i + "," + j);
            }
        }
    }

    @Test
    void unifiedWithAZeroIsNormalisedSoftmax() {
        int[] labels = new int[TARGET_COS.length];
        double[][] cos = cosines(TARGET_COS, labels, 3);
        double s = 30;
        MarginSoftmaxReference.Result unified =
                MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.UnifiedGlobal(s, 0), 0);
        MarginSoftmaxReference.Result softmax =
                MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.Softmax(s), 0);
        MarginSoftmaxReference.Result identityTau =
                MarginSoftmaxReference.lossAndGradient(cos, labels, LossSpec.AmLfs.identity(s, 6), 0);
        for (int i = 0; i < cos.length; i++) {
            double sum = 0;
            for (double c : cos[i]) {
                sum += Math.exp(s * c);
            }
            double textbook = -Math.log(Math.exp(s * cos[i][labels[i]]) / sum);
            assertEquals(textbook, unified.loss()[i], 1e-12 * Math.max(1, textbook));
            assertEquals(textbook, softmax.loss()[i], 1e-12 * Math.max(1, textbook));
            assertEquals(textbook, identityTau.loss()[i], 1e-12 * Math.max(1, textbook));
            for (int j = 0; j < CLASSES; j++) {
                double p = Math.exp(s * cos[i][j]) / sum;
                double expected = s * (p - (j == labels[i] ? 1 : 0));
                assertEquals(expected, unified.dLossDCos()[i][j], 1e-10);
                assertEquals(expected, softmax.dLossDCos()[i][j], 1e-10);
                assertEquals(expected, identityTau.dLossDCos()[i][j], 1e-10);
            }
        }
    }

    /** Table 3: the larger |a|, the larger the gradient weight w on well-classified samples (p near 1). */
    @Test
    void table3LargerAbsAGivesWellClassifiedSamplesMoreGradientWeight() {
        double[] as = {0, -1, -10, -100, -1000, -1e4};
        double[][] cos = {{0.8, 0.1, -0.2, 0.0}};
        int[] labels = {0};
        double s = 16;
        double p = Math.exp(probabilitiesLog(cos, labels, s)[0]);
        assertTrue(p > 0.99, "sample must be well classified, p = " + p);
        double previousWeight = 0;
        double previousGradient = 0;
        for (double a : as) {
            double w = MarginSoftmaxReference.gradientWeight(a, p);
            double gradY = Math.abs(MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.UnifiedGlobal(s, a), 0)
                    .dLossDCos()[0][0]);
            assertTrue(w > previousWeight, "w must grow with |a|: a = " + a + ", w = " + w);
            assertTrue(gradY > previousGradient, "gradient must grow with |a|: a = " + a);
            assertEquals(s * w * (1 - p), gradY, 1e-9 * gradY);
            previousWeight = w;
            previousGradient = gradY;
        }
        // A badly classified sample (p small) keeps w near 1 for every a: the factor acts on easy samples.
        assertEquals(1.0, MarginSoftmaxReference.gradientWeight(-1e4, 1e-3), 1.1e-3);
    }

    static Stream<LossSpec> edgeSpecs() {
        return Stream.concat(everySpec(), Stream.of(
                new LossSpec.ArcFace(64, 0.5), new LossSpec.CosFace(64, 0.35), new LossSpec.UnifiedGlobal(1e6, -1e4),
                new LossSpec.Combined(64, 1.35, 0.1, 0.2), new LossSpec.SphereFace(64, 4, 0.1, 0, 1, 0),
                new LossSpec.AmLfs(64, List.of(0.0, -1.0), List.of(0.0, 0.5))));
    }

    /** cos = ±1 exactly, p → 0 and p → 1, s = 64 and 1e6: loss and gradient stay finite. */
    @ParameterizedTest
    @MethodSource("edgeSpecs")
    void noNanOrInfAtTheEdges(LossSpec spec) {
        double[][] cos = {
            {1, -1, -1, -1},     // p → 1, cos_y = +1 exactly
            {-1, 1, 1, 1},       // p → 0, cos_y = -1 exactly
            {1, 1, 1, 1},        // ties at +1
            {-1, -1, -1, -1},    // ties at -1
            {1 + 1e-7, -1 - 1e-7, 0.3, 0.2}, // rounding past ±1
            {0.999999999, 0.5, 0.2, -0.999999999},
        };
        int[] labels = {0, 0, 0, 0, 0, 0};
        MarginSoftmaxReference.Result r = MarginSoftmaxReference.lossAndGradient(cos, labels, spec, 0);
        for (int i = 0; i < cos.length; i++) {
            assertTrue(Double.isFinite(r.loss()[i]) && r.loss()[i] >= -1e-9 || spec instanceof LossSpec.AmLfs,
                    spec + " loss " + i + " = " + r.loss()[i]);
            assertTrue(Double.isFinite(r.loss()[i]), spec + " loss " + i + " = " + r.loss()[i]);
            for (double g : r.dLossDCos()[i]) {
                assertTrue(Double.isFinite(g), spec + " gradient of sample " + i + " = " + g);
            }
        }
    }

    @Test
    void amLfsGuardReplacesNonPositiveTauByEpsilonP() {
        double logP = Math.log(0.2);
        SampleLoss guarded = SampleLoss.amLfs(1.0, -0.5, logP); // τ(0.2) = -0.3 ≤ 0
        assertEquals(-Math.log(SampleLoss.TAU_FLOOR) - logP, guarded.loss(), 1e-12);
        assertEquals(1.0, guarded.weight());
        SampleLoss linear = SampleLoss.amLfs(0.5, 0.1, logP); // τ = 0.2
        assertEquals(-Math.log(0.2), linear.loss(), 1e-12);
        assertEquals(0.5 * 0.2 / 0.2, linear.weight(), 1e-12);
        SampleLoss underflow = SampleLoss.amLfs(2.0, 0.0, -800); // p = e^-800 underflows, β = 0
        assertEquals(-Math.log(2) + 800, underflow.loss(), 1e-9);
    }

    @Test
    void unifiedFactorIsExactNearPEqualsOne() {
        // p = 1 - 1e-20: 1 - p must not round to 0 (log1p(-a·(1-p)) with a = -1e4 gives ~1e-16).
        double logP = Math.log1p(-1e-20);
        SampleLoss l = SampleLoss.unified(-1e4, -1e-20);
        assertEquals(1e-20 + 1e4 * 1e-20, l.loss(), 1e-30);
        assertEquals(10001.0, l.weight(), 1e-6);
        assertTrue(logP <= 0);
    }

    @Test
    void marginFunctionsHaveTheirTextbookValues() {
        double theta = 1.0;
        assertEquals(Math.cos(theta + 0.5), TargetMargin.of(new LossSpec.ArcFace(1, 0.5), 0).value(Math.cos(theta)), 1e-12);
        double far = 3.0; // θ + m3 > π: fallback cos θ - m3 sin m3
        assertEquals(Math.cos(far) - 0.5 * Math.sin(0.5),
                TargetMargin.of(new LossSpec.ArcFace(1, 0.5), 0).value(Math.cos(far)), 1e-12);
        assertEquals(Math.cos(theta) - 0.35, TargetMargin.of(new LossSpec.CosFace(1, 0.35), 0).value(Math.cos(theta)), 1e-12);
        assertEquals(Math.cos(1.35 * 0.8 + 0.2) - 0.1,
                TargetMargin.of(new LossSpec.Combined(1, 1.35, 0.1, 0.2), 0).value(Math.cos(0.8)), 1e-12);
        // SphereFace m1 = 4, θ = 1.2: k = floor(4·1.2/π) = 1, ψ = -cos(4.8) - 2; blended with λ = 0.1
        double psi = -Math.cos(4 * 1.2) - 2;
        assertEquals(1, TargetMargin.sphereK(4, Math.cos(1.2)));
        assertEquals((0.1 * Math.cos(1.2) + psi) / 1.1,
                TargetMargin.of(new LossSpec.SphereFace(1, 4, 0.1, 0, 1, 0), 0).value(Math.cos(1.2)), 1e-12);
        // λ anneals with the iteration count: base 1000, γ 1e-4, power 2, λmin 5
        LossSpec.SphereFace ref = LossSpec.SphereFace.withReferenceAnnealing(1, 4);
        assertEquals(1000.0, ref.lambda(0), 1e-12);
        assertEquals(1000.0 / 4, ref.lambda(10_000), 1e-9);
        assertEquals(5.0, ref.lambda(10_000_000));
    }

    @Test
    void marginSlopeIsTheDerivativeOfItsValue() {
        List<LossSpec> specs = directMargins().toList();
        double h = 1e-7;
        for (LossSpec spec : specs) {
            TargetMargin m = TargetMargin.of(spec, 0);
            for (double c = -0.995; c < 0.995; c += 0.0173) {
                double numeric = (m.value(c + h) - m.value(c - h)) / (2 * h);
                assertEquals(numeric, m.slope(c), 1e-5 * Math.max(1, Math.abs(numeric)), spec + " at c = " + c);
            }
            // Near ±1 the slope is bounded (tangent continuation), never infinite.
            assertTrue(Double.isFinite(m.slope(1)) && Math.abs(m.slope(1)) < 1e4, spec + " slope at 1");
            assertTrue(Double.isFinite(m.slope(-1)) && Math.abs(m.slope(-1)) < 1e4, spec + " slope at -1");
        }
    }

    /** AM-LFS-t by hand: t(c) = α_j c + β_j on interval j of [-1, 1], L = -log softmax with s·t(c_y) as target. */
    @Test
    void amLfsLogitTransformHasItsTextbookValues() {
        LossSpec.AmLfsLogit spec = new LossSpec.AmLfsLogit(16, MarginCases.T_ALPHA, MarginCases.T_BETA);
        TargetMargin t = TargetMargin.of(spec, 0);
        // six intervals of width 1/3: [-1, -2/3), [-2/3, -1/3), [-1/3, 0), [0, 1/3), [1/3, 2/3), [2/3, 1]
        double[] c = {-0.9, -0.5, -0.1, 0.2, 0.5, 0.95, 0.0, 1.0};
        int[] j = {0, 1, 2, 3, 4, 5, 3, 5};
        for (int i = 0; i < c.length; i++) {
            assertEquals(j[i], spec.interval(c[i]), "interval of " + c[i]);
            assertEquals(MarginCases.T_ALPHA.get(j[i]) * c[i] + MarginCases.T_BETA.get(j[i]), t.value(c[i]), 1e-15);
            assertEquals(MarginCases.T_ALPHA.get(j[i]), t.slope(c[i]));
        }
        double[][] cos = {{0.5, 0.1, -0.3}};
        double zy = 16 * (0.6 * 0.5 + 0.15);
        double expected = -zy + Math.log(Math.exp(zy) + Math.exp(16 * 0.1) + Math.exp(16 * -0.3));
        assertEquals(expected, MarginSoftmaxReference.lossAndGradient(cos, new int[] {0}, spec, 0).loss()[0], 1e-12);
        String formula = LossSpec.AmLfsLogit.identity(16, 6).formula();
        assertTrue(formula.contains("α = [1, 1, 1, 1, 1, 1]"), formula);
        MarginSoftmaxReference.Result identity = MarginSoftmaxReference.lossAndGradient(cos, new int[] {0},
                LossSpec.AmLfsLogit.identity(16, 6), 0);
        MarginSoftmaxReference.Result softmax = MarginSoftmaxReference.lossAndGradient(cos, new int[] {0},
                new LossSpec.Softmax(16), 0);
        assertEquals(softmax.loss()[0], identity.loss()[0], 1e-15);
    }

    /**
     * ElasticFace: row i uses margin m_i of the seeded draw (ArcFace or CosFace at m_i, by hand);
     * σ = 0 is ArcFace / CosFace exactly; draws have mean m and std σ, repeat for the same step and
     * change with the step.
     */
    @Test
    void elasticFaceUsesOneDrawnMarginPerSample() {
        int[] labels = new int[TARGET_COS.length];
        double[][] cos = cosines(TARGET_COS, labels, 5);
        double[] m = ElasticMargins.draw(0.5, 0.05, 3, 17, cos.length);
        MarginSoftmaxReference.Result arc = MarginSoftmaxReference.lossAndGradient(cos, labels,
                new LossSpec.ElasticArc(32, 0.5, 0.05, 3), 17);
        MarginSoftmaxReference.Result cosine = MarginSoftmaxReference.lossAndGradient(cos, labels,
                new LossSpec.ElasticCos(32, 0.5, 0.05, 3), 17);
        for (int i = 0; i < cos.length; i++) {
            double c = cos[i][labels[i]];
            double theta = Math.acos(c);
            double fArc = theta + m[i] <= Math.PI ? Math.cos(theta + m[i]) : c - m[i] * Math.sin(m[i]);
            assertEquals(textbookLoss(cos[i], labels[i], 32, fArc), arc.loss()[i], 1e-9, "arc row " + i);
            assertEquals(textbookLoss(cos[i], labels[i], 32, c - m[i]), cosine.loss()[i], 1e-9, "cos row " + i);
        }
        assertRowsEqual(MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.ArcFace(32, 0.5), 0),
                MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.ElasticArc(32, 0.5, 0, 3), 9));
        assertRowsEqual(MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.CosFace(32, 0.35), 0),
                MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.ElasticCos(32, 0.35, 0, 3), 9));

        double[] many = ElasticMargins.draw(0.5, 0.05, 3, 17, 200_000);
        double mean = java.util.Arrays.stream(many).average().orElseThrow();
        double var = java.util.Arrays.stream(many).map(v -> (v - mean) * (v - mean)).sum() / (many.length - 1);
        assertEquals(0.5, mean, 4 * 0.05 / Math.sqrt(many.length));
        assertEquals(0.05, Math.sqrt(var), 5e-4);
        assertTrue(java.util.Arrays.equals(m, ElasticMargins.draw(0.5, 0.05, 3, 17, cos.length)), "same step, same draws");
        assertTrue(!java.util.Arrays.equals(m, ElasticMargins.draw(0.5, 0.05, 3, 18, cos.length)), "next step, new draws");
        assertTrue(!java.util.Arrays.equals(m, ElasticMargins.draw(0.5, 0.05, 4, 17, cos.length)), "other seed, new draws");
    }

    /** insightface's margin_list (m1, m2 angular, m3 cosine): ArcFace (1, 0.5, 0) and CosFace (1, 0, 0.4) exactly. */
    @Test
    void insightfaceOrderGivesExactlyArcFaceAndCosFace() {
        int[] labels = new int[TARGET_COS.length];
        double[][] cos = cosines(TARGET_COS, labels, 13);
        assertRowsEqual(MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.ArcFace(64, 0.5), 0),
                MarginSoftmaxReference.lossAndGradient(cos, labels, LossSpec.Combined.fromInsightface(64, 1.0, 0.5, 0.0), 0));
        assertRowsEqual(MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.CosFace(64, 0.4), 0),
                MarginSoftmaxReference.lossAndGradient(cos, labels, LossSpec.Combined.fromInsightface(64, 1.0, 0.0, 0.4), 0));
    }

    private static double textbookLoss(double[] cos, int y, double s, double f) {
        double sum = Math.exp(s * f);
        for (int j = 0; j < cos.length; j++) {
            sum += j == y ? 0 : Math.exp(s * cos[j]);
        }
        return -s * f + Math.log(sum);
    }

    private static void assertRowsEqual(MarginSoftmaxReference.Result expected, MarginSoftmaxReference.Result actual) {
        for (int i = 0; i < expected.loss().length; i++) {
            assertEquals(expected.loss()[i], actual.loss()[i], 0.0, "loss " + i);
            assertTrue(java.util.Arrays.equals(expected.dLossDCos()[i], actual.dLossDCos()[i]), "gradient " + i);
        }
    }

    /** CurricularFace by hand: ArcFace's target; negatives above cos(θ_y + m) become c (t + c). */
    @Test
    void curricularFaceReweightsTheHardNegatives() {
        double t = 0.3;
        double[][] cos = {{0.6, 0.5, 0.1, -0.4}};
        double threshold = Math.cos(Math.acos(0.6) + 0.5); // 0.1186...: class 1 is hard, 2 and 3 are not
        assertTrue(0.5 > threshold && 0.1 < threshold);
        double s = 16;
        double[] z = {s * Math.cos(Math.acos(0.6) + 0.5), s * 0.5 * (t + 0.5), s * 0.1, s * -0.4};
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v);
        }
        MarginSoftmaxReference.Result r = MarginSoftmaxReference.lossAndGradient(cos, new int[] {0},
                new LossSpec.CurricularFace(s, 0.5, t), 0);
        assertEquals(-z[0] + Math.log(sum), r.loss()[0], 1e-12);
        assertEquals(s * Math.exp(z[1]) / sum * (t + 2 * 0.5), r.dLossDCos()[0][1], 1e-12);
        assertEquals(s * Math.exp(z[2]) / sum, r.dLossDCos()[0][2], 1e-12);
        // t = 0 with no hard negative left is ArcFace
        double[][] easy = {{0.9, 0.1, -0.2, 0.0}};
        assertEquals(MarginSoftmaxReference.lossAndGradient(easy, new int[] {0}, new LossSpec.ArcFace(s, 0.5), 0).loss()[0],
                MarginSoftmaxReference.lossAndGradient(easy, new int[] {0}, LossSpec.CurricularFace.start(s, 0.5), 0).loss()[0]);
    }

    /** AdaFace by hand: ŝ from the norm and the running statistics, angular -mŝ and additive m(1 + ŝ). */
    @Test
    void adaFaceMarginFollowsTheFeatureNorm() {
        LossSpec.AdaFace spec = new LossSpec.AdaFace(64, 0.4, 0.333, 20, 5);
        double[][] cos = {{0.5, 0.2, -0.1}, {0.5, 0.2, -0.1}, {0.5, 0.2, -0.1}};
        double[] norms = {25, 20, 1000}; // ŝ = 0.333·5/5.001, 0, and clip(0.333·80/5.001) = 1 (norm clipped to 100)
        MarginSoftmaxReference.Result r = MarginSoftmaxReference.lossAndGradient(cos, new int[] {0, 0, 0}, norms, spec, 0);
        double[] ms = {0.333 * 5 / 5.001, 0, 1};
        for (int i = 0; i < 3; i++) {
            double f = Math.cos(Math.acos(0.5) - 0.4 * ms[i]) - 0.4 * (1 + ms[i]);
            double zy = 64 * f;
            double expected = -zy + Math.log(Math.exp(zy) + Math.exp(64 * 0.2) + Math.exp(64 * -0.1));
            assertEquals(expected, r.loss()[i], 1e-10, "sample " + i);
        }
        assertTrue(r.loss()[0] != r.loss()[1] && r.loss()[1] != r.loss()[2], "the margin must depend on the norm");
        // The slope is the derivative of the value, and 0 where the official clamps hold.
        TargetMargin m = AdaFaceMargin.forNorm(spec, 25);
        for (double c = -0.99; c < 0.99; c += 0.0371) {
            double h = 1e-7;
            assertEquals((m.value(c + h) - m.value(c - h)) / (2 * h), m.slope(c), 1e-5, "at " + c);
        }
        assertEquals(0, m.slope(1.0));
    }

    /** The running updates: t ← 0.01 mean(cos θ_y) + 0.99 t; norm mean/std ← 0.01·batch + 0.99·previous (std unbiased). */
    @Test
    void runningStatisticsMoveByOnePercentOfTheBatch() {
        LossSpec.CurricularFace cf = (LossSpec.CurricularFace) RunningStatistics.afterStep(
                new LossSpec.CurricularFace(64, 0.5, 0.2), new double[] {0.5, 0.7, 1.2}, new double[3]);
        assertEquals(0.01 * (0.5 + 0.7 + 1.0) / 3 + 0.99 * 0.2, cf.t(), 1e-15); // cos clamped to 1
        LossSpec.AdaFace ada = (LossSpec.AdaFace) RunningStatistics.afterStep(LossSpec.AdaFace.start(64, 0.4, 0.333),
                new double[3], new double[] {10, 20, 30});
        assertEquals(0.01 * 20 + 0.99 * 20, ada.batchMean(), 1e-12);
        assertEquals(0.01 * 10 + 0.99 * 100, ada.batchStd(), 1e-12);
        LossSpec.CosFace fixed = new LossSpec.CosFace(32, 0.35);
        assertTrue(fixed == RunningStatistics.afterStep(fixed, new double[] {0.5}, new double[] {1}));
    }

    static double[] probabilities(double[][] cos, int[] labels, double s) {
        double[] logP = probabilitiesLog(cos, labels, s);
        double[] p = new double[logP.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logP[i]);
        }
        return p;
    }

    static double[] probabilitiesLog(double[][] cos, int[] labels, double s) {
        double[] out = new double[cos.length];
        for (int i = 0; i < cos.length; i++) {
            double[] z = new double[cos[i].length];
            for (int j = 0; j < z.length; j++) {
                z[j] = s * cos[i][j];
            }
            out[i] = MarginSoftmaxReference.logSoftmax(z)[labels[i]];
        }
        return out;
    }

    static void assertRel(double expected, double actual, double rel, String what) {
        double scale = Math.max(Math.abs(expected), 1e-300);
        assertTrue(Math.abs(expected - actual) <= rel * scale || Math.abs(expected - actual) < 1e-15,
                what + ": expected " + expected + ", got " + actual + " (rel err " + Math.abs(expected - actual) / scale + ")");
    }
}
