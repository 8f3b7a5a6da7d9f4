package org.facelfs.train;

import java.io.Serializable;
import org.facelfs.loss.LossSpec;

/**
 * One candidate of one round, as a Spark task receives it: small, no weights inside.
 *
 * @param candidateId     e.g. {@code r0003-c02}
 * @param round           0-based round (drives the learning-rate schedule)
 * @param loss            the loss to train with
 * @param seed            seed of data order, augmentation and dropout
 * @param startModelUri   the weights (and updater state) to start from
 * @param modelOutUri     where to write the trained weights
 * @param resultOutUri    where to write the result JSON
 * @param plan            how every candidate trains
 */
public record CandidateTask(String candidateId, int round, LossSpec loss, long seed, String startModelUri,
                            String modelOutUri, String resultOutUri, TrainPlan plan) implements Serializable {
}
