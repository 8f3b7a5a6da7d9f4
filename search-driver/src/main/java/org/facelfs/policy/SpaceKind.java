package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The shape of the unified factor for Search-Softmax and Random-Softmax ({@code search.space}):
 * one global a, or one a per bin of p (DESIGN.md §1.2).
 */
public enum SpaceKind {
    /** One factor a for every sample. */
    GLOBAL("global"),
    /** K factors a_j, one per equal bin of p ({@code search.bins}). */
    PIECEWISE("piecewise");

    private final String key;

    SpaceKind(String key) {
        this.key = key;
    }

    /** The name used in configuration and JSON. */
    @JsonValue
    public String key() {
        return key;
    }

    /** Parses a configuration name; the message lists the allowed values. */
    @JsonCreator
    public static SpaceKind fromKey(String key) {
        for (SpaceKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("search.space: unknown space '" + key + "', allowed: global, piecewise");
    }
}
