package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileStatus;
import org.facelfs.cluster.S3Server;
import org.facelfs.io.FileStore;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol of docs/cluster.md ("S3") on a real S3 API ({@link S3Server}, through
 * {@code s3a://}): a writer JVM rewrites a 2 MiB weights zip and a ~0.5 MB {@code state.json}
 * through {@link FileStore} in a loop, as the search does after each round, and is SIGKILLed at
 * random moments; a reader polls {@code state.json} while a writer runs.
 * <ul>
 * <li>a reader never gets part of an object: every read of state.json is one whole version, or
 * nothing while S3A replaces it (delete, then copy);</li>
 * <li>after a kill, state.json and the weights are each a whole version, versions never go back,
 * and temporary objects are never listed;</li>
 * <li>a kill inside the replace window leaves no state.json (or no weights) but a whole temporary
 * copy of the new version beside it, and renaming that one into place, as the refusal message
 * says, gives back a checkpoint the next writer resumes from. Temporary objects stay (nothing
 * deletes them) and are never read.</li>
 * </ul>
 */
@Tag("cluster")
class S3CheckpointWriteKilledIT {

    private static final int KILLS = 10;

    @TempDir
    static Path tmp;
    static S3Server s3;
    static FileStore store;

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start(tmp.resolve("s3"), List.of("runs"));
        store = new FileStore(s3.hadoopConf());
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static ChildJvm writer(String out, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of(out));
        s3.s3aSettings().forEach((k, v) -> args.add(k + "=" + v));
        return ChildJvm.start(log, List.of("-Xmx256m"), CheckpointWriter.class.getName(), args);
    }

    @Test
    @Timeout(240)
    void aKillDuringAWriteLeavesAWholeVersionOrAWholeTemporaryCopyOfTheNewOne() throws Exception {
        RunLayout layout = new RunLayout(store.path("s3a://runs/killed"));
        org.apache.hadoop.fs.Path weights = CheckpointWriter.weights(layout);
        Random random = new Random(20261202);
        int last = 0;
        int killsLeavingTemps = 0;
        int stateRecovered = 0;
        int weightsRecovered = 0;
        for (int k = 0; k < KILLS; k++) {
            List<FileStatus> before = temporaries(layout);
            try (ChildJvm c = writer(layout.out().toString(), tmp.resolve("writer-" + k + ".log"))) {
                // every child completes a version first, so the versions advance however slow the machine
                c.awaitWhileAlive(() -> c.output().contains("wrote"), Duration.ofSeconds(60), "a whole version");
                Thread.sleep(random.nextInt(600));
                c.kill9();
            }
            List<FileStatus> left = new ArrayList<>(temporaries(layout));
            left.removeIf(t -> before.stream().anyMatch(b -> b.getPath().equals(t.getPath())));
            if (!left.isEmpty()) {
                killsLeavingTemps++;
            }
            for (org.apache.hadoop.fs.Path dir : List.of(layout.out(), weights.getParent())) {
                assertFalse(store.list(dir).stream().anyMatch(p -> p.getName().startsWith("._tmp-")),
                        "a temporary object listed as a run file");
            }
            if (!store.exists(layout.state())) {
                // killed between S3A's delete of the old state.json and its copy of the new one
                recover(left, "._tmp-state.json-", layout.state());
                stateRecovered++;
            }
            int v = CheckpointWriter.wholeVersion(RunState.read(store, layout));
            assertTrue(v >= last, "state went back from " + last + " to " + v);
            if (!store.exists(weights)) {
                recover(left, "._tmp-model.zip-", weights);
                weightsRecovered++;
            }
            int w = weightsVersion(weights);
            assertTrue(w == v || w == v + 1, "weights version " + w + " next to state version " + v);
            last = v;
        }
        System.out.printf("S3: %d kills, %d left temporary objects, state.json recovered from its temporary copy %d "
                + "times, weights %d times; last version %d; temporary objects now %d%n", KILLS, killsLeavingTemps,
                stateRecovered, weightsRecovered, last, temporaries(layout).size());
        assertTrue(last >= KILLS, "the writers completed only " + last + " versions");
    }

    @Test
    @Timeout(120)
    void aReaderPollingStateJsonSeesWholeVersionsOrNothingNeverPartOfOne() throws Exception {
        RunLayout layout = new RunLayout(store.path("s3a://runs/polled"));
        AtomicInteger whole = new AtomicInteger();
        AtomicInteger absent = new AtomicInteger();
        AtomicInteger changed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Integer> versions = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                try {
                    RunState s = RunState.read(store, layout); // a part-written file would throw CorruptCheckpoint
                    assertEquals(s.completedRounds(), s.controller().nextRound());
                    versions.add(s.completedRounds());
                    whole.incrementAndGet();
                } catch (UncheckedIOException e) {
                    if (e.getCause() instanceof java.io.FileNotFoundException) {
                        absent.incrementAndGet();
                    } else if (e.getCause().getClass().getSimpleName().equals("RemoteFileChangedException")) {
                        // S3A reads with If-Match on the ETag it opened: replaced mid-read is refused, not mixed
                        changed.incrementAndGet();
                    } else {
                        throw e;
                    }
                }
            }
        }, "state-reader");
        List<Throwable> readerFailure = new java.util.concurrent.CopyOnWriteArrayList<>();
        reader.setUncaughtExceptionHandler((t, e) -> readerFailure.add(e));
        try (ChildJvm c = writer(layout.out().toString(), tmp.resolve("polled-writer.log"))) {
            c.awaitWhileAlive(() -> c.output().contains("wrote 1"), Duration.ofSeconds(60), "the first version");
            reader.start();
            c.awaitWhileAlive(() -> versions.stream().distinct().count() >= 3 || !readerFailure.isEmpty(),
                    Duration.ofSeconds(90), "reads of 3 versions");
        } finally {
            stop.set(true);
            reader.join(30_000);
        }
        assertEquals(List.of(), readerFailure, "a read failed");
        long distinct = versions.stream().distinct().count();
        System.out.printf("S3: a reader polling state.json read %d whole versions (%d distinct), found it absent "
                + "%d times while it was replaced and was refused %d reads of an object replaced after it was opened%n",
                whole.get(), distinct, absent.get(), changed.get());
        assertTrue(distinct >= 3, "the reader saw only " + distinct + " versions: it did not read during the writes");
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(versions.get(i) >= versions.get(i - 1), "a reader saw the state go back: " + versions);
        }
    }

    /**
     * The documented recovery: the file is gone, so the kill landed between the delete of the old
     * object and the copy of the new one; the temporary object this kill left (the newest of its
     * kind) is the whole new version: rename it into place.
     */
    private static void recover(List<FileStatus> left, String prefix, org.apache.hadoop.fs.Path target)
            throws IOException {
        List<FileStatus> candidates = left.stream().filter(t -> t.getPath().getName().startsWith(prefix)).toList();
        assertEquals(1, candidates.size(), target + " is gone; temporary objects this kill left: " + left);
        FileStatus temp = candidates.get(0);
        FileStatus newest = temporaries(new RunLayout(target.getParent())).stream()
                .filter(t -> t.getPath().getName().startsWith(prefix))
                .max(Comparator.comparingLong(FileStatus::getModificationTime)).orElseThrow();
        assertEquals(newest.getModificationTime(), temp.getModificationTime(), "not the newest " + prefix + "*");
        assertTrue(store.fs(target).rename(temp.getPath(), target), "cannot rename " + temp.getPath());
    }

    private static List<FileStatus> temporaries(RunLayout layout) throws IOException {
        return S3Server.temporaryObjects(store.fs(layout.out()), layout.out());
    }

    /** The weights' version, read whole from S3 (every zip entry's CRC checked). */
    private static int weightsVersion(org.apache.hadoop.fs.Path weights) throws IOException {
        Path local = Files.createTempFile(tmp, "weights", ".zip");
        Files.write(local, store.readBytes(weights));
        return CheckpointWriteKilledTest.weightsVersion(local);
    }
}
