package org.facelfs.train;

import org.facelfs.outcome.CandidateStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.VerificationSet;
import org.facelfs.data.batch.FaceBatchIterator;
import org.facelfs.eval.Embedder;
import org.facelfs.eval.NonFiniteEmbeddingException;
import org.facelfs.eval.VerificationReport;
import org.facelfs.io.FileStore;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one candidate for one round and measures its reward — everything one Spark task does,
 * runnable without Spark. Deterministic: the same task gives bit-identical weights on the CPU
 * backend (data order, flips and dropout all derive from the task's seed), so a retried task
 * reproduces its result.
 */
public final class CandidateTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateTrainer.class);
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final FileStore store;
    private final ModelFiles models;

    public CandidateTrainer(FileStore store) {
        this.store = store;
        this.models = new ModelFiles(store);
    }

    /** Trains, evaluates and writes the candidate; failures come back as a status, never thrown. */
    public CandidateResult run(CandidateTask task, String executor) {
        try {
            return train(task, executor);
        } catch (OutOfMemoryError e) {
            return failed(task, executor, CandidateStatus.FAILED, OutOfMemory.explain(e, task.plan()));
        } catch (RuntimeException e) {
            String msg = OutOfMemory.isOffHeap(e) ? OutOfMemory.explain(e, task.plan())
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            logFailure(task.candidateId() + ": failed: " + msg, e);
            return failed(task, executor, CandidateStatus.FAILED, msg);
        }
    }

    /** Bad input (a pairs file's bad line) is its message; anything else keeps its stack trace for the log. */
    private static void logFailure(String message, RuntimeException e) {
        if (DataFormatException.isBadInput(e)) {
            LOG.error(message);
        } else {
            LOG.error(message, e);
        }
    }

    private CandidateResult train(CandidateTask task, String executor) {
        TrainPlan plan = task.plan();
        Threads.limit(plan.threads());
        StartingPoint start = StartingPoint.of(models, task);
        ComputationGraph net = start.net();
        Nd4j.getRandom().setSeed(task.seed());

        FaceDataset data = plan.data().open();
        // the reward set is opened (once per JVM) before training: a bad file fails in seconds, not after a round
        plan.reward().open();
        FaceBatchIterator batches = plan.batches(data, task.seed(), task.round());
        int iterations = plan.iterationsFor(data.size());
        LOG.info("{}: round {} training {} iterations of {} with {}", task.candidateId(), task.round() + 1,
                iterations, plan.batchSize(), task.loss().formula());

        long t0 = System.nanoTime();
        TrainingProgress progress = new TrainingProgress(task.candidateId(), iterations, plan.progressSeconds());
        String nonFinite = plan.devices() > 1
                ? trainParallel(net, batches, iterations, task, progress)
                : trainSequential(net, batches, iterations, task, progress);
        long trainNanos = System.nanoTime() - t0;
        if (nonFinite != null) {
            return diverged(task, executor, nonFinite);
        }

        long t1 = System.nanoTime();
        VerificationReport report;
        try {
            report = evaluate(plan, net);
        } catch (NonFiniteEmbeddingException e) {
            return diverged(task, executor, e.getMessage() + " after training round " + (task.round() + 1)
                    + " (learning rate " + plan.optimizer().schedule().lrAt(task.round(), iterations - 1, iterations)
                    + " at its last iteration)");
        }
        long evalMillis = (System.nanoTime() - t1) / 1_000_000;
        models.write(net, start.info(), task.modelOutUri());
        return record(task, report, progress.meanLoss(), progress.images(), trainNanos / 1_000_000, evalMillis,
                executor);
    }

    /**
     * Rewards a candidate whose weights were already written to {@code task.modelOutUri()} (by a
     * group of executors training it together): reads them, evaluates, writes the result file.
     */
    public CandidateResult rewardWritten(CandidateTask task, double meanLoss, long images, long trainMillis,
                                         String executor) {
        try {
            Threads.limit(task.plan().threads());
            long t1 = System.nanoTime();
            VerificationReport report = evaluate(task.plan(), models.read(task.modelOutUri()));
            return record(task, report, meanLoss, images, trainMillis, (System.nanoTime() - t1) / 1_000_000,
                    executor);
        } catch (NonFiniteEmbeddingException e) {
            // the weights were written before this check: a diverged model must not stay where a start is read
            store.deleteRecursively(store.fromUri(task.modelOutUri()));
            return diverged(task, executor, e.getMessage() + " after training round " + (task.round() + 1));
        } catch (RuntimeException e) {
            logFailure(task.candidateId() + ": reward failed: " + e.getMessage(), e);
            return failed(task, executor, CandidateStatus.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The reward set's verification report; a diverged model's NaN embedding throws. */
    private static VerificationReport evaluate(TrainPlan plan, ComputationGraph net) {
        VerificationSet rewardSet = plan.reward().open();
        return rename(new Embedder(net, plan.evalBatchSize(), plan.flipFusion()).evaluate(rewardSet),
                plan.reward().name());
    }

    /** The finished candidate's result, written beside its weights and logged. */
    private CandidateResult record(CandidateTask task, VerificationReport report, double meanLoss, long images,
                                   long trainMillis, long evalMillis, String executor) {
        CandidateResult result = new CandidateResult(task.candidateId(), CandidateStatus.OK, "",
                report.accuracyMean(), metrics(report), meanLoss, images,
                images / Math.max(trainMillis / 1000.0, 1e-9), trainMillis, evalMillis, task.modelOutUri(), executor);
        writeResult(task, result, report);
        LOG.info("{}: reward {} ({}), mean loss {}, {} img/s", task.candidateId(),
                String.format(Locale.ROOT, "%.4f", result.reward()), report.summary(),
                String.format(Locale.ROOT, "%.4f", result.meanTrainLoss()),
                String.format(Locale.ROOT, "%.1f", result.imagesPerSecond()));
        return result;
    }

    /** One minibatch at a time, the learning rate set per iteration; null or the non-finite reason. */
    private String trainSequential(ComputationGraph net, FaceBatchIterator batches, int iterations, CandidateTask task,
                                   TrainingProgress progress) {
        TrainPlan plan = task.plan();
        for (int it = 0; it < iterations; it++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            DataSet batch = batches.next();
            plan.optimizer().applyLr(net, task.round(), it, iterations);
            net.fit(batch);
            double loss = net.score();
            if (!Double.isFinite(loss)) {
                return "training loss became " + loss + " at iteration " + (it + 1) + " of round "
                        + (task.round() + 1) + " (learning rate " + plan.optimizer().schedule()
                        .lrAt(task.round(), it, iterations) + ")";
            }
            progress.step(loss, (int) batch.getFeatures().size(0));
        }
        return null;
    }

    /**
     * Several devices train one candidate data-parallel through DL4J's ParallelWrapper (each
     * worker a model replica, parameters averaged). The learning rate is set once per round:
     * the replicas do not take per-iteration changes.
     */
    private String trainParallel(ComputationGraph net, FaceBatchIterator batches, int iterations, CandidateTask task,
                                 TrainingProgress progress) {
        TrainPlan plan = task.plan();
        plan.optimizer().applyLr(net, task.round(), 0, iterations);
        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net).workers(plan.devices())
                .prefetchBuffer(2).averagingFrequency(1).reportScoreAfterAveraging(true).build();
        try {
            wrapper.fit(new LimitedIterator(batches, iterations));
        } finally {
            wrapper.shutdown();
        }
        double loss = net.score();
        if (!Double.isFinite(loss)) {
            return "training loss became " + loss + " in round " + (task.round() + 1) + " (data-parallel on "
                    + plan.devices() + " devices)";
        }
        progress.step(loss, iterations * plan.batchSize());
        return null;
    }

    private void writeResult(CandidateTask task, CandidateResult result, VerificationReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("result", result);
        json.put("loss", task.loss());
        json.put("seed", task.seed());
        json.put("startModel", task.startModelUri());
        json.put("reward", report);
        try {
            store.writeAtomically(store.fromUri(task.resultOutUri()), JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A candidate whose loss or embeddings went non-finite: the search's own outcome, logged as a warning. */
    private CandidateResult diverged(CandidateTask task, String executor, String reason) {
        LOG.warn("{}: {}", task.candidateId(), reason);
        return failed(task, executor, CandidateStatus.NON_FINITE, reason);
    }

    private CandidateResult failed(CandidateTask task, String executor, CandidateStatus status, String reason) {
        return CandidateResult.failed(task.candidateId(), status, reason, executor);
    }

    /** The reward metrics by name, as history and the controller see them. */
    static Map<String, Double> metrics(VerificationReport r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", r.accuracyMean());
        m.put("accuracy_std", r.accuracyStd());
        m.put("auc", r.auc());
        m.put("best_threshold_accuracy", r.bestThresholdAccuracy());
        for (double far : VerificationReport.FAR_TARGETS) {
            m.put("tar@far=" + far, r.tarAt(far));
        }
        return m;
    }

    static VerificationReport rename(VerificationReport r, String name) {
        return new VerificationReport(name, r.accuracyMean(), r.accuracyStd(), r.foldAccuracies(), r.foldThresholds(),
                r.bestThresholdAccuracy(), r.bestThreshold(), r.auc(), r.tarAtFar(), r.roc(), r.numPairs(),
                r.imagesEmbedded());
    }
}
