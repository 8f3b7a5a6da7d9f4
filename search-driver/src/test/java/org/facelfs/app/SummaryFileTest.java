package org.facelfs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.facelfs.app.summary.RunStatus;
import org.facelfs.app.summary.SummaryFile;
import org.facelfs.outcome.CandidateStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json from a real loop's state.json and history.jsonl, and the status the threshold gives. */
class SummaryFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private SummaryFile summary(RunOptions o, double maxFailedFraction) {
        return new SummaryFile(FakeRuns.STORE, o.layout(), o.settings().rounds(), maxFailedFraction,
                o.configFingerprint(), "test-version", Instant.now().minusSeconds(5));
    }

    @Test
    void failedCandidatesOverTheThresholdMakeStatusCandidatesFailed() throws Exception {
        Path out = tmp.resolve("run");
        RunOptions o = FakeRuns.options(out, 4);
        FakeRuns.run(o, FakeRuns.failingFromRound1(CandidateStatus.FAILED), RoundListener.NONE);
        // 3 of 12 candidates failed: 0.25
        assertEquals(RunStatus.DONE, summary(o, 0.25).finished());
        JsonNode done = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("done", done.path("status").asText());
        assertEquals(0, done.path("exitCode").asInt());
        assertEquals(RunStatus.CANDIDATES_FAILED, summary(o, 0.2).finished());
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode state = JSON.readTree(out.resolve("state.json").toFile());
        assertEquals("candidates-failed", s.path("status").asText());
        assertEquals(3, s.path("exitCode").asInt());
        assertTrue(s.path("message").asText().contains("3 of 12 candidates failed"), s.toString());
        assertEquals(4, s.path("rounds").path("completed").asInt());
        assertEquals(4, s.path("rounds").path("total").asInt());
        assertEquals(12, s.path("candidates").path("total").asInt());
        assertEquals(9, s.path("candidates").path("ok").asInt());
        assertEquals(3, s.path("candidates").path("failed").asInt());
        assertEquals(0, s.path("candidates").path("nonFinite").asInt());
        assertEquals(0.25, s.path("candidates").path("failedFraction").asDouble(), 0.0);
        assertEquals(state.path("bestCandidate").asText(), s.path("best").path("candidate").asText());
        assertEquals(state.path("bestReward").asDouble(), s.path("best").path("reward").asDouble(), 0.0);
        assertEquals(JSON.readTree(state.path("bestLossJson").asText()), s.path("best").path("loss"));
        assertTrue(s.path("best").path("formula").asText().startsWith("L = "), s.toString());
        JsonNode policy = state.path("controller").path("policy");
        assertEquals(policy.path("mu"), s.path("mu"));
        assertEquals(Math.exp(policy.path("logSigma").get(0).asDouble()), s.path("sigma").get(0).asDouble(), 0.0);
        assertEquals(state.path("configFingerprint").asText(), s.path("configFingerprint").asText());
        assertEquals(state.path("dataFingerprint").asText(), s.path("dataFingerprint").asText());
        assertEquals("test-version", s.path("codeVersion").asText());
        assertTrue(s.path("wallSeconds").asDouble() >= 5, s.toString());
        // the schedulers' check (Airflow task, operator note) fails on it, and passes on a done run
        assertEquals(1, checkSummary(out.resolve("summary.json")));
        summary(o, 0.25).finished();
        assertEquals(0, checkSummary(out.resolve("summary.json")));
        assertEquals(1, checkSummary(out.resolve("no-such-summary.json")));
    }

    /** deploy/monitoring/check_summary.py's exit code on a file. */
    private static int checkSummary(Path file) throws Exception {
        Process p = new ProcessBuilder("python3", "../deploy/monitoring/check_summary.py", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = p.waitFor();
        assertTrue(out.startsWith("facelfs "), out);
        System.out.print(out);
        return exit;
    }

    @Test
    void aStoppedRunRecordsItsCompletedRoundsAndNoBestBeforeAny() throws Exception {
        Path out = tmp.resolve("run");
        RunOptions o = FakeRuns.options(out, 3);
        summary(o, 0.25).stopped(RunStatus.FAILED, "bad data");
        JsonNode before = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("failed", before.path("status").asText());
        assertEquals(0, before.path("rounds").path("completed").asInt());
        assertTrue(before.path("best").path("reward").isNull(), "no NaN in JSON: " + before);
        FakeBackend crashing = new FakeBackend();
        crashing.crashAtRound = 1;
        try {
            FakeRuns.run(o, crashing, RoundListener.NONE);
        } catch (RuntimeException expected) {
            summary(o, 0.25).stopped(RunStatus.INTERRUPTED, expected.getMessage());
        }
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("interrupted", s.path("status").asText());
        assertEquals(4, s.path("exitCode").asInt());
        assertEquals(1, s.path("rounds").path("completed").asInt());
        assertEquals(3, s.path("candidates").path("total").asInt());
    }
}
