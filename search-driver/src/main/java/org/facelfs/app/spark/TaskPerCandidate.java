package org.facelfs.app.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.facelfs.train.CandidateResult;
import org.facelfs.train.CandidateTask;

/**
 * {@code cluster.group = task}: one Spark job per round, one task per candidate
 * ({@code parallelize(candidates, M)}); each task trains its candidate on one executor.
 */
final class TaskPerCandidate implements RoundTrainer {

    private final JavaSparkContext sc;
    private final DriverHadoopConf hadoop;
    private final LongAccumulator imagesTrained;
    private final LongAccumulator candidatesFailed;

    TaskPerCandidate(JavaSparkContext sc, DriverHadoopConf hadoop, LongAccumulator imagesTrained,
                     LongAccumulator candidatesFailed) {
        this.sc = sc;
        this.hadoop = hadoop;
        this.imagesTrained = imagesTrained;
        this.candidatesFailed = candidatesFailed;
    }

    @Override
    public List<CandidateResult> train(int round, int rounds, List<CandidateTask> tasks) {
        sc.setJobGroup("round-" + (round + 1), "round %d/%d".formatted(round + 1, rounds), false);
        sc.setJobDescription("round %d/%d: train + reward %d candidates: %s".formatted(round + 1, rounds,
                tasks.size(), tasks.stream().map(t -> t.candidateId() + " " + SparkLabels.shortLoss(t.loss()))
                        .collect(Collectors.joining("; "))));
        sc.sc().setCallSite("train and reward round " + (round + 1));
        try {
            JavaRDD<CandidateTask> rdd = sc.parallelize(tasks, tasks.size())
                    .setName("candidates of round " + (round + 1));
            List<CandidateResult> results = rdd.map(new CandidateTaskFunction(hadoop, imagesTrained, candidatesFailed))
                    .collect();
            Map<String, CandidateResult> byId = new LinkedHashMap<>();
            results.forEach(r -> byId.put(r.candidateId(), r));
            return tasks.stream().map(t -> byId.get(t.candidateId())).toList();
        } finally {
            sc.sc().clearCallSite();
            sc.clearJobGroup();
        }
    }
}
