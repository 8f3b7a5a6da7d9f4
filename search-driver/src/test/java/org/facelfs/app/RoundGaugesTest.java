package org.facelfs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facelfs.app.metrics.MetricsRoundListener;
import org.facelfs.app.metrics.SearchGauges;
import org.facelfs.outcome.CandidateStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gauges through the real loop when candidates fail or diverge (the Spark scrape test's runs
 * have none): after every round, each counter equals its status's rows in history.jsonl, and the
 * round figures skip the failed candidates.
 */
class RoundGaugesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void countersFollowTheHistoryRoundByRound() throws Exception {
        for (CandidateStatus status : List.of(CandidateStatus.FAILED, CandidateStatus.NON_FINITE)) {
            Path out = tmp.resolve(status.key());
            RunOptions o = FakeRuns.options(out, 3);
            SearchGauges gauges = new SearchGauges(1);
            MetricRegistry registry = new MetricRegistry();
            gauges.registerOn(registry);
            MetricsRoundListener metrics = new MetricsRoundListener(gauges, o.settings());
            List<String> checked = new ArrayList<>();
            FakeRuns.run(o, FakeRuns.failingFromRound1(status), round -> {
                metrics.roundCompleted(round);
                try {
                    checked.add(check(registry, out, round.round()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // round 0 is a warm-up with every candidate ok; then candidate 1 of each round goes wrong
            assertEquals(List.of("3:0:0", "5:1:1", "7:2:1"), checked, status.key());
        }
    }

    /** Checks the registry against history.jsonl; returns "ok:not ok:not ok this round" of the run so far. */
    private static String check(MetricRegistry registry, Path out, int round) throws java.io.IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("history.jsonl"))) {
            rows.add(JSON.readTree(l));
        }
        long ok = count(rows, "ok");
        assertEquals(ok, counter(registry, SearchGauges.CANDIDATES_OK));
        assertEquals(count(rows, "failed"), counter(registry, SearchGauges.CANDIDATES_FAILED));
        assertEquals(count(rows, "non-finite"), counter(registry, SearchGauges.CANDIDATES_NON_FINITE));
        List<JsonNode> thisRound = rows.stream().filter(r -> r.path("round").asInt() == round).toList();
        List<JsonNode> okNow = thisRound.stream().filter(r -> r.path("status").asText().equals("ok")).toList();
        assertEquals(okNow.stream().mapToDouble(r -> r.path("reward").asDouble()).average().orElseThrow(),
                gauge(registry, SearchGauges.REWARD_ROUND_MEAN), 1e-15);
        assertEquals(round + 1, gauge(registry, SearchGauges.ROUNDS_COMPLETED), 0.0);
        long bad = rows.size() - ok;
        return ok + ":" + bad + ":" + (thisRound.size() - okNow.size());
    }

    private static long count(List<JsonNode> rows, String status) {
        return rows.stream().filter(r -> r.path("status").asText().equals(status)).count();
    }

    private static long counter(MetricRegistry registry, String name) {
        return ((Counter) registry.getMetrics().get(name)).getCount();
    }

    private static double gauge(MetricRegistry registry, String name) {
        return (Double) ((Gauge<?>) registry.getMetrics().get(name)).getValue();
    }
}
