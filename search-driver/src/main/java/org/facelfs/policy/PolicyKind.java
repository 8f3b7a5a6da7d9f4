package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;

/** Which search method runs ({@code search.policy}); DESIGN.md §1.2. */
public enum PolicyKind {
    /** Search-Softmax: Gaussian over the unified factor(s) a, global or piecewise. */
    SEARCH_SOFTMAX,
    /** Random-Softmax: a drawn afresh each round from a range, nothing learned. */
    RANDOM_SOFTMAX,
    /** AM-LFS: Gaussian over the piecewise-linear τ(p) parameters. */
    AM_LFS,
    /** ElasticFace-Arc searched: Gaussian over its (m, ln σ_m) ({@code ElasticFaceSpace}). */
    ELASTICFACE_ARC,
    /** ElasticFace-Cos searched: Gaussian over its (m, ln σ_m). */
    ELASTICFACE_COS,
    /** One fixed loss (the baselines). */
    FIXED;

    /** The name used in configuration and JSON. */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
