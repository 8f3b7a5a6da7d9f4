package org.facelfs.app;

import org.facelfs.outcome.CandidateStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facelfs.app.config.JobConfig.WarmStartSettings.Take;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.config.ConfigReader;
import org.facelfs.app.config.SearchSettingsReader;
import org.facelfs.run.CorruptCheckpointException;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.io.FileStore;
import org.facelfs.search.Best;
import org.facelfs.search.Candidate;
import org.facelfs.search.FinalModel;
import org.facelfs.search.SearchState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search loop's checkpoint/resume logic, with a backend that trains nothing. */
class SearchRunTest {

    @TempDir
    Path tmp;

    private final FileStore store = FileStore.withDefaults();
    private final List<String> lines = new ArrayList<>();

    private RunOptions options(Path out, int rounds, boolean fresh, Map<String, String> extra) {
        Map<String, String> o = new java.util.HashMap<>(Map.of("search.rounds", Integer.toString(rounds),
                "search.warmup-rounds", "1", "search.candidates", "3", "search.adam.lr", "0.3"));
        o.putAll(extra);
        Config config = ConfigLoader.load(null, o);
        return new RunOptions(new RunLayout(store.path(out.toString())),
                SearchSettingsReader.read(new ConfigReader(config)),
                ConfigLoader.render(config, ConfigFingerprint.SECTIONS), ConfigFingerprint.of(config), "test", fresh,
                null);
    }

    private RunSummary run(Path out, int rounds, FakeBackend backend) {
        return new SearchRun(options(out, rounds, false, Map.of()), backend, store, new ProgressReporter(lines::add)).run();
    }

    private static String stateWithoutTimes(Path out) throws Exception {
        return Files.readString(out.resolve("state.json")).replaceAll("\"(runId|startedAt|updatedAt)\" : \"[^\"]*\"", "")
                .replace(out.toUri().toString(), "OUT/").replace(out.toString(), "OUT");
    }

    @Test
    void aFullRunLeavesStateHistoryAndTheBestModel() throws Exception {
        Path out = tmp.resolve("run");
        RunSummary summary = run(out, 4, new FakeBackend());
        assertEquals(4, summary.state().completedRounds());
        List<String> csv = Files.readAllLines(out.resolve("history.csv"));
        assertEquals(1 + 4 * 3, csv.size(), "header + one row per candidate per round");
        assertEquals(4 * 3, Files.readAllLines(out.resolve("history.jsonl")).size());
        // best/model.zip is the last round's best candidate's weights
        Candidate bestOfLastRound = summary.state().best().orElseThrow().candidate();
        assertEquals(Files.readString(out.resolve("rounds/%04d/candidate-%d/model.zip"
                        .formatted(bestOfLastRound.round(), bestOfLastRound.index()))),
                Files.readString(out.resolve("best/model.zip")));
        assertTrue(Files.readString(out.resolve("best/loss.json")).contains("\"type\""));
        assertTrue(Files.readString(out.resolve("best/loss.txt")).startsWith("L = "));
        assertTrue(Files.exists(out.resolve("config.conf")));
        assertTrue(Files.readString(out.resolve("best/evaluation.json")).contains("fake-set"));
        assertTrue(lines.stream().anyMatch(l -> l.contains("round 4/4") && l.contains("ETA done")), lines.toString());
    }

