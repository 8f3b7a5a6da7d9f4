package org.facelfs.app.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.batch.FaceBatchIterator;
import org.facelfs.io.FileStore;
import org.facelfs.train.CandidateResult;
import org.facelfs.outcome.CandidateStatus;
import org.facelfs.train.CandidateTask;
import org.facelfs.train.CandidateTrainer;
import org.facelfs.train.ModelFiles;
import org.facelfs.train.StartingPoint;
import org.facelfs.train.TrainPlan;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cluster.group = executors}: each candidate is trained by {@code g} executors with
 * dl4j-spark's parameter averaging (SparkComputationGraph + ParameterAveragingTrainingMaster),
 * for models or data too big for one executor. The M candidates of a round run concurrently from
 * driver threads, each in a FAIR scheduler pool named after it, so the Spark UI shows one pool
 * per candidate. The learning rate is set once per round (the workers' replicas do not take
 * per-iteration changes); the reward is computed by a separate one-task job that reads the
 * written weights.
 *
 * <p>Unlike the task mode, the driver holds each candidate's network while it trains (parameter
 * averaging happens there): size the driver for M models. The set-up (starting point, batches) is
 * the task mode's ({@link StartingPoint}, {@link TrainPlan#batches}); the reward is a one-task job
 * reading the written weights, so no verification image is ever decoded on the driver.
 */
final class ExecutorGroups implements RoundTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorGroups.class);

    private final JavaSparkContext sc;
    private final FileStore store;
    private final DriverHadoopConf hadoop;
    private final int executorsPerGroup;
    private final int imagesPerEpoch;
    private final LongAccumulator imagesTrained;
    private final LongAccumulator candidatesFailed;

    /** @param imagesPerEpoch the training set's size (from the data inspection: the driver does not open the data) */
    ExecutorGroups(JavaSparkContext sc, FileStore store, DriverHadoopConf hadoop, int executorsPerGroup,
                   int imagesPerEpoch, LongAccumulator imagesTrained, LongAccumulator candidatesFailed) {
        this.sc = sc;
        this.store = store;
        this.hadoop = hadoop;
        this.executorsPerGroup = executorsPerGroup;
        this.imagesPerEpoch = imagesPerEpoch;
        this.imagesTrained = imagesTrained;
        this.candidatesFailed = candidatesFailed;
    }

    @Override
    public List<CandidateResult> train(int round, int rounds, List<CandidateTask> tasks) {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<CandidateResult>> futures = new ArrayList<>();
            for (CandidateTask task : tasks) {
                futures.add(threads.submit(() -> trainOne(task, round, rounds)));
            }
            List<CandidateResult> out = new ArrayList<>();
            for (Future<CandidateResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training round " + (round + 1), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("round " + (round + 1) + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private CandidateResult trainOne(CandidateTask task, int round, int rounds) {
        sc.setLocalProperty("spark.scheduler.pool", task.candidateId());
        sc.setJobGroup("round-" + (round + 1) + "-" + task.candidateId(), "round %d/%d: %s on %d executors: %s"
                .formatted(round + 1, rounds, task.candidateId(), executorsPerGroup,
                        SparkLabels.shortLoss(task.loss())), false);
        try {
            return trainAndReward(task);
        } catch (RuntimeException e) {
            if (DataFormatException.isBadInput(e)) { // bad input: the message says it all
                LOG.error("{}: failed: {}", task.candidateId(), e.getMessage());
            } else {
                LOG.error("{}: failed: {}", task.candidateId(), e.getMessage(), e);
            }
            candidatesFailed.add(1);
            return CandidateResult.failed(task.candidateId(), CandidateStatus.FAILED,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), "executor group");
        } finally {
            sc.clearJobGroup();
        }
    }

    private CandidateResult trainAndReward(CandidateTask task) {
        TrainPlan plan = task.plan();
        ModelFiles models = new ModelFiles(store);
        StartingPoint start = StartingPoint.of(models, task);
        ComputationGraph net = start.net();
        int iterations = plan.iterationsFor(imagesPerEpoch);
        plan.optimizer().applyLr(net, task.round(), 0, iterations);

        JavaRDD<DataSet> batches = sc.parallelize(IntStream.range(0, iterations).boxed().toList(), executorsPerGroup)
                .mapPartitions(new RoundBatches(plan, task.seed(), task.round(), hadoop))
                .setName(task.candidateId() + " minibatches");
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(plan.batchSize())
                .batchSizePerWorker(plan.batchSize()).averagingFrequency(5).workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Direct).rngSeed(task.seed()).saveUpdater(true).build();
        SparkComputationGraph sparkNet = new SparkComputationGraph(sc, net, master);
        long t0 = System.nanoTime();
        ComputationGraph trained = sparkNet.fit(batches);
        long trainMillis = (System.nanoTime() - t0) / 1_000_000;
        double score = sparkNet.getScore();
        long images = (long) iterations * plan.batchSize();
        imagesTrained.add(images);
        if (!Double.isFinite(score)) {
            candidatesFailed.add(1);
            return CandidateResult.failed(task.candidateId(), CandidateStatus.NON_FINITE, "training loss became "
                    + score + " in round " + (task.round() + 1) + " (parameter averaging over " + executorsPerGroup
                    + " executors)", "executor group");
        }
        models.write(trained, start.info(), task.modelOutUri());
        double meanLoss = score;
        String group = "parameter averaging on " + executorsPerGroup + " executors";
        DriverHadoopConf conf = hadoop;
        List<CandidateResult> reward = sc.parallelize(List.of(task), 1)
                .map(t -> new CandidateTrainer(conf.install()).rewardWritten(t, meanLoss, images, trainMillis,
                        group + ", rewarded on " + executorName()))
                .collect();
        return reward.get(0);
    }

    private static String executorName() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "local" : "executor " + env.executorId();
    }
}
