package org.facelfs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facelfs.run.History;
import org.facelfs.run.HistoryRow;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.search.Best;
import org.facelfs.search.RoundRecord;
import org.facelfs.search.SearchSettings;
import org.facelfs.search.SearchState;

/**
 * Builds the report of a run from its output directory alone (state, history, config, final
 * evaluation), so it can be re-rendered at any time — also while the run is going on.
 */
public final class RunReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FileStore store;

    public RunReport(FileStore store) {
        this.store = store;
    }

    /** Renders {@code report.html} and the charts into the run directory. */
    public ReportInput write(RunLayout layout) {
        ReportInput in = read(layout);
        new ReportRenderer(store).render(in, layout);
        return in;
    }

    ReportInput read(RunLayout layout) {
        if (!store.exists(layout.state())) {
            throw new IllegalArgumentException(layout.out() + " is not a facelfs run directory (no state.json)");
        }
        RunState state = RunState.read(store, layout);
        List<HistoryRow> rows = History.load(store, layout, state.completedRounds()).rows();
        SearchState search = state.controller();
        SearchSettings settings = search.settings();
        int rounds = settings.rounds();
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("status", state.completedRounds() >= rounds ? "complete"
                : "in progress or stopped: " + state.completedRounds() + " of " + rounds + " rounds");
        summary.put("output directory", store.qualified(layout.out()).toString());
        summary.put("policy", settings.policy().key() + " / " + settings.space().key()
                + ", M = " + settings.candidates() + ", s = " + settings.scale()
                + (settings.mapping() != null ? ", mapping " + settings.mapping().key() : ""));
        summary.put("best candidate (last round)", state.best().map(b -> b.candidate().id()
                + String.format(Locale.ROOT, ", reward %.4f", b.reward())).orElse("none yet"));
        if (search.current() != null) {
            Best best = new Best(search.current(), search.overall());
            summary.put("final model (best/)", settings.finalModel().summary(best));
            summary.put("best loss", settings.finalModel().of(best).candidate().spec().formula());
        }
        summary.put("seed", Long.toString(settings.seed()));
        summary.put("run id", state.runId());
        summary.put("code version", state.codeVersion());
        summary.put("data fingerprint", state.dataFingerprint());
        summary.put("started", state.startedAt());
        summary.put("last checkpoint", state.updatedAt());

        Map<Integer, LossSpec> best = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (HistoryRow r : rows) {
            if (r.best()) {
                best.put(r.round(), spec(r.lossJson()));
            }
            if (!"ok".equals(r.status())) {
                problems.add(r.candidate() + " (" + r.status() + "): " + r.reason());
            }
        }
        org.apache.hadoop.fs.Path problemsFile = layout.problems();
        if (store.exists(problemsFile)) {
            store.readString(problemsFile).lines().filter(l -> !l.isBlank()).forEach(problems::add);
        }
        int numClasses = store.exists(layout.labelMap())
                ? (int) store.readString(layout.labelMap()).lines().filter(l -> !l.isBlank()).count() : 100;
        String config = store.exists(layout.config()) ? store.readString(layout.config()) : "(config.conf missing)";
        return new ReportInput(layout.out().getName(), summary, rows, distribution(search), best,
                settings.scale(), numClasses, evaluations(layout), config, problems);
    }

    private static List<DistributionPoint> distribution(SearchState search) {
        List<DistributionPoint> out = new ArrayList<>();
        String policy = search.settings().policy().key();
        for (RoundRecord round : search.history()) {
            List<Double> mu = round.mu();
            for (int j = 0; j < mu.size(); j++) {
                out.add(new DistributionPoint(round.round(), parameterName(policy, j, mu.size()), mu.get(j),
                        j < round.sigma().size() ? round.sigma().get(j) : 0.0));
            }
        }
        return out;
    }

    static String parameterName(String policy, int j, int size) {
        if (size == 1) {
            return "μ";
        }
        if ("am-lfs".equals(policy)) {
            return (j < size / 2 ? "α" : "β") + (j % (size / 2) + 1);
        }
        return "μ bin " + (j + 1);
    }

    private List<EvaluationView> evaluations(RunLayout layout) {
        if (!store.exists(layout.finalEvaluation())) {
            return List.of();
        }
        List<EvaluationView> out = new ArrayList<>();
        try {
            JsonNode all = JSON.readTree(store.readBytes(layout.finalEvaluation()));
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                JsonNode r = it.next().getValue();
                Map<String, Double> tar = new LinkedHashMap<>();
                for (JsonNode t : r.path("tarAtFar")) {
                    tar.put(String.format(Locale.ROOT, "%.0e", t.path("targetFar").asDouble()), t.path("tar").asDouble());
                }
                List<Double> far = new ArrayList<>();
                List<Double> tr = new ArrayList<>();
                for (JsonNode p : r.path("roc")) {
                    far.add(p.path("far").asDouble());
                    tr.add(p.path("tar").asDouble());
                }
                List<Double> folds = new ArrayList<>();
                r.path("foldAccuracies").forEach(f -> folds.add(f.asDouble()));
                out.add(new EvaluationView(r.path("name").asText(), r.path("accuracyMean").asDouble(),
                        r.path("accuracyStd").asDouble(), folds, r.path("auc").asDouble(), tar, far, tr));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.finalEvaluation(), e);
        }
        return out;
    }

    private static LossSpec spec(String json) {
        try {
            return JSON.readValue(json, LossSpec.class);
        } catch (IOException e) {
            throw new IllegalStateException("not a loss: " + json, e);
        }
    }
}
