package org.facelfs.app;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.facelfs.run.CorruptCheckpointException;
import org.facelfs.run.History;
import org.facelfs.run.HistoryRow;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
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
import org.facelfs.train.CandidateStatus;
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
        Instant started = Instant.now();
        TrainingBackend.Trainer trainer = backend.inspectData();
        TrainingBackend.DataFacts data = trainer.data();
        Resumed resumed = store.exists(layout.state()) ? resume(data) : startUnlessProgressIsThere(trainer);
        RunState state = resumed.state();
        SearchController controller = resumed.controller();
        History history = resumed.history();
        int rounds = options.settings().rounds();
        int first = state.completedRounds();
        if (first > 0) {
            progress.line("resuming %s after round %d of %d".formatted(layout.out(), first, rounds));
        }
        for (int round = first; round < rounds; round++) {
            Instant roundStart = Instant.now();
            List<Candidate> candidates = controller.propose(round);
            List<CandidateResult> results = trainer.trainRound(layout, round, rounds, candidates, state.startModel());
            requireOneResultPerCandidate(candidates, results);
            stopIfEveryCandidateFailed(round, results);
            RoundRecord record = controller.observe(results.stream().map(SearchRun::outcome).toList());
            Optional<Best> best = controller.best();
            String nextStart = state.startModel();
            CandidateResult bestResult = null;
            if (record.bestId() != null) {
                bestResult = results.stream().filter(r -> r.candidateId().equals(record.bestId())).findFirst()
                        .orElseThrow();
                nextStart = bestResult.modelUri();
            }
            history.addAll(rows(record, candidates, results));
            history.write(store, layout);
            state = state.afterRound(nextStart,
                    bestResult == null ? state.bestCandidate() : bestResult.candidateId(),
                    bestResult == null ? state.bestReward() : bestResult.reward(),
                    best.map(b -> lossJson(b.current().candidate().spec())).orElse(state.bestLossJson()),
                    controller.state().toJsonNode(), Instant.now().toString());
            state.write(store, layout);
            Duration took = Duration.between(roundStart, Instant.now());
            listener.roundCompleted(new CompletedRound(round, rounds, record, best, history.rows(), took));
            progress.round(round, rounds, record, best, took,
                    Duration.between(started, Instant.now()), round - first + 1, rounds - round - 1);
        }
        return finish(state, controller, trainer);
    }

    private record Resumed(RunState state, SearchController controller, History history) {
    }

    /**
     * Never starts over where a run has made progress: on object stores (s3a) replacing
     * {@code state.json} is delete + copy, and a stop between the two leaves rounds and history but
     * no state. Starting afresh there would silently overwrite the run.
     */
    private Resumed startUnlessProgressIsThere(TrainingBackend.Trainer trainer) {
        if (store.exists(layout.historyJsonl()) || store.exists(layout.round(0))) {
            throw new CorruptCheckpointException(layout.out() + " holds a run's rounds but no state.json (a stop while "
                    + "the checkpoint was being replaced on an object store can leave it so; the complete new checkpoint "
                    + "is the newest ._tmp-state.json-* file beside it: rename it to state.json to resume)");
        }
        return start(trainer);
    }

    private Resumed start(TrainingBackend.Trainer trainer) {
        TrainingBackend.DataFacts data = trainer.data();
        SearchSettings settings = options.settings();
        store.writeAtomically(layout.config(), options.effectiveConfig());
        store.writeAtomically(layout.labelMap(), String.join("\n", data.classNames()) + "\n");
        store.writeAtomically(layout.problems(), String.join("\n", data.problems()) + "\n");
        if (!data.problems().isEmpty()) {
            progress.line("training data: " + data.problems().get(0) + " (all in problems.txt)");
        }
        SearchController controller;
        String startModel;
        WarmStart warm = options.warmStart();
        if (warm != null) {
            warm.requireSameData(data.fingerprint());
            controller = warm.controller(settings);
            startModel = warm.weights() != null ? warm.weights() : null;
        } else {
            controller = new SearchController(settings);
            startModel = null;
        }
        if (startModel == null) {
            trainer.writeInitialModel(layout, settings.seed());
            startModel = store.uri(layout.initialModel()).toString();
        }
        String now = Instant.now().toString();
        RunState state = new RunState(RunState.FORMAT_VERSION, UUID.randomUUID().toString(),
                options.configFingerprint(), data.fingerprint(), options.codeVersion(), 0, startModel, "",
                Double.NaN, "", controller.state().toJsonNode(), now, now);
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
            String diff = store.exists(layout.config())
                    ? ConfigFingerprint.differences(store.readString(layout.config()), options.effectiveConfig())
                    : "(its config.conf is missing)";
            throw new IllegalStateException(layout.out() + " holds a run with another configuration: " + diff
                    + ". Only run.*, cluster.*, search.rounds and search.init-* may change on resume; use another --out for a "
                    + "new run.");
        }
        if (!state.dataFingerprint().equals(data.fingerprint())) {
            throw new IllegalStateException(layout.out() + " was trained on other data (fingerprint "
                    + state.dataFingerprint() + ", now " + data.fingerprint() + "); use another --out for a new run.");
        }
        SearchState saved;
        try {
            saved = SearchState.fromJsonNode(state.controller(), layout.state().toString());
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(e.getMessage());
        }
        if (saved.nextRound() != state.completedRounds()) {
            throw new CorruptCheckpointException(layout.state() + " counts " + state.completedRounds()
                    + " completed rounds but its controller is at round " + saved.nextRound());
        }
        if (!store.exists(store.path(state.startModel()))) {
            throw new CorruptCheckpointException(layout.state() + " points at weights " + state.startModel()
                    + " that do not exist");
        }
        SearchState extended = new SearchState(saved.formatVersion(),
                saved.settings().toBuilder().rounds(options.settings().rounds()).build(), saved.rng(),
                saved.nextRound(), saved.policy(), saved.current(), saved.overall(), saved.history());
        SearchController controller = SearchController.restore(extended);
        return new Resumed(state, controller, History.load(store, layout, state.completedRounds()));
    }

    private RunSummary finish(RunState state, SearchController controller, TrainingBackend.Trainer trainer) {
        if (state.bestCandidate().isEmpty()) {
            progress.line("no candidate finished in any round: no best model; see history.csv for the reasons");
            return new RunSummary(layout, state, List.of());
        }
        store.copy(store.path(state.startModel()), layout.bestModel());
        LossSpec bestLoss = controller.best().orElseThrow().current().candidate().spec();
        store.writeAtomically(layout.bestLoss(), state.bestLossJson());
        store.writeAtomically(layout.bestLossFormula(), bestLoss.formula() + "\n");
        List<VerificationReport> evaluations = trainer.evaluateFinal(layout, store.uri(layout.bestModel()).toString());
        Map<String, VerificationReport> byName = new LinkedHashMap<>();
        evaluations.forEach(r -> byName.put(r.name(), r));
        store.writeAtomically(layout.finalEvaluation(), json(byName));
        return new RunSummary(layout, state, evaluations);
    }

    private static CandidateOutcome outcome(CandidateResult r) {
        CandidateOutcome.Status status = switch (r.status()) {
            case OK -> CandidateOutcome.Status.OK;
            case NON_FINITE -> CandidateOutcome.Status.NON_FINITE;
            case FAILED -> CandidateOutcome.Status.FAILED;
        };
        return new CandidateOutcome(r.candidateId(), r.ok() ? r.reward() : Double.NaN, status, r.metrics());
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
            rows.add(new HistoryRow(c.round(), c.id(), c.index(), typeOf(c.spec()), c.spec().formula(), c.seed(),
                    rec.status().key(), r.reward(), c.id().equals(record.bestId()), r.meanTrainLoss(),
                    r.imagesPerSecond(), r.trainMillis() / 1000.0, r.evalMillis() / 1000.0, r.executor(), r.reason(),
                    lossJson(c.spec())));
        }
        return rows;
    }

    /** The loss's family as history names it ({@code "cosface"}): the JSON type name of its record. */
    static String typeOf(LossSpec spec) {
        return Arrays.stream(LossSpec.class.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.value() == spec.getClass()).map(JsonSubTypes.Type::name).findFirst().orElseThrow();
    }

    static String lossJson(LossSpec spec) {
        return LossSpecJson.write(spec);
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
