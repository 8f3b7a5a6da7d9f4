package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.SparkContext$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interrupted-and-resumable contract for schedulers, on real runs: the Spark context shut down
 * under a search (as when the application is killed) gives exit 4; SIGTERM to a driver JVM gives
 * the signal's exit; both leave summary.json "interrupted" with the rounds state.json holds, and
 * the same command then resumes to "done" and exit 0.
 */
class InterruptedRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    @Timeout(600)
    void aStoppedContextAndASigtermAreInterruptedAndTheSameCommandResumes() throws Exception {
        Path out = tmp.resolve("run");
        Thread stopper = new Thread(() -> stopTheContextAfterRound(out, 1), "stopper");
        stopper.setDaemon(true);
        stopper.start();
        CliRun.Outcome stopped = CliRun.search(out, "search.rounds=3");
        assertEquals(4, stopped.exit(), stopped.err());
        assertTrue(stopped.errorLine().contains("interrupted: the Spark context was shut down"), stopped.err());
        JsonNode s1 = summary(out);
        assertEquals("interrupted", s1.path("status").asText());
        assertEquals(4, s1.path("exitCode").asInt());
        assertEquals(completedRounds(out), s1.path("rounds").path("completed").asInt());
        assertTrue(s1.path("rounds").path("completed").asInt() >= 1, s1.toString());

        try (ChildJvm c = ChildJvm.start(tmp.resolve("child.log"), List.of("-Xmx1g"), "org.facelfs.cli.FacelfsCommand",
                List.of("search", "--config", CliRun.TINY, "--out", out.toString(), "-Dsearch.rounds=3"))) {
            int before = completedRounds(out);
            // SIGTERM while the next round trains: its first candidate files appear
            c.awaitWhileAlive(() -> Files.isDirectory(out.resolve("rounds/%04d".formatted(before))),
                    Duration.ofSeconds(240), "round " + (before + 1) + " training");
            ProcessHandle.of(c.pid()).orElseThrow().destroy();
            int exit = c.awaitExit(Duration.ofSeconds(120));
            assertEquals(143, exit, c.output());
        }
        JsonNode s2 = summary(out);
        assertEquals("interrupted", s2.path("status").asText(), s2.toString());
        assertTrue(s2.path("message").asText().contains("SIGTERM"), s2.toString());
        assertEquals(completedRounds(out), s2.path("rounds").path("completed").asInt());

        CliRun.Outcome resumed = CliRun.search(out, "search.rounds=3");
        assertEquals(0, resumed.exit(), resumed.err());
        JsonNode s3 = summary(out);
        assertEquals("done", s3.path("status").asText());
        assertEquals(3, s3.path("rounds").path("completed").asInt());
        assertEquals(6, s3.path("candidates").path("ok").asInt());
    }

    /** Stops the running SparkContext from outside once state.json records {@code rounds} rounds. */
    private static void stopTheContextAfterRound(Path out, int rounds) {
        try {
            while (completedRounds(out) < rounds) {
                Thread.sleep(20);
            }
            SparkContext$.MODULE$.getActive().get().stop();
        } catch (InterruptedException | IOException | RuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int completedRounds(Path out) throws IOException {
        Path state = out.resolve("state.json");
        return Files.exists(state) ? JSON.readTree(state.toFile()).path("completedRounds").asInt() : -1;
    }

    private static JsonNode summary(Path out) throws IOException {
        return JSON.readTree(out.resolve("summary.json").toFile());
    }
}
