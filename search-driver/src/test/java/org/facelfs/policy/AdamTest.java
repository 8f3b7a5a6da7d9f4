package org.facelfs.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Adam's update against a hand computation, and exact resumption from saved moments. */
class AdamTest {

    private final AdamSettings settings = AdamSettings.REFERENCE; // lr 0.05, betas 0.5/0.999, eps 1e-8

    @Test
    void firstStepMovesByLearningRateInTheGradientsDirection() {
        Adam.Step s = Adam.fresh(settings, 2).ascent(new double[] {3.0, -0.001});
        // bias-corrected m = g, v = g² → Δ = lr · g / (|g| + ε)
        assertArrayEquals(new double[] {0.05 * 3 / (3 + 1e-8), -0.05 * 0.001 / (0.001 + 1e-8)}, s.delta(), 1e-15);
        assertEquals(1, s.next().step());
    }

    @Test
    void secondStepMatchesAHandComputation() {
        double g1 = 2.0;
        double g2 = -1.0;
        Adam.Step s2 = Adam.fresh(settings, 1).ascent(new double[] {g1}).next().ascent(new double[] {g2});
        double m = 0.5 * (0.5 * g1) + 0.5 * g2;
        double v = 0.999 * (0.001 * g1 * g1) + 0.001 * g2 * g2;
        double expected = 0.05 * (m / (1 - 0.25)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(expected, s2.delta()[0], 1e-15);
    }

    @Test
    void resumingFromSavedMomentsGivesTheSameNextStep() {
        Adam a = Adam.fresh(settings, 3).ascent(new double[] {1, -2, 0.5}).next().ascent(new double[] {0.3, 0.1, -4}).next();
        Adam resumed = Adam.resume(settings, a.step(), a.firstMoment(), a.secondMoment());
        double[] g = {-0.7, 2, 1};
        assertArrayEquals(a.ascent(g).delta(), resumed.ascent(g).delta(), 0.0);
    }
}
