package org.facelfs.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.facelfs.loss.LossSpec;
import org.facelfs.loss.MarginSoftmaxReference;
import org.junit.jupiter.api.Test;

/** Sample → factor mappings and sample → loss spaces. */
class MappingAndSpaceTest {

    @Test
    void referenceMappingIsMinusAbsXTimesExpSOverThree() {
        assertEquals(-0.1 * Math.exp(32.0 / 3), Mapping.REFERENCE.toFactor(0.1, 32), 1e-9);
        assertEquals(Mapping.REFERENCE.toFactor(0.1, 32), Mapping.REFERENCE.toFactor(-0.1, 32), 0.0); // symmetric
        assertEquals(0.0, Mapping.REFERENCE.toFactor(0.0, 32), 0.0);
        // at s = 32 one unit of x is ~42,901 units of a: a = -100 sits at |x| ≈ 0.0023, far inside σ = 0.2
        assertEquals(0.002331, 100 / Math.exp(32.0 / 3), 1e-6);
    }

    @Test
    void marginMappingGivesExactlyTheCosFaceLossOfThatMargin() {
        double[][] cos = {{0.6, 0.1, -0.2, 0.3}, {0.05, 0.4, 0.2, -0.7}, {0.9, 0.85, 0.1, 0.0}};
        int[] labels = {0, 2, 1};
        for (double m : new double[] {0.0, 0.1, 0.35, 0.6}) {
            LossSpec unified = new LossSpec.UnifiedGlobal(32, Mapping.MARGIN.toFactor(m, 32));
            double expected = MarginSoftmaxReference.lossAndGradient(cos, labels, new LossSpec.CosFace(32, m), 0).meanLoss();
            double got = MarginSoftmaxReference.lossAndGradient(cos, labels, unified, 0).meanLoss();
            assertEquals(expected, got, 1e-9 * Math.max(1, Math.abs(expected)), "m = " + m);
        }
    }

    @Test
    void marginMappingInvertsAndMapsNegativeMarginsToSoftmax() {
        assertEquals(0.0, Mapping.MARGIN.toFactor(0, 32), 0.0);
        assertEquals(0.0, Mapping.MARGIN.toFactor(-0.2, 32), 0.0);
        assertEquals(1 - Math.exp(32 * 0.35), Mapping.MARGIN.toFactor(0.35, 32), 1e-6);
        assertEquals(Mapping.MARGIN.toFactor(Mapping.MAX_MARGIN, 32), Mapping.MARGIN.toFactor(50, 32), 0.0); // capped
        for (double m : new double[] {0, 0.022, 0.144, 0.35, 0.6}) {
            assertEquals(m, Mapping.MARGIN.toSample(Mapping.MARGIN.toFactor(m, 32), 32), 1e-12);
        }
        // the landmarks: a = -1 is m = 0.022 and a = -100 is m = 0.144 at s = 32
        assertEquals(Math.log(2) / 32, Mapping.marginOf(-1, 32), 1e-15);
        assertEquals(0.1442, Mapping.marginOf(-100, 32), 1e-4);
        assertEquals(2, Mapping.LOG10.toSample(-100, 32), 1e-12);
        assertEquals(Mapping.MIN_DECADES, Mapping.LOG10.toSample(0, 32), 0.0);
        assertEquals(0.5, Mapping.REFERENCE.toSample(Mapping.REFERENCE.toFactor(0.5, 32), 32), 1e-12);
    }

    @Test
    void aNamedStartBecomesTheMeanOfEveryMapping() {
        LossSpec cosface = new LossSpec.CosFace(32, 0.35);
        assertArrayEquals(new double[] {0.35}, StartingLoss.mean(cosface, 1, Mapping.MARGIN, 32), 1e-12);
        assertArrayEquals(new double[] {Math.log10(Math.expm1(32 * 0.35))}, StartingLoss.mean(cosface, 1, Mapping.LOG10, 32), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, StartingLoss.mean(new LossSpec.Softmax(32), 3, Mapping.MARGIN, 32), 0.0);
        assertArrayEquals(new double[] {0.35, 0.35},
                StartingLoss.mean(new LossSpec.Combined(32, 1, 0.35, 0), 2, Mapping.MARGIN, 32), 1e-12);
        assertArrayEquals(new double[] {Math.log(2) / 32, Math.log(11) / 32},
                StartingLoss.mean(new LossSpec.UnifiedPiecewise(32, List.of(-1.0, -10.0)), 2, Mapping.MARGIN, 32), 1e-12);
        org.facelfs.config.ConfigError e = assertThrows(org.facelfs.config.ConfigError.class,
                () -> StartingLoss.mean(new LossSpec.ArcFace(32, 0.5), 1, Mapping.MARGIN, 32));
        assertEquals("search.start-from", e.key());
        assertTrue(e.getMessage().contains("cannot be arcface"), e.getMessage());
    }

    @Test
    void log10MappingSpansThePapersAblationRangeOneDecadePerUnit() {
        assertEquals(-1, Mapping.LOG10.toFactor(0, 32), 0.0);
        assertEquals(-100, Mapping.LOG10.toFactor(2, 32), 1e-9);
        assertEquals(-1e4, Mapping.LOG10.toFactor(4, 32), 1e-7);
        assertEquals(-0.001, Mapping.LOG10.toFactor(-3, 32), 1e-15);
        assertEquals(-1e6, Mapping.LOG10.toFactor(500, 32), 0.0); // capped, stays finite
        assertTrue(Mapping.LOG10.toFactor(-400, 32) <= 0);
    }

    @Test
    void mappingNamesAreTheSharedChoiceKeys() {
        assertEquals(Mapping.LOG10, org.facelfs.config.Choices.parse(Mapping.class, "log10").orElseThrow());
        assertEquals("reference", Mapping.REFERENCE.key());
        assertEquals(java.util.List.of("reference", "log10", "margin"), org.facelfs.config.Choices.keys(Mapping.class));
        assertTrue(org.facelfs.config.Choices.parse(Mapping.class, "exp").isEmpty());
    }

    @Test
    void globalAndPiecewiseSpacesProduceUnifiedLosses() {
        SearchSpace global = new SearchSpace.Global(Mapping.LOG10, 0);
        assertArrayEquals(new double[] {0}, global.initialMean(), 0.0);
        assertEquals(new LossSpec.UnifiedGlobal(32, -100), global.toLossSpec(new double[] {2}, 32));

        SearchSpace piecewise = new SearchSpace.Piecewise(3, Mapping.LOG10, 0.5);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, piecewise.initialMean(), 0.0);
        LossSpec.UnifiedPiecewise spec = (LossSpec.UnifiedPiecewise) piecewise.toLossSpec(new double[] {0, 1, 2}, 16);
        assertEquals(16, spec.scale());
        assertEquals(-1, spec.a().get(0), 0.0);
        assertEquals(-10, spec.a().get(1), 1e-12);
        assertEquals(-100, spec.a().get(2), 1e-12);
    }

    @Test
    void amLfsSpaceStartsAtTheIdentityAndSplitsAlphaFromBeta() {
        SearchSpace am = new SearchSpace.AmLfsTransform(6);
        assertEquals(12, am.dimension());
        assertEquals(LossSpec.AmLfs.identity(32, 6), am.toLossSpec(am.initialMean(), 32));
        LossSpec.AmLfs spec = (LossSpec.AmLfs) new SearchSpace.AmLfsTransform(2).toLossSpec(new double[] {1.1, 0.9, 0.05, -0.02}, 8);
        assertEquals(List.of(1.1, 0.9), spec.alpha());
        assertEquals(List.of(0.05, -0.02), spec.beta());
    }
}
