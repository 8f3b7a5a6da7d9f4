package org.facelfs.app;

import java.util.List;
import org.facelfs.app.config.JobConfig.WarmStartSettings.Take;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.io.FileStore;
import org.facelfs.policy.PolicyKind;
import org.facelfs.search.SearchController;
import org.facelfs.search.SearchSettings;
import org.facelfs.search.SearchState;

/**
 * {@code search.init-from}: a new run that starts from an earlier run's search distribution and/or
 * its best weights (the nightly run starts from the previous night).
 *
 * @param from          the earlier run's directory
 * @param state         its state.json
 * @param takeDistribution start the search distribution (μ, σ, Adam moments) where it ended
 * @param takeWeights   start from its last best weights (needs the same training classes)
 */
public record WarmStart(RunLayout from, RunState state, boolean takeDistribution, boolean takeWeights) {

    public static WarmStart read(FileStore store, String location, Take take) {
        RunLayout from = new RunLayout(store.path(location));
        if (!store.exists(from.state())) {
            throw new IllegalArgumentException("search.init-from: " + location + " holds no finished round (no state.json)");
        }
        RunState state = RunState.read(store, from);
        if (state.completedRounds() == 0) {
            throw new IllegalArgumentException("search.init-from: " + location + " has not completed a round yet");
        }
        return new WarmStart(from, state, take != Take.WEIGHTS, take != Take.DISTRIBUTION);
    }

    /** A controller at round 0 with these settings, starting from the earlier run's distribution if asked. */
    public SearchController controller(SearchSettings settings) {
        if (!takeDistribution) {
            return new SearchController(settings);
        }
        SearchState old = state.controller();
        if (old.settings().policy() != settings.policy() || old.settings().space() != settings.space()) {
            throw new IllegalArgumentException("search.init-from: " + from.out() + " searched with " + old.settings().policy()
                    .key() + "/" + old.settings().space().key() + ", this run with " + settings.policy().key() + "/"
                    + settings.space().key() + "; set search.init-take = weights to take only its weights");
        }
        if (old.settings().mapping() != settings.mapping() && old.settings().policy() == PolicyKind.SEARCH_SOFTMAX) {
            // μ is a margin under one mapping and decades of |a| under another: taken as is it would mean another loss
            throw new IllegalArgumentException("search.init-from: " + from.out() + " searched with search.mapping = "
                    + old.settings().mapping().key() + ", this run with " + settings.mapping().key() + "; its μ means "
                    + "another loss here. Set search.mapping = " + old.settings().mapping().key()
                    + ", or search.init-take = weights to take only its weights");
        }
        return SearchController.restore(new SearchState(SearchState.FORMAT_VERSION, settings, SearchState.RngScheme.CURRENT,
                0, old.policy(), null, null, List.of()));
    }

    /** The weights to start from (the earlier run's own file, wherever it now is), or null. */
    public org.apache.hadoop.fs.Path weights(FileStore store) {
        return takeWeights ? state.startModelPath(store, from) : null;
    }

    /** Checks that the earlier weights fit this run's training data. */
    public void requireSameData(String dataFingerprint) {
        if (takeWeights && !state.dataFingerprint().equals(dataFingerprint)) {
            throw new IllegalArgumentException("search.init-from: " + from.out() + " was trained on other data (fingerprint "
                    + state.dataFingerprint() + ", now " + dataFingerprint
                    + "); its weights do not fit. Set search.init-take = distribution.");
        }
    }
}
