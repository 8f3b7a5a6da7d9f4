package org.facelfs.train;

import org.facelfs.outcome.CandidateStatus;
import java.io.Serializable;
import java.util.Map;

/**
 * The small result one Spark task sends back to the driver for one candidate: never the weights
 * themselves, only where they were written.
 *
 * @param candidateId     e.g. {@code r0003-c02}
 * @param status          how training ended
 * @param reason          why it failed (empty when OK)
 * @param reward          verification accuracy on the reward set (NaN unless OK)
 * @param metrics         reward-set metrics by name (accuracy, accuracy_std, auc, tar@far=1e-3, ...)
 * @param meanTrainLoss   mean training loss over the round
 * @param imagesTrained   images seen in training this round
 * @param imagesPerSecond training throughput
 * @param trainMillis     time spent training
 * @param evalMillis      time spent computing the reward
 * @param modelUri        where the trained weights and updater state were written (DL4J zip)
 * @param executor        the executor that ran it (for the report)
 */
public record CandidateResult(
        String candidateId,
        CandidateStatus status,
        String reason,
        double reward,
        Map<String, Double> metrics,
        double meanTrainLoss,
        long imagesTrained,
        double imagesPerSecond,
        long trainMillis,
        long evalMillis,
        String modelUri,
        String executor) implements Serializable {

    public CandidateResult {
        metrics = Map.copyOf(metrics);
        reason = reason == null ? "" : reason;
    }

    public boolean ok() {
        return status == CandidateStatus.OK;
    }

    /** A failed candidate: no reward, no model. */
    public static CandidateResult failed(String candidateId, CandidateStatus status, String reason, String executor) {
        return new CandidateResult(candidateId, status, reason, Double.NaN, Map.of(), Double.NaN, 0, 0, 0, 0, "",
                executor);
    }
}
