package org.facelfs.app.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.facelfs.app.TrainingBackend;
import org.facelfs.run.RunLayout;
import org.facelfs.data.source.VerificationSource;
import org.facelfs.eval.VerificationReport;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneSpec;
import org.facelfs.search.Candidate;
import org.facelfs.train.CandidateResult;
import org.facelfs.train.CandidateTask;
import org.facelfs.train.FinalEvaluation;
import org.facelfs.train.InitialModel;
import org.facelfs.train.ModelFiles;
import org.facelfs.train.TrainPlan;

/**
 * The Spark side of the search: inspects the data, writes the initial weights, trains each round
 * ({@link TaskPerCandidate} or {@link ExecutorGroups}) and runs the final evaluation as a task.
 * Candidates read the round's starting weights from the output directory and write theirs there.
 * In the Spark UI the job group is the round ("round 3/20"), descriptions name the losses, and
 * the accumulators "images trained" and "candidates failed" show on the stage page.
 */
public final class SparkTrainingBackend implements TrainingBackend {

    private final JavaSparkContext sc;
    private final FileStore store;
    private final TrainPlan plan;
    private final BackboneSpec backbone;
    private final LossSpec initialLoss;
    private final List<VerificationSource> finalSets;
    private final int executorsPerGroup;
    private final LongAccumulator imagesTrained;
    private final LongAccumulator candidatesFailed;
    private final DriverHadoopConf hadoop;

    /**
     * @param executorsPerGroup 0 = one task per candidate ({@code cluster.group = task}); g > 0 =
     *                          each candidate trained by g executors with parameter averaging
     */
    public SparkTrainingBackend(JavaSparkContext sc, FileStore store, TrainPlan plan, BackboneSpec backbone,
                                LossSpec initialLoss, List<VerificationSource> finalSets, int executorsPerGroup) {
        this.sc = sc;
        this.store = store;
        this.plan = plan;
        this.backbone = backbone;
        this.initialLoss = initialLoss;
        this.finalSets = List.copyOf(finalSets);
        this.executorsPerGroup = executorsPerGroup;
        this.imagesTrained = sc.sc().longAccumulator("images trained");
        this.candidatesFailed = sc.sc().longAccumulator("candidates failed");
        this.hadoop = DriverHadoopConf.of(sc);
    }

    /** Opens the training data in a one-task job ({@link DataInspection}): a cluster driver decodes no image. */
    @Override
    public Trainer inspectData() {
        sc.setJobGroup("inspect-data", "inspect the training data: " + plan.data().describe(), false);
        sc.sc().setCallSite("open the training data");
        DataFacts facts;
        try {
            facts = sc.parallelize(List.of(0), 1).map(new DataInspection(plan.data(), setsToFingerprint(), hadoop))
                    .collect().get(0).factsOrThrow();
        } finally {
            sc.sc().clearCallSite();
            sc.clearJobGroup();
        }
        // the executor groups need the image count: the driver never opens the data
        RoundTrainer rounds = executorsPerGroup > 0
                ? new ExecutorGroups(sc, store, hadoop, executorsPerGroup, facts.numImages(), imagesTrained,
                        candidatesFailed)
                : new TaskPerCandidate(sc, hadoop, imagesTrained, candidatesFailed);
        return new Inspected(this, facts, rounds);
    }

    /** The reward set and every other final evaluation set, by the name a changed set is refused with. */
    private Map<String, VerificationSource> setsToFingerprint() {
        Map<String, VerificationSource> sets = new LinkedHashMap<>();
        sets.put("reward set '" + plan.reward().name() + "' (data.reward)", plan.reward());
        for (VerificationSource s : finalSets) {
            if (!s.equals(plan.reward())) {
                sets.put("evaluation set '" + s.name() + "' (data.eval)", s);
            }
        }
        return sets;
    }

    /** The backend once the data is known: its facts, and how its rounds are spread. */
    private record Inspected(SparkTrainingBackend backend, DataFacts data, RoundTrainer rounds) implements Trainer {

        @Override
        public void writeInitialModel(RunLayout layout, long seed) {
            backend.writeInitialModel(layout, data, seed);
        }

        @Override
        public List<CandidateResult> trainRound(RunLayout layout, int round, int total, List<Candidate> candidates,
                                                String startModelUri) {
            return rounds.train(round, total, backend.tasks(layout, round, candidates, startModelUri));
        }

        @Override
        public List<VerificationReport> evaluateFinal(RunLayout layout, String modelUri) {
            return backend.evaluateFinal(modelUri);
        }
    }

    /**
     * Builds and writes the initial weights in a one-task job: the driver never loads ND4J for the
     * task mode, so a CUDA build of the jar runs with a driver that has no GPU.
     */
    private void writeInitialModel(RunLayout layout, DataFacts data, long seed) {
        BackboneSpec net = backbone;
        LossSpec loss = initialLoss;
        org.facelfs.train.Optimizer optimizer = plan.optimizer();
        int classes = data.numClasses();
        String uri = store.uri(layout.initialModel()).toString();
        DriverHadoopConf conf = hadoop;
        sc.setJobGroup("initial-model", "build and write the initial weights", false);
        try {
            sc.parallelize(List.of(0), 1).map(i -> {
                new ModelFiles(conf.install()).write(InitialModel.build(net, classes, loss, optimizer, seed),
                        new ModelFiles.ModelInfo(net.input()), uri);
                return i;
            }).collect();
        } finally {
            sc.clearJobGroup();
        }
    }

    private List<CandidateTask> tasks(RunLayout layout, int round, List<Candidate> candidates, String startModelUri) {
        List<CandidateTask> tasks = new ArrayList<>();
        for (Candidate c : candidates) {
            tasks.add(new CandidateTask(c.id(), round, c.spec(), c.seed(), startModelUri,
                    store.uri(layout.candidateModel(round, c.index())).toString(),
                    store.uri(layout.candidateResult(round, c.index())).toString(), plan));
        }
        return tasks;
    }

    private List<VerificationReport> evaluateFinal(String modelUri) {
        if (finalSets.isEmpty()) {
            return List.of();
        }
        sc.setJobGroup("final-evaluation", "final evaluation of the best model", false);
        sc.sc().setCallSite("evaluate the best model on " + finalSets.size() + " sets");
        try {
            List<VerificationSource> sets = finalSets;
            int batch = plan.evalBatchSize();
            boolean fuse = plan.flipFusion();
            int threads = plan.threads();
            DriverHadoopConf conf = hadoop;
            // the reports travel back as records; JSON is written only at the file edge (evaluation.json)
            return sc.parallelize(List.of(modelUri), 1)
                    .flatMap(uri -> FinalEvaluation.evaluate(conf.install(), uri, sets, batch, fuse, threads)
                            .iterator())
                    .collect();
        } finally {
            sc.sc().clearCallSite();
            sc.clearJobGroup();
        }
    }

}
