package org.facelfs.outcome;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;

/**
 * How a candidate's training ended: the one vocabulary of the trainer ({@code train}) and the
 * search controller ({@code search}), which depend on this package and not on each other. Only
 * {@link #OK} candidates can become the best.
 */
public enum CandidateStatus {
    /** Trained and evaluated; the reward is meaningful. */
    OK,
    /** The loss went non-finite; stopped early. */
    NON_FINITE,
    /** Any other failure (exception, lost task after retries). */
    FAILED;

    /** The name in JSON, the history and reports. */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