    @Test
    void bestOfRunHandsOverTheHighestRewardOfAnyRoundAndTheDefaultTheLastRoundsBest() throws Exception {
        FakeBackend falling = new FakeBackend();
        falling.rewardDropPerRound = 0.5; // the best of the run is in its first round
        Path out = tmp.resolve("best-of-run");
        new SearchRun(options(out, 4, false, Map.of("search.final-model", "best-of-run")), falling, store,
                new ProgressReporter(lines::add)).run();
        SearchState s = RunState.read(store, new RunLayout(store.path(out.toString()))).controller();
        Candidate overall = s.overall().candidate();
        assertNotEquals(s.current().candidate().id(), overall.id());
        assertEquals(0, overall.round(), "the highest reward is in the first round: " + lines);
        assertEquals(Files.readString(out.resolve("rounds/%04d/candidate-%d/model.zip".formatted(overall.round(), overall.index()))),
                Files.readString(out.resolve("best/model.zip")));
        assertEquals(org.facelfs.loss.LossSpecJson.write(overall.spec()), Files.readString(out.resolve("best/loss.json")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("best of run ") && l.contains("(" + overall.id() + ")")), lines.toString());
        assertTrue(FinalModel.BEST_OF_RUN.summary(new Best(s.current(), s.overall()))
                .startsWith("final model " + overall.id()));
    }

    @Test
    void aRunWhoseWarmupCoversEveryRoundSaysSoAtTheStart() {
        run(tmp.resolve("all-warmup"), 1, new FakeBackend());
        assertTrue(lines.stream().anyMatch(l -> l.contains("warning: search.warmup-rounds = 1 is not below search.rounds = 1")),
                lines.toString());
        lines.clear();
        run(tmp.resolve("searching"), 2, new FakeBackend());
        assertTrue(lines.stream().noneMatch(l -> l.contains("warning:")), lines.toString());
    }

    @Test
    void resumingAfterTwoRoundsGivesTheSameHistoryAndStateAsAnUnbrokenRun() throws Exception {
        Path unbroken = tmp.resolve("unbroken");
        Path resumed = tmp.resolve("resumed");
        run(unbroken, 4, new FakeBackend());
        FakeBackend second = new FakeBackend();
        run(resumed, 2, new FakeBackend());
        run(resumed, 4, second);
        assertEquals(List.of(2, 3), second.roundsTrained, "the resumed run trains only the missing rounds");
        assertEquals(Files.readString(unbroken.resolve("history.csv")),
                Files.readString(resumed.resolve("history.csv")));
        assertEquals(stateWithoutTimes(unbroken), stateWithoutTimes(resumed).replace("resumed", "unbroken"));
    }

    @Test
    void aCrashMidRoundResumesFromTheLastCompletedRoundAndEndsTheSame() throws Exception {
        Path unbroken = tmp.resolve("unbroken");
        Path crashed = tmp.resolve("crashed");
        run(unbroken, 4, new FakeBackend());
        FakeBackend crashing = new FakeBackend();
        crashing.crashAtRound = 2;
        assertThrows(IllegalStateException.class, () -> run(crashed, 4, crashing));
        assertEquals(2, RunState.read(store, new RunLayout(store.path(crashed.toString()))).completedRounds());
        run(crashed, 4, crashing);
        assertEquals(Files.readString(unbroken.resolve("history.csv")), Files.readString(crashed.resolve("history.csv")));
        assertEquals(stateWithoutTimes(unbroken), stateWithoutTimes(crashed).replace("crashed", "unbroken"));
    }

    @Test
    void aChangedConfigurationIsRefusedNamingTheKey() {
        Path out = tmp.resolve("run");
        run(out, 2, new FakeBackend());
        SearchRun other = new SearchRun(options(out, 3, false, Map.of("search.sigma", "0.3")), new FakeBackend(), store,
                new ProgressReporter(lines::add));
        IllegalStateException e = assertThrows(IllegalStateException.class, other::run);
        assertTrue(e.getMessage().contains("search.sigma: \"auto\" -> 0.3"), e.getMessage());
    }

