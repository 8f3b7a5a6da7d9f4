package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;

/**
 * The unit of a Gaussian policy's step on μ ({@code search.step-units}). Adam moves each
 * parameter by about its learning rate per update whatever the gradient's scale, so a rate in
 * x-units makes the reach depend on how x is parameterised (a decade of |a|, a margin, an α of
 * AM-LFS). In σ-units the same rate means "this fraction of the exploration width", which is the
 * same in every space: Δμ_j = σ_j · Adam step_j.
 */
public enum StepUnits {

    /** Δμ = Adam step (the reference code's rule, and the one before step units existed). */
    X,
    /**
     * Δμ_j = σ_j · Adam step_j; a learned log σ moves by Adam step / √2 (the same KL divergence
     * per unit as a μ step of σ: the Fisher information of log σ is 2, of μ/σ 1).
     */
    SIGMA;

    /** The factor applied to Adam's step on μ_j. */
    double meanFactor(double sigma) {
        return this == SIGMA ? sigma : 1;
    }

    /** The factor applied to Adam's step on log σ_j. */
    double logSigmaFactor() {
        return this == SIGMA ? Math.sqrt(0.5) : 1;
    }

    /** The name used in configuration and JSON. */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
