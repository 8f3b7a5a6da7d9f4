package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunLease;
import org.facelfs.app.spark.SparkSearchTest;
import org.facelfs.io.FileStore;
import org.facelfs.train.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver killed for real: {@code facelfs search} runs as a child JVM (embedded Spark
 * local[2]), gets SIGKILL once right after a round's checkpoint and once while a round's
 * candidates train, and the same command restarted each time. The run must resume after its
 * last completed round and end exactly where an undisturbed run with the same seed ends.
 */
class DriverKilledTest {

    private static final int ROUNDS = 3;
    private static final int LEASE_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private ChildJvm search(Path out, String logName) throws IOException {
        return ChildJvm.start(tmp.resolve(logName), List.of("-Xmx1g"), "org.facelfs.cli.FacelfsCommand",
                List.of("search", "--config", Path.of("src/test/resources/tiny.conf").toAbsolutePath().toString(),
                        "--out", out.toString(), "-Dsearch.rounds=" + ROUNDS, "-Drun.lease-seconds=" + LEASE_SECONDS));
    }

    /** A SIGKILLed driver leaves its lease: the restart waits for it to expire (docs/reliability.md, the lease). */
    private static void awaitLeaseExpiry(Path out) throws InterruptedException {
        FileStore store = FileStore.withDefaults();
        RunLease.Holder dead = RunLease.holderOf(store, new RunLayout(store.path(out.toString())));
        if (dead != null) {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), Instant.parse(dead.expiresAt())).toMillis() + 200));
        }
    }

    /** Completed rounds according to state.json, -1 before the first checkpoint. */
    private static int completedRounds(Path out) {
        Path state = out.resolve("state.json");
        if (!Files.exists(state)) {
            return -1;
        }
        try {
            return JSON.readTree(state.toFile()).path("completedRounds").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException("state.json unreadable: " + e.getMessage(), e);
        }
    }

    /** Whether any candidate of {@code round} has written (or begun writing) a file. */
    private static boolean roundHasFiles(Path out, int round) {
        Path dir = out.resolve("rounds/%04d".formatted(round));
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (IOException | UncheckedIOException e) {
            return false; // a temporary file renamed while we walked: look again
        }
    }

    @Test
    @Timeout(240)
    void killedBetweenAndDuringRoundsResumesToTheStateOfAnUndisturbedRun() throws Exception {
        Path undisturbed = tmp.resolve("undisturbed");
        Path killed = tmp.resolve("killed");
        try (ChildJvm c = search(undisturbed, "undisturbed.log")) {
            assertEquals(0, c.awaitExit(Duration.ofSeconds(90)), c.output());
        }

        // (a) between rounds: SIGKILL as soon as state.json shows round 1 complete
        try (ChildJvm c = search(killed, "run1.log")) {
            c.awaitWhileAlive(() -> completedRounds(killed) >= 1, Duration.ofSeconds(60), "first checkpoint");
            c.kill9();
        }
        int afterFirstKill = completedRounds(killed);
        assertTrue(afterFirstKill >= 1 && afterFirstKill < ROUNDS, "killed after round " + afterFirstKill);

        awaitLeaseExpiry(killed);
        // (b) during a round: restart, then SIGKILL while the next round's candidates train and write
        int inFlight;
        try (ChildJvm c = search(killed, "run2.log")) {
            c.awaitWhileAlive(() -> {
                int done = completedRounds(killed);
                return done > afterFirstKill && done < ROUNDS && roundHasFiles(killed, done);
            }, Duration.ofSeconds(60), "a round in flight after the resume");
            c.kill9();
            assertTrue(c.output().contains("after round " + afterFirstKill + " of " + ROUNDS), c.output());
        }
        inFlight = completedRounds(killed);
        assertTrue(roundHasFiles(killed, inFlight), "the killed round had started writing candidates");
        assertEquals(inFlight * 2, Files.readAllLines(killed.resolve("history.jsonl")).size(),
                "history holds the completed rounds only");

        awaitLeaseExpiry(killed);
        // restart once more: it resumes after the last completed round and finishes
        try (ChildJvm c = search(killed, "run3.log")) {
            assertEquals(0, c.awaitExit(Duration.ofSeconds(90)), c.output());
            assertTrue(c.output().contains("after round " + inFlight + " of " + ROUNDS), c.output());
            assertFalse(c.output().contains("round 1/" + ROUNDS + " in"), "no completed round trained again");
        }

        assertEquals(SparkSearchTest.deterministicColumns(undisturbed), SparkSearchTest.deterministicColumns(killed));
        JsonNode a = JSON.readTree(undisturbed.resolve("state.json").toFile());
        JsonNode b = JSON.readTree(killed.resolve("state.json").toFile());
        assertEquals(ROUNDS, b.path("completedRounds").asInt());
        assertEquals(a.path("controller").path("policy"), b.path("controller").path("policy"), "μ, σ and Adam state");
        assertEquals(a.path("controller").path("history"), b.path("controller").path("history"));
        assertEquals(a.path("controller").path("rng"), b.path("controller").path("rng"));
        assertEquals(a.path("bestCandidate"), b.path("bestCandidate"));
        assertEquals(a.path("bestReward"), b.path("bestReward"));
        assertEquals(a.path("startModel").asText().replace("undisturbed", "killed"), b.path("startModel").asText());
        assertEquals(Files.readString(undisturbed.resolve("best/loss.json")), Files.readString(killed.resolve("best/loss.json")));
        ModelFiles models = new ModelFiles(FileStore.withDefaults());
        assertEquals(models.read(undisturbed.resolve("best/model.zip").toUri().toString()).params(),
                models.read(killed.resolve("best/model.zip").toUri().toString()).params(), "the same best weights");
    }
}
