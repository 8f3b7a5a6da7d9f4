package org.facelfs.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a candidate's training ended. Only {@link #OK} candidates can become the best. */
public enum CandidateStatus {
    /** Trained and evaluated; the reward is meaningful. */
    OK("ok"),
    /** The loss went non-finite; stopped early. */
    NON_FINITE("non-finite"),
    /** Any other failure (exception, lost task after retries). */
    FAILED("failed");

    private final String key;

    CandidateStatus(String key) {
        this.key = key;
    }

    /** The name in JSON and reports. */
    @JsonValue
    public String key() {
        return key;
    }

    /** Parses the JSON name. */
    @JsonCreator
    public static CandidateStatus fromKey(String key) {
        for (CandidateStatus s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown candidate status '" + key + "', allowed: ok, non-finite, failed");
    }
}
