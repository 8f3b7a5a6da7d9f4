package org.facelfs.policy;

import org.facelfs.config.ConfigError;

/**
 * Adam's hyper-parameters for the search distribution (DESIGN.md §1.3). {@link #REFERENCE} is the
 * reference code's: lr 0.05, betas (0.5, 0.999), ε 1e-8. With consistent gradients Adam moves
 * each parameter by about {@code learningRate} per round, whatever the reward scale, in the
 * policy's {@link StepUnits} (x, or σ: the search's default lr 1.2 is in σ).
 */
public record AdamSettings(double learningRate, double beta1, double beta2, double epsilon) {

    /** The reference code's settings: lr 0.05, betas (0.5, 0.999), ε 1e-8. */
    public static final AdamSettings REFERENCE = new AdamSettings(0.05, 0.5, 0.999, 1e-8);

    public AdamSettings {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new ConfigError("search.adam.lr", "must be a finite number > 0, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new ConfigError("search.adam.beta1", "must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new ConfigError("search.adam.beta2", "must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new ConfigError("search.adam.epsilon", "must be a finite number > 0, got " + epsilon);
        }
    }
}
