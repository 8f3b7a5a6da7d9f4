package org.facelfs.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which AM-LFS transform the {@code am-lfs} policy searches ({@code search.am-lfs.transform}).
 * The default is the logit transform t: it is what both public AM-LFS re-implementations search
 * (their τ(p) is commented out), and τ(p) alone was the worst row of the lfw-small table.
 */
public enum AmLfsVariant {
    /** t(cos θ_y) = α_j cos θ_y + β_j on K intervals of [-1, 1] ({@code LossSpec.AmLfsLogit}). */
    LOGIT("logit"),
    /** τ(p) = α_j p + β_j on K intervals of p ({@code LossSpec.AmLfs}); what runs before this key searched. */
    PROBABILITY("probability");

    private final String key;

    AmLfsVariant(String key) {
        this.key = key;
    }

    /** The name used in configuration and JSON. */
    @JsonValue
    public String key() {
        return key;
    }

    /** Parses a configuration name; the message lists the allowed values. */
    @JsonCreator
    public static AmLfsVariant fromKey(String key) {
        for (AmLfsVariant v : values()) {
            if (v.key.equals(key)) {
                return v;
            }
        }
        throw new IllegalArgumentException("search.am-lfs.transform: unknown transform '" + key
                + "', allowed: logit, probability");
    }
}
