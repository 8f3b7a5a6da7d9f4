package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;

/**
 * Which AM-LFS transform the {@code am-lfs} policy searches ({@code search.am-lfs.transform}).
 * The default is the logit transform t: it is what both public AM-LFS re-implementations search
 * (their τ(p) is commented out), and τ(p) alone was the worst row of the lfw-small table.
 */
public enum AmLfsVariant {
    /** t(cos θ_y) = α_j cos θ_y + β_j on K intervals of [-1, 1] ({@code LossSpec.AmLfsLogit}). */
    LOGIT,
    /** τ(p) = α_j p + β_j on K intervals of p ({@code LossSpec.AmLfs}); what runs before this key searched. */
    PROBABILITY;

    /** The name used in configuration and JSON. */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
