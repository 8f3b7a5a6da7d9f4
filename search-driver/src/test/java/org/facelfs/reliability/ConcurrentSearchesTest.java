package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunLease;
import org.facelfs.run.RunState;
import org.facelfs.cluster.MiniHdfs;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code facelfs search} JVMs started together on one {@code --out} (seeds 42 and 7, as in the
 * issue): exactly one runs, the other exits 2 naming it. The one that runs is then killed with
 * SIGKILL; a new search is refused while the dead run's lease lasts and takes the directory over
 * once it has expired, resuming the run. On a local disk and on HDFS.
 */
class ConcurrentSearchesTest {

    /** More than ever run: the holder must outlive a contender that starts late on a loaded machine. */
    private static final int ROUNDS = 60;
    private static final String LEASE_SECONDS = "30";

    @TempDir
    Path tmp;

    @Test
    @Timeout(420)
    void onALocalDisk() throws Exception {
        oneRunAtATime(tmp.resolve("shared").toString());
    }

    @Test
    @Timeout(480)
    void onHdfs() throws Exception {
        try (MiniHdfs hdfs = MiniHdfs.start(tmp.resolve("dfs"))) {
            oneRunAtATime(hdfs.uri() + "/runs/shared");
        }
    }

    private ChildJvm search(String out, long seed, String log) throws Exception {
        return ChildJvm.start(tmp.resolve(log), List.of("-Xmx1g"), "org.facelfs.cli.FacelfsCommand",
                List.of("search", "--config", CliRun.TINY, "--out", out, "-Dsearch.rounds=" + ROUNDS,
                        "-Dsearch.seed=" + seed, "-Drun.lease-seconds=" + LEASE_SECONDS));
    }

    private static int completedRounds(FileStore store, RunLayout layout) {
        try {
            return store.exists(layout.state()) ? RunState.read(store, layout).completedRounds() : -1;
        } catch (RuntimeException e) {
            return -1; // replaced while we read it: look again
        }
    }

    private void oneRunAtATime(String out) throws Exception {
        FileStore store = FileStore.withDefaults();
        RunLayout layout = new RunLayout(store.path(out));
        long winnerPid;
        long winnerSeed;
        try (ChildJvm a = search(out, 42, "a.log"); ChildJvm b = search(out, 7, "b.log")) {
            // the first to exit is the refused one: the other trains for minutes
            while (a.isAlive() && b.isAlive()) {
                Thread.sleep(100);
            }
            ChildJvm loser = a.isAlive() ? b : a;
            ChildJvm winner = loser == a ? b : a;
            assertEquals(2, loser.awaitExit(Duration.ofSeconds(5)), loser.output());
            assertTrue(winner.isAlive(), "both ran:\n" + winner.output());
            winnerPid = winner.pid();
            winnerSeed = winner == a ? 42 : 7;
            String refusal = loser.output().lines().filter(l -> l.startsWith("facelfs: error: ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no error line:\n" + loser.output()));
            assertTrue(refusal.contains("is in use by another run: run ") && refusal.contains(", pid " + winnerPid
                    + ", started "), refusal);

            winner.awaitWhileAlive(() -> completedRounds(store, layout) >= 1, Duration.ofSeconds(180),
                    "the first round's checkpoint");
            winner.kill9();
        }

        RunLease.Holder dead = RunLease.holderOf(store, layout);
        assertNotNull(dead, "a killed run leaves its lease");
        assertEquals(winnerPid, dead.pid());
        // the same run (its seed), extended by one round past its last checkpoint
        int before = RunState.read(store, layout).completedRounds();
        String[] sameRun = {"search.seed=" + winnerSeed, "search.rounds=" + (before + 1),
                "run.lease-seconds=" + LEASE_SECONDS};
        CliRun.Outcome early = CliRun.search(out, sameRun);
        if (Instant.now().isBefore(Instant.parse(dead.expiresAt()))) {
            CliRun.assertCleanError(early, "is in use by another run", "pid " + winnerPid);
        }
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), Instant.parse(dead.expiresAt())).toMillis() + 500));

        CliRun.Outcome takeover = CliRun.search(out, sameRun);
        assertEquals(0, takeover.exit(), takeover.err());
        // (when the early start came after the expiry it took the directory over itself, and this one finds it done)
        assertTrue(early.exit() == 0 ? early.out().contains("resuming ") : takeover.out().contains("resuming "),
                early.out() + takeover.out());
        assertEquals(before + 1, RunState.read(store, layout).completedRounds(), "the dead run, resumed, trained on");
        assertFalse(store.exists(layout.lease()), "the lease is released at the end");
    }
}
