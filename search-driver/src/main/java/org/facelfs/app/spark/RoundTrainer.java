package org.facelfs.app.spark;

import java.util.List;
import org.facelfs.train.CandidateResult;
import org.facelfs.train.CandidateTask;

/** How the candidates of one round are spread over the cluster ({@code cluster.group}). */
interface RoundTrainer {

    /**
     * Trains every task; returns one result per task, in order.
     *
     * @param round  0-based round
     * @param rounds total rounds (for the Spark UI labels)
     */
    List<CandidateResult> train(int round, int rounds, List<CandidateTask> tasks);
}
