package org.facelfs.search;

import java.util.List;

/**
 * One observed round in the history: its candidates, whether the policy was updated, which
 * candidate won, and the distribution after the update (for the report's μ/σ plots).
 *
 * @param round      0-based round
 * @param warmup     a warm-up round (fixed loss, no update)
 * @param updated    whether the policy learned from this round
 * @param candidates every candidate with its outcome, in index order
 * @param bestId     the round's best OK candidate, or null when all failed
 * @param mu         μ after this round (empty for policies that learn nothing)
 * @param sigma      σ after this round (empty for policies that learn nothing)
 */
public record RoundRecord(int round, boolean warmup, boolean updated, List<CandidateRecord> candidates, String bestId,
                          List<Double> mu, List<Double> sigma) {

    public RoundRecord {
        candidates = List.copyOf(candidates);
        mu = List.copyOf(mu);
        sigma = List.copyOf(sigma);
    }
}
