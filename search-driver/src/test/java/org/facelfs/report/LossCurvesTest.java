package org.facelfs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.loss.LossSpec;
import org.junit.jupiter.api.Test;

class LossCurvesTest {

    @Test
    void modulationIsOneWithoutAFactorAndShrinksWithLargerMagnitude() {
        assertEquals(1.0, LossCurves.modulation(0, 0.3), 0);
        assertEquals(1.0, LossCurves.modulation(-100, 1.0), 1e-15); // a well-classified sample at p = 1 is untouched
        assertTrue(LossCurves.modulation(-100, 0.5) < LossCurves.modulation(-1, 0.5));
        assertEquals(1 / (-10 * 0.2 + 11.0), LossCurves.modulation(-10, 0.2), 1e-15);
    }

    @Test
    void aGlobalFactorIsExactlyTheCosFaceMarginLogOneMinusAOverS() {
        double s = 32;
        double m2 = 0.35;
        double a = LossCurves.cosFaceFactor(s, m2);
        for (double theta = 0.1; theta < 3; theta += 0.3) {
            assertEquals(LossCurves.marginLogit(new LossSpec.CosFace(s, m2), theta),
                    LossCurves.unifiedLogit(s, a, theta), 1e-12);
        }
    }

    @Test
    void theUnifiedLogitMatchesTheProbabilityDefinitionWithOtherLogitsPresent() {
        // p_m = h(a,p) p must equal the softmax with the target logit replaced by s f
        double s = 16;
        double a = -20;
        double theta = 0.9;
        double others = 99 * Math.exp(s * 0.1); // 99 classes at cosine 0.1
        double z = s * Math.cos(theta);
        double p = Math.exp(z) / (Math.exp(z) + others);
        double pm = LossCurves.modulation(a, p) * p;
        double zf = s * LossCurves.unifiedLogit(s, a, theta);
        assertEquals(pm, Math.exp(zf) / (Math.exp(zf) + others), 1e-12);
    }

    @Test
    void arcFaceLogitUsesTheMonotoneFallbackPastPi() {
        LossSpec.ArcFace arc = new LossSpec.ArcFace(64, 0.5);
        assertEquals(Math.cos(1.0 + 0.5), LossCurves.marginLogit(arc, 1.0), 1e-15);
        double past = 3.0;
        assertEquals(Math.cos(past) - 0.5 * Math.sin(0.5), LossCurves.marginLogit(arc, past), 1e-15);
    }

    /** AM-LFS's t, ElasticFace at its mean margin and CurricularFace's ArcFace target have curves too. */
    @org.junit.jupiter.api.Test
    void newHeadsHaveTargetCurves() {
        double theta = 1.0;
        double c = Math.cos(theta); // 0.54: interval 4 of 6 on [-1, 1]
        org.junit.jupiter.api.Assertions.assertEquals(0.6 * c + 0.15, LossCurves.marginLogit(new LossSpec.AmLfsLogit(32,
                java.util.List.of(1.0, 1.0, 1.0, 1.0, 0.6, 1.0), java.util.List.of(0.0, 0.0, 0.0, 0.0, 0.15, 0.0)), theta), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(Math.cos(theta + 0.5),
                LossCurves.marginLogit(new LossSpec.ElasticArc(64, 0.5, 0.05, 0), theta), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(c - 0.35, LossCurves.marginLogit(new LossSpec.ElasticCos(64, 0.35, 0.05, 0), theta), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(Math.cos(theta + 0.5),
                LossCurves.marginLogit(LossSpec.CurricularFace.start(64, 0.5), theta), 1e-12);
    }
}
