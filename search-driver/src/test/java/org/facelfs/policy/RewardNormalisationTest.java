package org.facelfs.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Known answers for both normalisations. */
class RewardNormalisationTest {

    private final double[] r = {1, 2, 3, 6}; // mean 3, population std √3.5, range 5

    @Test
    void stdDividesTheCentredRewardsByThePopulationStandardDeviation() {
        double sd = Math.sqrt(3.5);
        assertArrayEquals(new double[] {-2 / sd, -1 / sd, 0, 3 / sd}, RewardNormalisation.STD.normalise(r), 1e-8);
    }

    @Test
    void rangeIsTheReferenceCodesTwiceCentredOverMaxMinusMin() {
        assertArrayEquals(new double[] {-0.8, -0.4, 0, 1.2}, RewardNormalisation.RANGE.normalise(r), 1e-8);
    }

    @Test
    void equalRewardsGiveZeroWeightsNotNaN() {
        for (RewardNormalisation n : RewardNormalisation.values()) {
            assertArrayEquals(new double[] {0, 0, 0}, n.normalise(new double[] {0.97, 0.97, 0.97}), 0.0);
        }
    }

    @Test
    void namesAreTheSharedChoiceKeys() {
        assertEquals(java.util.List.of("std", "range"), org.facelfs.config.Choices.keys(RewardNormalisation.class));
        assertTrue(org.facelfs.config.Choices.parse(RewardNormalisation.class, "z").isEmpty());
    }
}
