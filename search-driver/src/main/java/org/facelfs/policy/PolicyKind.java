package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Which search method runs ({@code search.policy}); DESIGN.md §1.2. */
public enum PolicyKind {
    /** Search-Softmax: Gaussian over the unified factor(s) a, global or piecewise. */
    SEARCH_SOFTMAX("search-softmax"),
    /** Random-Softmax: a drawn afresh each round from a range, nothing learned. */
    RANDOM_SOFTMAX("random-softmax"),
    /** AM-LFS: Gaussian over the piecewise-linear τ(p) parameters. */
    AM_LFS("am-lfs"),
    /** One fixed loss (the baselines). */
    FIXED("fixed");

    private final String key;

    PolicyKind(String key) {
        this.key = key;
    }

    /** The name used in configuration and JSON. */
    @JsonValue
    public String key() {
        return key;
    }

    /** Parses a configuration name; the message lists the allowed values. */
    @JsonCreator
    public static PolicyKind fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("search.policy: unknown policy '" + key + "', allowed: "
                        + Arrays.stream(values()).map(PolicyKind::key).collect(Collectors.joining(", "))));
    }
}
