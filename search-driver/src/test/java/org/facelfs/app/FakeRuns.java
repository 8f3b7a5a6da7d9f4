package org.facelfs.app;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.config.ConfigReader;
import org.facelfs.app.config.SearchSettingsReader;
import org.facelfs.run.RunLayout;
import org.facelfs.io.FileStore;
import org.facelfs.search.Candidate;
import org.facelfs.outcome.CandidateStatus;

/** Runs of the real loop on {@link FakeBackend}, 3 candidates a round, with chosen candidates failing. */
final class FakeRuns {

    static final FileStore STORE = FileStore.withDefaults();

    private FakeRuns() {
    }

    static RunOptions options(Path out, int rounds) {
        Map<String, String> o = new HashMap<>(Map.of("search.rounds", Integer.toString(rounds),
                "search.warmup-rounds", "1", "search.candidates", "3", "search.adam.lr", "0.3"));
        Config config = ConfigLoader.load(null, o);
        return new RunOptions(new RunLayout(STORE.path(out.toString())),
                SearchSettingsReader.read(new ConfigReader(config)),
                ConfigLoader.render(config, ConfigFingerprint.SECTIONS), ConfigFingerprint.of(config), "test", false,
                null);
    }

    /** Candidate 1 of every round from round 1 on ends with {@code status}. */
    static FakeBackend failingFromRound1(CandidateStatus status) {
        FakeBackend b = new FakeBackend();
        b.fails = (Candidate c) -> c.round() >= 1 && c.index() == 1;
        b.failStatus = status;
        return b;
    }

    static RunSummary run(RunOptions options, FakeBackend backend, RoundListener listener) {
        return new SearchRun(options, backend, STORE, new ProgressReporter(l -> { }), listener).run();
    }
}
