package org.facelfs.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One line of {@code history.csv} / {@code history.jsonl}: one candidate of one round. */
@JsonPropertyOrder({"round", "candidate", "index", "loss", "formula", "seed", "status", "reward", "best",
        "trainLoss", "imagesPerSecond", "trainSeconds", "evalSeconds", "executor", "reason", "lossJson"})
public record HistoryRow(
        int round,
        String candidate,
        int index,
        String loss,
        String formula,
        long seed,
        String status,
        double reward,
        boolean best,
        double trainLoss,
        double imagesPerSecond,
        double trainSeconds,
        double evalSeconds,
        String executor,
        String reason,
        String lossJson) {
}
