package org.facelfs.app.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.LongAccumulator;
import org.facelfs.io.FileStore;
import org.facelfs.train.CandidateResult;
import org.facelfs.train.CandidateTask;
import org.facelfs.train.CandidateTrainer;

/**
 * The function a Spark task applies to its candidate: train, reward, write — then report images
 * trained and failures to the named accumulators shown on the stage page.
 */
final class CandidateTaskFunction implements Function<CandidateTask, CandidateResult> {

    private final LongAccumulator imagesTrained;
    private final LongAccumulator candidatesFailed;

    CandidateTaskFunction(LongAccumulator imagesTrained, LongAccumulator candidatesFailed) {
        this.imagesTrained = imagesTrained;
        this.candidatesFailed = candidatesFailed;
    }

    @Override
    public CandidateResult call(CandidateTask task) {
        SparkEnv env = SparkEnv.get();
        String executor = env == null ? "local" : "executor " + env.executorId() + " on "
                + env.blockManager().blockManagerId().host();
        CandidateResult result = new CandidateTrainer(FileStore.withDefaults()).run(task, executor);
        imagesTrained.add(result.imagesTrained());
        if (!result.ok()) {
            candidatesFailed.add(1);
        }
        return result;
    }
}
