package org.facelfs.app.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.facelfs.run.History;
import org.facelfs.run.HistoryRow;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.io.FileStore;
import org.facelfs.policy.PolicyState;
import org.facelfs.search.ScoredCandidate;
import org.facelfs.outcome.CandidateStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <out>/summary.json}: how the run ended, for schedulers and alerts. Written atomically at
 * the end of every invocation that got as far as its output directory, whatever the outcome;
 * everything in it comes from {@code state.json} and {@code history.jsonl}.
 */
public final class SummaryFile {

    public static final String NAME = "summary.json";
    private static final Logger LOG = LoggerFactory.getLogger(SummaryFile.class);
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final FileStore store;
    private final RunLayout layout;
    private final int roundsTotal;
    private final double maxFailedFraction;
    private final String configFingerprint;
    private final String codeVersion;
    private final Instant started;

    /**
     * @param maxFailedFraction run.max-failed-fraction: above this share of failed candidates a
     *                          completed run is {@link RunStatus#CANDIDATES_FAILED}
     * @param started           when this invocation started (for the wall time)
     */
    public SummaryFile(FileStore store, RunLayout layout, int roundsTotal, double maxFailedFraction,
                       String configFingerprint, String codeVersion, Instant started) {
        this.store = store;
        this.layout = layout;
        this.roundsTotal = roundsTotal;
        this.maxFailedFraction = maxFailedFraction;
        this.configFingerprint = configFingerprint;
        this.codeVersion = codeVersion;
        this.started = started;
    }

    public static Path path(RunLayout layout) {
        return new Path(layout.out(), NAME);
    }

    /** Writes the summary of a run that ran every round; returns its status (done or candidates-failed). */
    public RunStatus finished() {
        RunState state = RunState.read(store, layout);
        List<HistoryRow> rows = History.load(store, layout, state.completedRounds()).rows();
        CandidateCounts counts = CandidateCounts.of(rows);
        RunStatus status = counts.failedFraction() > maxFailedFraction ? RunStatus.CANDIDATES_FAILED : RunStatus.DONE;
        write(status, status == RunStatus.DONE ? "" : "%d of %d candidates failed (more than run.max-failed-fraction = %s)"
                .formatted(counts.failed(), counts.total(), maxFailedFraction), state, rows);
        return status;
    }

    /** Writes the summary of a run that stopped early; never throws (the stop's own error matters more). */
    public void stopped(RunStatus status, String message) {
        try {
            RunState state = store.exists(layout.state()) ? RunState.read(store, layout) : null;
            List<HistoryRow> rows = state == null ? List.of()
                    : History.load(store, layout, state.completedRounds()).rows();
            write(status, message, state, rows);
        } catch (RuntimeException e) {
            LOG.warn("could not write {}: {}", path(layout), e.toString());
        }
    }

    private void write(RunStatus status, String message, RunState state, List<HistoryRow> rows) {
        ObjectNode s = JSON.createObjectNode();
        s.put("status", status.key());
        s.put("exitCode", status.exitCode());
        s.put("message", message);
        s.put("out", store.qualified(layout.out()).toString()); // as users write it: --out and report read it back
        s.put("runId", state == null ? "" : state.runId());
        ObjectNode rounds = s.putObject("rounds");
        rounds.put("completed", state == null ? 0 : state.completedRounds());
        rounds.put("total", roundsTotal);
        ObjectNode best = s.putObject("best");
        Optional<ScoredCandidate> last = state == null ? Optional.empty() : state.best();
        best.put("candidate", last.map(b -> b.candidate().id()).orElse(""));
        putNumber(best, "reward", last.map(ScoredCandidate::reward).orElse(Double.NaN));
        best.set("loss", last.<JsonNode>map(b -> JSON.valueToTree(b.candidate().spec())).orElse(null));
        best.put("formula", last.map(b -> b.candidate().spec().formula()).orElse(""));
        putNumber(s, "bestRewardOverall", rows.stream().filter(r -> r.status().equals(CandidateStatus.OK.key()))
                .mapToDouble(HistoryRow::reward).max().orElse(Double.NaN));
        PolicyState policy = state == null ? PolicyState.NONE : state.controller().policy();
        ArrayNode mu = s.putArray("mu");
        policy.mu().forEach(mu::add);
        ArrayNode sigma = s.putArray("sigma");
        policy.sigma().forEach(sigma::add);
        CandidateCounts counts = CandidateCounts.of(rows);
        ObjectNode c = s.putObject("candidates");
        c.put("total", counts.total());
        c.put("ok", counts.ok());
        c.put("nonFinite", counts.nonFinite());
        c.put("failed", counts.failed());
        c.put("failedFraction", counts.failedFraction());
        c.put("maxFailedFraction", maxFailedFraction);
        s.put("wallSeconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        s.put("startedAt", started.toString());
        s.put("finishedAt", Instant.now().toString());
        s.put("runStartedAt", state == null ? "" : state.startedAt());
        s.put("configFingerprint", configFingerprint);
        s.put("dataFingerprint", state == null ? "" : state.dataFingerprint());
        s.put("codeVersion", codeVersion);
        try {
            store.writeAtomically(path(layout), JSON.writeValueAsBytes(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON has no NaN: a missing figure is null. */
    private static void putNumber(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }
}
