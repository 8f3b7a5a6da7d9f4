package org.facelfs.search;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.facelfs.config.Choices;

/**
 * What came back from training one candidate: its reward (e.g. verification accuracy on the
 * reward set), its status, and any metrics worth keeping in the history (sorted by name so the
 * saved state is reproducible byte for byte). An {@link Status#OK} outcome with a
 * non-finite reward is treated as {@link Status#NON_FINITE}.
 */
public record CandidateOutcome(String candidateId, double reward, Status status, Map<String, Double> metrics) {

    /**
     * How a candidate's training ended, as the search sees it (the trainer's own status is mapped
     * onto it at the boundary, so this package needs nothing of the training code).
     */
    public enum Status {
        /** Trained and rewarded. */
        OK,
        /** The loss went non-finite. */
        NON_FINITE,
        /** Any other failure. */
        FAILED;

        /** The name in JSON and the history. */
        @JsonValue
        public String key() {
            return Choices.key(this);
        }
    }

    public CandidateOutcome {
        if (candidateId == null || status == null) {
            throw new IllegalArgumentException("an outcome needs a candidate id and a status");
        }
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        if (status == Status.OK && !Double.isFinite(reward)) {
            status = Status.NON_FINITE;
        }
    }

    /** A finished candidate with its reward. */
    public static CandidateOutcome ok(String candidateId, double reward) {
        return new CandidateOutcome(candidateId, reward, Status.OK, Map.of());
    }

    /** A candidate that did not finish ({@code NON_FINITE} or {@code FAILED}); its reward is NaN. */
    public static CandidateOutcome failed(String candidateId, Status status) {
        return new CandidateOutcome(candidateId, Double.NaN, status, Map.of());
    }
}
