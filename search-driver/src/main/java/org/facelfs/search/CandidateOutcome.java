package org.facelfs.search;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.facelfs.outcome.CandidateStatus;

/**
 * What came back from training one candidate: its reward (e.g. verification accuracy on the
 * reward set), its status, and any metrics worth keeping in the history (sorted by name so the
 * saved state is reproducible byte for byte). An {@link CandidateStatus#OK} outcome with a
 * non-finite reward is treated as {@link CandidateStatus#NON_FINITE}. The status is the
 * trainer's own ({@code outcome.CandidateStatus}), so this package needs nothing of the training code.
 */
public record CandidateOutcome(String candidateId, double reward, CandidateStatus status, Map<String, Double> metrics) {

    public CandidateOutcome {
        if (candidateId == null || status == null) {
            throw new IllegalArgumentException("an outcome needs a candidate id and a status");
        }
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        if (status == CandidateStatus.OK && !Double.isFinite(reward)) {
            status = CandidateStatus.NON_FINITE;
        }
    }

    /** A finished candidate with its reward. */
    public static CandidateOutcome ok(String candidateId, double reward) {
        return new CandidateOutcome(candidateId, reward, CandidateStatus.OK, Map.of());
    }

    /** A candidate that did not finish ({@code NON_FINITE} or {@code FAILED}); its reward is NaN. */
    public static CandidateOutcome failed(String candidateId, CandidateStatus status) {
        return new CandidateOutcome(candidateId, Double.NaN, status, Map.of());
    }
}
