package org.facelfs.train;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;

/** How a candidate's training ended. Only {@link #OK} candidates can become the best. */
public enum CandidateStatus {
    /** Trained and evaluated; the reward is meaningful. */
    OK,
    /** The loss went non-finite; stopped early. */
    NON_FINITE,
    /** Any other failure (exception, lost task after retries). */
    FAILED;

    /** The name in JSON and reports. */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