    /** Runs written when search.sigma's default was the number 0.03 (σ-min 0.01) resume under sigma = auto. */
    @Test
    void aDefaultThatBecameAutoIsNoChangeWhenItResolvesToTheOldNumber() {
        Path out = tmp.resolve("before-auto");
        new SearchRun(options(out, 2, false, Map.of("search.sigma", "0.03", "search.sigma-min", "0.01")),
                new FakeBackend(), store, new ProgressReporter(lines::add)).run();
        RunSummary extended = new SearchRun(options(out, 3, false, Map.of()), new FakeBackend(), store,
                new ProgressReporter(lines::add)).run();
        assertEquals(3, extended.state().completedRounds());

        Path log10 = tmp.resolve("log10-before-auto"); // auto is 0.2 under log10: 0.03 there is another run
        new SearchRun(options(log10, 2, false, Map.of("search.mapping", "log10", "search.sigma", "0.03")),
                new FakeBackend(), store, new ProgressReporter(lines::add)).run();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SearchRun(
                options(log10, 3, false, Map.of("search.mapping", "log10")), new FakeBackend(), store,
                new ProgressReporter(lines::add)).run());
        assertTrue(e.getMessage().contains("search.sigma: 0.03 -> \"auto\""), e.getMessage());
    }

    /** Only a cosine whose length is search.rounds makes a changed search.rounds another run; a fixed length extends. */
    @Test
    void moreRoundsAreRefusedOnlyUnderACosineOverSearchRounds() throws Exception {
        Map<String, String> overTotal = Map.of("train.lr.schedule", "cosine");
        Path out = tmp.resolve("cosine");
        new SearchRun(options(out, 1, false, overTotal), new FakeBackend(), store, new ProgressReporter(lines::add)).run();
        String state = Files.readString(out.resolve("state.json"));
        SearchRun longer = new SearchRun(options(out, 3, false, overTotal), new FakeBackend(), store,
                new ProgressReporter(lines::add));
        IllegalStateException e = assertThrows(IllegalStateException.class, longer::run);
        assertTrue(e.getMessage().contains("search.rounds changes from 1 to 3"), e.getMessage());
        assertEquals(state, Files.readString(out.resolve("state.json")));

        Map<String, String> fixed = Map.of("train.lr.schedule", "cosine", "train.lr.cosine-rounds", "3");
        Path extendable = tmp.resolve("fixed");
        new SearchRun(options(extendable, 1, false, fixed), new FakeBackend(), store, new ProgressReporter(lines::add)).run();
        assertEquals(3, new SearchRun(options(extendable, 3, false, fixed), new FakeBackend(), store,
                new ProgressReporter(lines::add)).run().state().completedRounds());
        Path multistep = tmp.resolve("multistep");
        run(multistep, 1, new FakeBackend());
        assertEquals(3, run(multistep, 3, new FakeBackend()).state().completedRounds());
    }

    @Test
    void freshRefusesAnExistingRun() {
        Path out = tmp.resolve("run");
        run(out, 1, new FakeBackend());
        SearchRun again = new SearchRun(options(out, 1, true, Map.of()), new FakeBackend(), store,
                new ProgressReporter(lines::add));
        IllegalStateException e = assertThrows(IllegalStateException.class, again::run);
        assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
    }

    @Test
    void aCorruptCheckpointIsRefusedAndLeftAsItWas() throws Exception {
        Path out = tmp.resolve("run");
        run(out, 1, new FakeBackend());
        Files.writeString(out.resolve("state.json"), "{\"formatVersion\": 1, \"completedR");
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> run(out, 2, new FakeBackend()));
        assertTrue(e.getMessage().contains("state.json"), e.getMessage());
        assertEquals("{\"formatVersion\": 1, \"completedR", Files.readString(out.resolve("state.json")));
    }

    @Test
    void failedCandidatesAreNeverTheBestAndARoundWhereAllFailKeepsTheWeights() throws Exception {
        Path out = tmp.resolve("run");
        FakeBackend backend = new FakeBackend();
        backend.fails = c -> c.round() == 2 || c.index() == 0;
        RunSummary s = run(out, 3, backend);
        String history = Files.readString(out.resolve("history.csv"));
        assertFalse(history.lines().anyMatch(l -> l.contains("non-finite") && l.contains(",true,")), history);
        // round 2 failed entirely: the best and the next start stay round 1's best
        Candidate best = s.state().best().orElseThrow().candidate();
        assertEquals(1, best.round(), best.id());
        RunLayout layout = new RunLayout(store.path(out.toString()));
        assertEquals(layout.candidateModel(1, best.index()), s.state().startModelPath(store, layout));
    }

    @Test
    void aRoundWhereEveryCandidateFailsWithAnErrorStopsTheRunWithItsCheckpointIntact() throws Exception {
        Path unbroken = tmp.resolve("unbroken");
        Path out = tmp.resolve("stopped");
        run(unbroken, 3, new FakeBackend());
        FakeBackend broken = new FakeBackend();
        broken.fails = c -> c.round() == 1;
        broken.failStatus = org.facelfs.outcome.CandidateStatus.FAILED;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(out, 3, broken));
        assertTrue(e.getMessage().contains("every candidate of round 2 failed") && e.getMessage().contains("disk on fire")
                && e.getMessage().contains("1 completed round"), e.getMessage());
        assertEquals(1, RunState.read(store, new RunLayout(store.path(out.toString()))).completedRounds());
        run(out, 3, new FakeBackend());
        assertEquals(Files.readString(unbroken.resolve("history.csv")), Files.readString(out.resolve("history.csv")));
        assertEquals(stateWithoutTimes(unbroken), stateWithoutTimes(out).replace("stopped", "unbroken"));
    }

    @Test
    void aRunWithRoundsButNoStateIsNeverStartedOver() throws Exception {
        Path out = tmp.resolve("run");
        run(out, 2, new FakeBackend());
        String history = Files.readString(out.resolve("history.csv"));
        Files.delete(out.resolve("state.json"));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> run(out, 3, new FakeBackend()));
        assertTrue(e.getMessage().contains("no state.json") && e.getMessage().contains("._tmp-state.json"), e.getMessage());
        assertEquals(history, Files.readString(out.resolve("history.csv")), "nothing overwritten");
    }

    @Test
    void otherTrainingDataIsRefusedOnResume() {
        Path out = tmp.resolve("run");
        run(out, 1, new FakeBackend());
        FakeBackend other = new FakeBackend();
        other.dataFingerprint = "data-2";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(out, 2, other));
        assertTrue(e.getMessage().contains("other data"), e.getMessage());
    }

    @Test
    void aWarmStartRefusesADistributionLearnedUnderAnotherMapping() {
        Path before = tmp.resolve("log10-night");
        new SearchRun(options(before, 2, false, Map.of("search.mapping", "log10", "search.sigma", "0.2")), new FakeBackend(),
                store, new ProgressReporter(lines::add)).run();
        WarmStart warm = WarmStart.read(store, before.toString(), Take.DISTRIBUTION);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> warm.controller(options(tmp.resolve("margin-night"), 2, false, Map.of()).settings()));
        assertTrue(e.getMessage().contains("searched with search.mapping = log10, this run with margin"), e.getMessage());
    }

    @Test
    void aWarmStartTakesTheEarlierDistributionAndWeights() throws Exception {
        Path night1 = tmp.resolve("night1");
        run(night1, 4, new FakeBackend());
        RunState first = RunState.read(store, new RunLayout(store.path(night1.toString())));
        RunOptions o = options(tmp.resolve("night2"), 1, false, Map.of());
        WarmStart warm = WarmStart.read(store, night1.toString(), Take.BOTH);
        o = new RunOptions(o.layout(), o.settings(), o.effectiveConfig(), o.configFingerprint(), "test", false, warm);
        RunSummary s = new SearchRun(o, new FakeBackend(), store, new ProgressReporter(lines::add)).run();
        // no new initial weights: night 1's, copied, so night 2's directory stands alone when moved
        assertEquals(Files.readString(night1.resolve(first.startModel())),
                Files.readString(tmp.resolve("night2/init/model.zip")));
        assertTrue(s.state().best().isPresent());
        List<Double> mu1 = first.controller().policy().mu();
        assertEquals(1, s.state().controller().history().size());
        // round 0 of night 2 is a warm-up round: its distribution is still night 1's
        assertEquals(mu1, s.state().controller().policy().mu());
    }
}
