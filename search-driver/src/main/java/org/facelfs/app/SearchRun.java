package org.facelfs.app;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.facelfs.run.CorruptCheckpointException;
import org.facelfs.run.History;
import org.facelfs.run.HistoryRow;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.run.RunLease;
import org.facelfs.io.FileStore;
import org.facelfs.eval.VerificationReport;
import org.facelfs.loss.LossSpec;
import org.facelfs.loss.LossSpecJson;
import org.facelfs.search.Best;
import org.facelfs.search.Candidate;
import org.facelfs.search.CandidateOutcome;
import org.facelfs.search.CandidateRecord;
import org.facelfs.search.RoundRecord;
import org.facelfs.search.SearchController;
import org.facelfs.search.SearchSettings;
import org.facelfs.search.SearchState;
import org.facelfs.train.CandidateResult;
import org.facelfs.outcome.CandidateStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search loop of DESIGN.md §1.3 around a {@link TrainingBackend}: propose, train a round,
 * observe, keep the best weights, checkpoint — and resume from the checkpoint after any stop.
 *
 * <p>Order of writes after a round: candidate files (by the tasks), then history, then
 * {@code state.json} last, atomically. A stop anywhere before the state is replaced leaves the
 * previous round's state in charge; the half-finished round is simply run again, and since every
 * candidate is deterministic from its seed, it produces the same files.
 */
public final class SearchRun {

