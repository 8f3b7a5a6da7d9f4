package org.facelfs.app.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.LongAccumulator;
import org.facelfs.train.CandidateResult;
import org.facelfs.train.CandidateTask;
import org.facelfs.train.CandidateTrainer;
import org.facelfs.train.DeviceAffinity;

/**
 * The function a Spark task applies to its candidate: train, reward, write — then report images
 * trained and failures to the named accumulators shown on the stage page.
 */
final class CandidateTaskFunction implements Function<CandidateTask, CandidateResult> {

    private final DriverHadoopConf hadoop;
    private final LongAccumulator imagesTrained;
    private final LongAccumulator candidatesFailed;

    CandidateTaskFunction(DriverHadoopConf hadoop, LongAccumulator imagesTrained, LongAccumulator candidatesFailed) {
        this.hadoop = hadoop;
        this.imagesTrained = imagesTrained;
        this.candidatesFailed = candidatesFailed;
    }

    @Override
    public CandidateResult call(CandidateTask task) {
        SparkEnv env = SparkEnv.get();
        String executor = env == null ? "local" : "executor " + env.executorId() + " on "
                + env.blockManager().blockManagerId().host();
        org.apache.spark.TaskContext context = org.apache.spark.TaskContext.get();
        java.util.List<Integer> gpus = context == null || !context.resources().contains("gpu") ? java.util.List.of()
                : DeviceAffinity.ordinals(context.resources().apply("gpu").addresses());
        String device = DeviceAffinity.pin(gpus);
        CandidateResult result = new CandidateTrainer(hadoop.install()).run(task, executor + ", " + device);
        imagesTrained.add(result.imagesTrained());
        if (!result.ok()) {
            candidatesFailed.add(1);
        }
        return result;
    }
}
