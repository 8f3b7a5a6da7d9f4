package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunLease;
import org.facelfs.cluster.MiniHdfs;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lease on a local disk and on HDFS: of contenders that start together exactly one holds
 * it and the others are refused naming it; a holder killed with SIGKILL (a real separate JVM) keeps
 * the directory until its lease expires, and then a new run takes it over; a holder whose lease is
 * taken from it stops before its next checkpoint.
 */
@Timeout(120)
class RunLeaseTest {

    private static final int CONTENDERS = 8;
    /** Short, yet long against a loaded machine's HDFS writes (seconds each at a load of 20). */
    private static final String LEASE_SECONDS = "15";
    private static final Duration LEASE = Duration.ofSeconds(15);

    @TempDir
    static Path tmp;
    static MiniHdfs hdfs;

    @BeforeAll
    static void startHdfs() {
        hdfs = MiniHdfs.start(tmp.resolve("dfs"));
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    private static RunLayout local(String name) {
        FileStore store = FileStore.withDefaults();
        return new RunLayout(store.path(tmp.resolve(name).toString()));
    }

    private static RunLayout onHdfs(String name) {
        return new RunLayout(FileStore.withDefaults().path(hdfs.uri() + "/runs/" + name));
    }

    @Test
    void contendersStartingTogetherOnALocalDisk() throws Exception {
        contendersStartingTogether(local("together"));
    }

    @Test
    void contendersStartingTogetherOnHdfs() throws Exception {
        contendersStartingTogether(onHdfs("together"));
    }

    @Test
    void aKilledHolderIsTakenOverOnceItsLeaseExpiresOnALocalDisk() throws Exception {
        killedHolderIsTakenOverAfterExpiry(local("killed"));
    }

    @Test
    void aKilledHolderIsTakenOverOnceItsLeaseExpiresOnHdfs() throws Exception {
        killedHolderIsTakenOverAfterExpiry(onHdfs("killed"));
    }

    @Test
    void aHolderWhoseLeaseWasTakenStopsBeforeItsNextCheckpoint() throws Exception {
        FileStore store = FileStore.withDefaults();
        RunLayout layout = local("taken");
        try (RunLease lease = RunLease.acquire(store, layout, "first", Duration.ofSeconds(1))) {
            lease.requireHeld();
            RunLease.Holder other = new RunLease.Holder("other-token", "second", "elsewhere", 4242, "t0", "t1",
                    Instant.now().plusSeconds(60).toString());
            store.overwrite(layout.lease(), JsonMapper.builder().build().writeValueAsBytes(other));
            Thread.sleep(1500); // past a heartbeat (every third of the lease)
            IllegalStateException e = assertThrows(IllegalStateException.class, lease::requireHeld);
            assertTrue(e.getMessage().contains("lost its lease") && e.getMessage().contains("run second on host "
                    + "elsewhere, pid 4242"), e.getMessage());
        }
        assertEquals("second", RunLease.holderOf(store, layout).runId(), "the new holder's lease is left alone");
    }

    private static void contendersStartingTogether(RunLayout layout) throws Exception {
        FileStore store = FileStore.withDefaults();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        List<Future<RunLease>> tries = new ArrayList<>();
        for (int i = 0; i < CONTENDERS; i++) {
            String runId = "run-" + i;
            tries.add(pool.submit((Callable<RunLease>) () -> {
                start.await();
                return RunLease.acquire(store, layout, runId, Duration.ofSeconds(30));
            }));
        }
        start.countDown();
        List<RunLease> held = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Future<RunLease> f : tries) {
            try {
                held.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof RunLease.LeaseHeldException, String.valueOf(e.getCause()));
                refusals.add(e.getCause().getMessage());
            }
        }
        pool.shutdown();
        assertEquals(1, held.size(), "exactly one holder; refusals: " + refusals);
        RunLease.Holder holder = RunLease.holderOf(store, layout);
        for (String r : refusals) {
            assertTrue(r.contains("is in use by another run: run " + holder.runId() + " on host " + holder.host()
                    + ", pid " + ProcessHandle.current().pid() + ", started " + holder.startedAt()), r);
        }
        held.get(0).close();
        assertFalse(store.exists(layout.lease()), "released at the end");
        RunLease.acquire(store, layout, "later", Duration.ofSeconds(30)).close();
    }

    private static void killedHolderIsTakenOverAfterExpiry(RunLayout layout) throws Exception {
        FileStore store = FileStore.withDefaults();
        Path log = Files.createTempDirectory(tmp, "holder").resolve("holder.log");
        RunLease.Holder last;
        long pid;
        try (ChildJvm holder = ChildJvm.start(log, List.of("-Xmx256m"), LeaseHolder.class.getName(),
                List.of(layout.out().toString(), "doomed-run", LEASE_SECONDS))) {
            holder.awaitWhileAlive(() -> holder.output().contains("HELD"), Duration.ofSeconds(60), "the lease");
            pid = holder.pid();
            RunLease.LeaseHeldException alive = assertThrows(RunLease.LeaseHeldException.class,
                    () -> RunLease.acquire(store, layout, "second", LEASE));
            assertTrue(alive.getMessage().contains("run doomed-run on host ") && alive.getMessage().contains(", pid "
                    + pid), alive.getMessage());
            holder.kill9();
            last = RunLease.holderOf(store, layout);
        }
        assertNotNull(last, "a killed holder leaves its lease behind");
        Instant expires = Instant.parse(last.expiresAt());
        // dead, but the lease has not expired yet: still refused, naming the dead holder
        RunLease.LeaseHeldException stale = assertThrows(RunLease.LeaseHeldException.class,
                () -> RunLease.acquire(store, layout, "second", LEASE));
        assertTrue(stale.getMessage().contains("pid " + pid) && stale.getMessage().contains("expires at " + expires),
                stale.getMessage());
        RunLease taken = null;
        while (taken == null) {
            try {
                taken = RunLease.acquire(store, layout, "successor", LEASE);
            } catch (RunLease.LeaseHeldException e) {
                assertTrue(Instant.now().isBefore(expires.plusSeconds(10)), "not taken over after expiry: " + e);
                Thread.sleep(200);
            }
        }
        Instant at = Instant.now();
        try (RunLease lease = taken) {
            assertFalse(at.isBefore(expires), "taken over at " + at + ", before the lease expired at " + expires);
            assertEquals("successor", RunLease.holderOf(store, layout).runId());
            lease.requireHeld();
        }
    }
}
