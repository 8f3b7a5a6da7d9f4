package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;
import java.util.Arrays;

/**
 * How a round's rewards become REINFORCE weights: centred on the round mean (a baseline that
 * removes the reward's offset) and divided by their spread, so the update does not depend on
 * the reward's units. When every candidate scores the same, all weights are 0: no update.
 */
public enum RewardNormalisation {

    /** {@code (r - mean) / (std + ε)}, std the population standard deviation. */
    STD {
        @Override
        double[] weights(double[] r) {
            double mean = mean(r);
            double ss = Arrays.stream(r).map(v -> (v - mean) * (v - mean)).sum();
            return scaled(r, mean, 1 / (Math.sqrt(ss / r.length) + EPSILON));
        }
    },

    /** The reference code's {@code 2 (r - mean) / (max - min + ε)}. */
    RANGE {
        @Override
        double[] weights(double[] r) {
            double range = Arrays.stream(r).max().orElse(0) - Arrays.stream(r).min().orElse(0);
            return scaled(r, mean(r), 2 / (range + EPSILON));
        }
    };

    /** Added to the spread so equal rewards give zero weights, not NaN. */
    public static final double EPSILON = 1e-8;

    /**
     * The normalised rewards, in the same order. Rewards that are all equal give exact zeros:
     * rounding residues of the mean divided by ε would otherwise become a full-size Adam step.
     */
    public double[] normalise(double[] rewards) {
        boolean allEqual = Arrays.stream(rewards).allMatch(v -> v == rewards[0]);
        return allEqual ? new double[rewards.length] : weights(rewards);
    }

    abstract double[] weights(double[] rewards);

    private static double mean(double[] r) {
        return Arrays.stream(r).average().orElse(0);
    }

    private static double[] scaled(double[] r, double mean, double factor) {
        return Arrays.stream(r).map(v -> (v - mean) * factor).toArray();
    }

    /** The name used in configuration and JSON ({@code search.reward-normalisation}). */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
