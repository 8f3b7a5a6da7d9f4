package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;

/**
 * The shape of the unified factor for Search-Softmax and Random-Softmax ({@code search.space}):
 * one global a, or one a per bin of p (DESIGN.md §1.2).
 */
public enum SpaceKind {
    /** One factor a for every sample. */
    GLOBAL,
    /** K factors a_j, one per equal bin of p ({@code search.bins}). */
    PIECEWISE;

    /** The name used in configuration and JSON. */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