    private static final Logger LOG = LoggerFactory.getLogger(SearchRun.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RunOptions options;
    private final TrainingBackend backend;
    private final FileStore store;
    private final RunLayout layout;
    private final ProgressReporter progress;
    private final RoundListener listener;

    public SearchRun(RunOptions options, TrainingBackend backend, FileStore store, ProgressReporter progress) {
        this(options, backend, store, progress, RoundListener.NONE);
    }

    /** @param listener told after each round is checkpointed (metrics) */
    public SearchRun(RunOptions options, TrainingBackend backend, FileStore store, ProgressReporter progress,
                     RoundListener listener) {
        this.listener = listener;
        this.options = options;
        this.backend = backend;
        this.store = store;
        this.layout = options.layout();
        this.progress = progress;
    }

    /** Runs (or resumes) the search to {@code search.rounds} rounds and finishes the run directory. */
    public RunSummary run() {
        // the lease names the run: the resumed one's id, or the id a new run is about to get
        String runId = store.exists(layout.state()) ? RunState.read(store, layout).runId() : UUID.randomUUID().toString();
        try (RunLease lease = RunLease.acquire(store, layout, runId, options.lease())) {
            return run(lease, store.exists(layout.state()), runId);
        }
    }

    private RunSummary run(RunLease lease, boolean hasState, String runId) {
        Instant started = Instant.now();
        TrainingBackend.Trainer trainer = backend.inspectData();
        TrainingBackend.DataFacts data = trainer.data();
        Resumed resumed = hasState ? resume(data) : startUnlessProgressIsThere(trainer, runId, lease);
        RunState state = resumed.state();
        SearchController controller = resumed.controller();
        History history = resumed.history();
        int rounds = options.settings().rounds();
        int first = state.completedRounds();
        options.settings().warnings().forEach(w -> progress.line("warning: " + w));
        if (first > 0) {
            progress.line("resuming %s after round %d of %d".formatted(layout.out(), first, rounds));
        }
        for (int round = first; round < rounds; round++) {
            lease.requireHeld();
            Instant roundStart = Instant.now();
            List<Candidate> candidates = controller.propose(round);
            List<CandidateResult> results = trainer.trainRound(layout, round, rounds, candidates,
                    store.uri(state.startModelPath(store, layout)).toString());
            requireOneResultPerCandidate(candidates, results);
            stopIfEveryCandidateFailed(round, results);
            RoundRecord record = controller.observe(results.stream().map(SearchRun::outcome).toList());
            Optional<Best> best = controller.best();
            // the next round starts from the round's best; a round in which none finished keeps the last start
            String nextStart = record.bestId() == null ? state.startModel()
                    : layout.relative(candidateModel(best.orElseThrow().current().candidate()));
            lease.requireHeld();
            history.addAll(rows(record, candidates, results));
            history.write(store, layout);
            state = state.afterRound(nextStart, controller.state(), Instant.now().toString());
            state.write(store, layout);
            Duration took = Duration.between(roundStart, Instant.now());
            listener.roundCompleted(new CompletedRound(round, rounds, record, best, history.rows(), took));
            progress.round(round, rounds, record, best, took,
                    Duration.between(started, Instant.now()), round - first + 1, rounds - round - 1);
        }
        lease.requireHeld();
        return finish(state, controller, trainer);
    }

    private record Resumed(RunState state, SearchController controller, History history) {
    }

    /**
     * Never starts over where a run has made progress: on object stores (s3a) replacing
     * {@code state.json} is delete + copy, and a stop between the two leaves rounds and history but
     * no state. Starting afresh there would silently overwrite the run.
     */
    private Resumed startUnlessProgressIsThere(TrainingBackend.Trainer trainer, String runId, RunLease lease) {
        if (store.exists(layout.historyJsonl()) || store.exists(layout.round(0))) {
            throw new CorruptCheckpointException(layout.out() + " holds a run's rounds but no state.json (a stop while "
                    + "the checkpoint was being replaced on an object store can leave it so; the complete new checkpoint "
                    + "is the newest ._tmp-state.json-* file beside it: rename it to state.json to resume)");
        }
        return start(trainer, runId, lease);
    }

    private Resumed start(TrainingBackend.Trainer trainer, String runId, RunLease lease) {
        TrainingBackend.DataFacts data = trainer.data();
        SearchSettings settings = options.settings();
        store.writeAtomically(layout.config(), options.effectiveConfig());
        store.writeAtomically(layout.labelMap(), String.join("\n", data.classNames()) + "\n");
        store.writeAtomically(layout.problems(), String.join("\n", data.problems()) + "\n");
        if (!data.problems().isEmpty()) {
            progress.line("training data: " + data.problems().get(0) + " (all in problems.txt)");
        }
        SearchController controller;
        WarmStart warm = options.warmStart();
        if (warm != null) {
            warm.requireSameData(data.fingerprint());
            controller = warm.controller(settings);
        } else {
            controller = new SearchController(settings);
        }
        if (warm != null && warm.weights(store) != null) {
            // a copy, not a pointer into the earlier run: this directory stays whole when it is moved or copied
            store.copy(warm.weights(store), layout.initialModel());
        } else {
            trainer.writeInitialModel(layout, settings.seed());
        }
        String now = Instant.now().toString();
        RunState state = new RunState(RunState.FORMAT_VERSION, runId,
                options.configFingerprint(), data.fingerprint(), data.setFingerprints(), options.codeVersion(), 0,
                layout.relative(layout.initialModel()), controller.state(), now, now);
        lease.requireHeld();
        state.write(store, layout);
        progress.line("started %s: %s, %d rounds x %d candidates, %d training classes, %d images"
                .formatted(layout.out(), describe(settings), settings.rounds(), settings.candidates(),
                        data.numClasses(), data.numImages()));
        return new Resumed(state, controller, new History());
    }

    private Resumed resume(TrainingBackend.DataFacts data) {
        if (options.fresh()) {
            throw new IllegalStateException(layout.out() + " already holds a run (state.json); --fresh refuses to "
                    + "overwrite it. Choose another --out, or drop --fresh to resume it.");
        }
        RunState state = RunState.read(store, layout);
        if (!state.configFingerprint().equals(options.configFingerprint())) {
            // keys added to reference.conf since the run was written, at their defaults, are no change
            List<String> changes = store.exists(layout.config())
                    ? ConfigFingerprint.changes(store.readString(layout.config()), options.effectiveConfig(),
                            ConfigFactory.defaultReference(), Map.of("search.sigma", options.settings().sigma(),
                                    "search.sigma-min", options.settings().sigmaMin()))
                    : List.of("(its config.conf is missing)");
            if (!changes.isEmpty()) {
                throw new IllegalStateException(layout.out() + " holds a run with another configuration: "
                        + String.join("; ", changes) + ". Only run.*, cluster.*, search.rounds and search.init-* may "
                        + "change on resume; use another --out for a new run.");
            }
        }
        if (store.exists(layout.config())) {
            RunExtension.problem(store.readString(layout.config()), options.effectiveConfig()).ifPresent(p -> {
                throw new IllegalStateException(layout.out() + ": " + p);
            });
        }
        if (!state.dataFingerprint().equals(data.fingerprint())) {
            throw new IllegalStateException(layout.out() + " was trained on other data (fingerprint "
                    + state.dataFingerprint() + ", now " + data.fingerprint() + "); use another --out for a new run.");
        }
        state = checkSameSets(state, data);
        SearchState saved = state.controller();
        if (saved.nextRound() != state.completedRounds()) {
            throw new CorruptCheckpointException(layout.state() + " counts " + state.completedRounds()
                    + " completed rounds but its controller is at round " + saved.nextRound());
        }
        if (!store.exists(state.startModelPath(store, layout))) {
            throw new CorruptCheckpointException(layout.state() + " points at weights "
                    + state.startModelPath(store, layout) + " that do not exist");
        }
        SearchState extended = new SearchState(saved.formatVersion(),
                saved.settings().toBuilder().rounds(options.settings().rounds()).build(), saved.rng(),
                saved.nextRound(), saved.policy(), saved.current(), saved.overall(), saved.history());
        SearchController controller = SearchController.restore(extended);
        return new Resumed(state, controller, History.load(store, layout, state.completedRounds()));
    }

    /**
     * The rewards of a run must all come from one reward set, and its final evaluation from the sets it
     * was started with: a set whose files changed (another pairs list, other images) is refused by name.
     * Before the first completed round no reward is recorded, so today's sets are taken (a set that
     * failed to open can be fixed); so are they for a checkpoint written before sets were fingerprinted.
     */
    private RunState checkSameSets(RunState state, TrainingBackend.DataFacts data) {
        if (state.setFingerprints() == null || state.completedRounds() == 0) {
            return state.withSetFingerprints(data.setFingerprints());
        }
        for (Map.Entry<String, String> then : state.setFingerprints().entrySet()) {
            String now = data.setFingerprints().get(then.getKey());
            if (now != null && !now.equals(then.getValue())) {
                throw new IllegalStateException(layout.out() + " was run with other contents of the " + then.getKey()
                        + " (fingerprint " + then.getValue() + ", now " + now + "): its pairs or images changed since "
                        + "the run started, and rewards from two sets do not compare. Restore the set, or use another "
                        + "--out for a new run.");
            }
        }
        return state;
    }

    private Path candidateModel(Candidate c) {
        return layout.candidateModel(c.round(), c.index());
    }

    private RunSummary finish(RunState state, SearchController controller, TrainingBackend.Trainer trainer) {
        Optional<Best> found = controller.best();
        if (found.isEmpty()) {
            progress.line("no candidate finished in any round: no best model; see history.csv for the reasons");
            return new RunSummary(layout, state, List.of());
        }
        // search.final-model: the last round's best is the weights the next round would start from
        Best best = found.get();
        Candidate chosen = controller.settings().finalModel().of(best).candidate();
        boolean lastRoundBest = chosen.id().equals(best.current().candidate().id());
        store.copy(lastRoundBest ? state.startModelPath(store, layout) : candidateModel(chosen), layout.bestModel());
        LossSpec bestLoss = chosen.spec();
        store.writeAtomically(layout.bestLoss(), LossSpecJson.write(bestLoss));
        store.writeAtomically(layout.bestLossFormula(), bestLoss.formula() + "\n");
        List<VerificationReport> evaluations = trainer.evaluateFinal(layout, store.uri(layout.bestModel()).toString());
        Map<String, VerificationReport> byName = new LinkedHashMap<>();
        evaluations.forEach(r -> byName.put(r.name(), r));
        store.writeAtomically(layout.finalEvaluation(), json(byName));
        return new RunSummary(layout, state, evaluations);
    }

    private static CandidateOutcome outcome(CandidateResult r) {
        return new CandidateOutcome(r.candidateId(), r.ok() ? r.reward() : Double.NaN, r.status(), r.metrics());
    }

    private static void requireOneResultPerCandidate(List<Candidate> candidates, List<CandidateResult> results) {
        List<String> want = candidates.stream().map(Candidate::id).toList();
        List<String> got = results.stream().map(CandidateResult::candidateId).toList();
        if (!want.equals(got)) {
            throw new IllegalStateException("the round returned results for " + got + " instead of " + want);
        }
    }

    /**
     * A round in which every candidate failed with an error (not a divergence) says nothing about
     * the losses: the data, the memory or the output directory is at fault, and would be for the
     * next rounds too. Stop before the round is recorded, so the checkpoint stays at the last good
     * round and the same command resumes it once the cause is fixed.
     */
    private void stopIfEveryCandidateFailed(int round, List<CandidateResult> results) {
        if (results.isEmpty() || !results.stream().allMatch(r -> r.status() == CandidateStatus.FAILED)) {
            return;
        }
        List<String> reasons = results.stream().map(CandidateResult::reason).distinct().toList();
        throw new IllegalStateException("every candidate of round " + (round + 1) + " failed, so the run stops; "
                + layout.state() + " still records " + round + " completed round(s), and the same command resumes "
                + "from there once the cause is fixed. " + (reasons.size() == 1 ? "Reason: " + reasons.get(0)
                : "Reasons: " + String.join(" | ", reasons)));
    }

    private static List<HistoryRow> rows(RoundRecord record, List<Candidate> candidates, List<CandidateResult> results) {
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            CandidateResult r = results.get(i);
            CandidateRecord rec = record.candidates().get(i);
            rows.add(new HistoryRow(c.round(), c.id(), c.index(), LossSpecJson.typeName(c.spec()), c.spec().formula(), c.seed(),
                    rec.status().key(), r.reward(), c.id().equals(record.bestId()), r.meanTrainLoss(),
                    r.imagesPerSecond(), r.trainMillis() / 1000.0, r.evalMillis() / 1000.0, r.executor(), r.reason(),
                    LossSpecJson.write(c.spec())));
        }
        return rows;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(SearchSettings s) {
        return s.policy().key() + (s.policy().key().equals("search-softmax") ? " (" + s.space().key() + ")" : "");
    }
}
