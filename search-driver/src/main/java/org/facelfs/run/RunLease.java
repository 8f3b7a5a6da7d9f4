package org.facelfs.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.facelfs.io.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive right of one run to write its directory: {@code <out>/lease.json}, naming the
 * holder (host, pid, run id, start time) and when the lease expires. It is taken with a create that
 * fails if the file exists ({@link FileStore#createIfAbsent}), renewed by a heartbeat every third of
 * its duration, and deleted when the run ends. A run that dies stops renewing; once the lease has
 * expired the next run takes it over. Only create-if-absent and a whole-file overwrite are used, so
 * it works the same on {@code file:}, {@code hdfs:} and {@code s3a:} (no rename, no locks).
 *
 * <p>Taking over an expired lease is itself exclusive: contenders race to create a marker named
 * after the expired lease ({@code lease.json.takeover-<token>}); only the winner deletes the old
 * lease and creates its own. A holder that finds at renewal that the lease is no longer its own, or
 * that it let the lease expire (a long pause), has lost it: {@link #requireHeld} then stops the run
 * before its next checkpoint. Expiry compares the holder's clock with the contender's: the clocks
 * of machines that run drivers on one directory must agree to well within the lease's duration.
 */
public final class RunLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** On object stores create-if-absent is check-then-PUT: a simultaneous winner shows up within this. */
    private static final Duration OBJECT_STORE_SETTLE = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 5;

    /**
     * What lease.json holds.
     *
     * @param token     unique per acquisition: tells this holder's lease from a later one
     * @param runId     the run's id (state.json's runId)
     * @param host      host name of the driver
     * @param pid       its process id
     * @param startedAt when this holder took the lease
     * @param renewedAt its latest renewal
     * @param expiresAt when the lease lapses unless renewed
     */
    public record Holder(String token, String runId, String host, long pid, String startedAt, String renewedAt,
                         String expiresAt) {

        /** The holder for messages: who, where, since when, until when. */
        public String describe() {
            return "run " + runId + " on host " + host + ", pid " + pid + ", started " + startedAt
                    + ", lease renewed " + renewedAt + ", expires " + expiresAt;
        }

        Holder renewed(Instant now, Duration duration) {
            return new Holder(token, runId, host, pid, startedAt, now.toString(), now.plus(duration).toString());
        }
    }

    /** The lease file as found: its holder, or null when it is unreadable (being written, or cut off). */
    private record Found(Holder holder, Instant expires, String identity) {
    }

    private final FileStore store;
    private final Path file;
    private final Duration duration;
    private final ScheduledExecutorService heartbeat;
    /**
     * SIGTERM and other orderly exits release the lease at once, so the same command may resume right
     * after: a Hadoop shutdown hook after Spark's (50, the search stops with it) and before the file
     * systems close (10).
     */
    private static final int RELEASE_PRIORITY = 40;
    private final Runnable releaseOnExit = this::release;
    private volatile Holder held;
    private volatile String lost;

    private RunLease(FileStore store, Path file, Duration duration, Holder held) {
        this.store = store;
        this.file = file;
        this.duration = duration;
        this.held = held;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "facelfs-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, duration.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        ShutdownHookManager.get().addShutdownHook(releaseOnExit, RELEASE_PRIORITY);
    }

    /**
     * Takes the lease of {@code layout}'s directory for {@code runId}, or fails naming the run that
     * holds it.
     *
     * @throws LeaseHeldException if another run holds an unexpired lease
     */
    public static RunLease acquire(FileStore store, RunLayout layout, String runId, Duration duration) {
        Path file = layout.lease();
        store.statusOrNull(file); // opens the file system first: the lease's clock starts when it is written
        String token = UUID.randomUUID().toString();
        Found other = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = Instant.now();
            Holder mine = new Holder(token, runId, hostName(), ProcessHandle.current().pid(), now.toString(),
                    now.toString(), now.plus(duration).toString());
            if (store.createIfAbsent(file, bytes(mine)) && confirmed(store, file, mine)) {
                return new RunLease(store, file, duration, mine);
            }
            other = find(store, file, duration);
            if (other == null) {
                continue; // released or taken over between our create and our read: try again
            }
            if (other.expires().isAfter(Instant.now())) {
                if (other.holder() == null && attempt < ATTEMPTS - 1) {
                    pause(); // caught while its holder writes it: read it again to name the holder
                    continue;
                }
                throw new LeaseHeldException(layout, other, duration);
            }
            takeOverExpired(store, file, other, duration);
        }
        throw new LeaseHeldException(layout, other, duration);
    }

    /** The lease file's holder, or null if there is none (a run that ended, or none yet). */
    public static Holder holderOf(FileStore store, RunLayout layout) {
        Found f = find(store, layout.lease(), Duration.ZERO);
        return f == null ? null : f.holder();
    }

    /** Stops the run if the lease was lost (taken over, or let expire): call before each checkpoint. */
    public void requireHeld() {
        if (lost == null && Instant.now().isAfter(Instant.parse(held.expiresAt()))) {
            lose("it expired at " + held.expiresAt() + ", not renewed in time");
        }
        if (lost != null) {
            throw new IllegalStateException(file.getParent() + ": this run lost its lease (" + lost + "), so it stops "
                    + "before writing state.json; the directory belongs to the run that holds " + file + " now");
        }
    }

    /** Stops renewing and deletes the lease if it is still this run's. */
    @Override
    public void close() {
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            ShutdownHookManager.get().removeShutdownHook(releaseOnExit);
        }
        release();
    }

    private synchronized void release() {
        if (heartbeat.isShutdown()) {
            return;
        }
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (lost == null) {
                Found f = find(store, file, duration);
                if (f != null && f.holder() != null && f.holder().token().equals(held.token())) {
                    store.deleteRecursively(file);
                }
            }
            for (Path p : store.list(file.getParent())) {
                if (p.getName().startsWith(file.getName() + ".takeover-")) {
                    store.deleteRecursively(p); // markers of takeovers that are over
                }
            }
        } catch (RuntimeException e) {
            // not released: it expires by itself
            LOG.warn("cannot release the lease {}: {}", file, e.getMessage());
        }
    }

    private void renew() {
        if (lost != null) {
            return;
        }
        try {
            Instant now = Instant.now();
            if (now.isAfter(Instant.parse(held.expiresAt()))) {
                lose("it expired at " + held.expiresAt() + " before this run could renew it");
                return;
            }
            Found f = find(store, file, duration);
            if (f != null && f.holder() != null && !f.holder().token().equals(held.token())) {
                lose("it is now held by " + f.holder().describe());
                return;
            }
            Holder next = held.renewed(now, duration);
            store.overwrite(file, bytes(next));
            held = next;
        } catch (RuntimeException e) {
            // a failed renewal is tried again at the next beat; the lease is lost only once it has expired
            LOG.warn("cannot renew the lease {}: {}", file, e.getMessage());
        }
    }

    private void lose(String why) {
        lost = why;
        LOG.warn("{}: this run lost its lease: {}", file, why);
    }

    /**
     * Where create-if-absent is exclusive the create alone decides; on an object store a second PUT
     * can land just after ours, so the file is read back after a while and must still be ours.
     */
    private static boolean confirmed(FileStore store, Path file, Holder mine) {
        String scheme = file.toUri().getScheme();
        if (scheme == null || !scheme.startsWith("s3")) {
            return true;
        }
        try {
            Thread.sleep(OBJECT_STORE_SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Found f = find(store, file, Duration.ZERO);
        return f != null && f.holder() != null && f.holder().token().equals(mine.token());
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking the run lease", e);
        }
    }

    /** Only the contender that creates the marker named after the expired lease deletes it. */
    private static void takeOverExpired(FileStore store, Path file, Found expired, Duration duration) {
        Path marker = new Path(file.getParent(), file.getName() + ".takeover-" + expired.identity());
        if (!store.createIfAbsent(marker, new byte[0])) {
            return; // another run is taking it over; the next attempt meets its lease
        }
        Found again = find(store, file, duration);
        if (again != null && again.identity().equals(expired.identity()) && !again.expires().isAfter(Instant.now())) {
            LOG.info("taking over the expired lease {} of {}", file, expired.holder() == null ? "an unreadable file"
                    : expired.holder().describe());
            store.deleteRecursively(file);
        }
    }

    /**
     * The lease file as it is now, or null if absent. A file that does not parse (caught mid-write on
     * HDFS or a local disk, or cut off by a kill) expires {@code duration} after it was last modified.
     */
    private static Found find(FileStore store, Path file, Duration duration) {
        FileStatus status = store.statusOrNull(file);
        if (status == null) {
            return null;
        }
        try {
            Holder h = JSON.readValue(store.readBytes(file), Holder.class);
            return new Found(h, Instant.parse(h.expiresAt()), h.token());
        } catch (IOException | RuntimeException e) {
            if (store.statusOrNull(file) == null) {
                return null;
            }
            Instant modified = Instant.ofEpochMilli(status.getModificationTime());
            return new Found(null, modified.plus(duration), "unreadable-" + status.getModificationTime());
        }
    }

    private static byte[] bytes(Holder h) {
        try {
            return JSON.writeValueAsBytes(h);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        }
    }

    /** Another run holds the directory: the message names it and says what to do. */
    public static final class LeaseHeldException extends IllegalStateException {

        LeaseHeldException(RunLayout layout, Found other, Duration duration) {
            super(layout.out() + " is in use by another run: " + (other == null || other.holder() == null
                    ? "its lease file " + layout.lease() + " is being written" : other.holder().describe())
                    + ". A directory takes one run at a time; wait for that run to end, or use another --out. If it "
                    + "died, its lease expires " + (other == null ? "within " + duration.toSeconds() + " s"
                    : "at " + other.expires()) + " (run.lease-seconds = " + duration.toSeconds()
                    + ") and the same command then takes the directory over.");
        }
    }
}
