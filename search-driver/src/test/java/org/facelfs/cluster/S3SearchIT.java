package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.facelfs.io.FileStore;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunLease;
import org.facelfs.run.RunState;
import org.facelfs.train.ModelFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The search on S3 through {@code s3a://}, against a real S3 API on loopback ({@link S3Server}):
 * training images, the reward set and {@code run.out} in a bucket; spark-submit of the cluster jar
 * to {@code local-cluster[2,1,1024]}, whose executors are JVMs of their own. Endpoint, path-style
 * access, key pair and {@code fs.s3a.impl} are given only as {@code spark.hadoop.fs.s3a.*} on the
 * driver: no core-site.xml and no AWS variables anywhere, so the executors can read the images and
 * write their candidates only through the driver's Hadoop configuration shipped with each task.
 * The driver (with its executors) is SIGKILLed once a round is committed, the same command resumes
 * from the checkpoint on S3, and the result equals an unbroken run of the same config.
 */
@Tag("cluster")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class S3SearchIT {

    static final String BUCKET = "facelfs";
    static final int ROUNDS = 3;
    // above 1.5 x the 5 s an object store lease waits before reading itself back (RunLease), else it lapses at once
    static final int LEASE_SECONDS = 15;

    static Path dir;
    static S3Server s3;
    static FileStore store;

    @BeforeAll
    static void startS3() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")), "s3-");
        s3 = S3Server.start(dir.resolve("s3"), List.of(BUCKET));
        store = new FileStore(s3.hadoopConf());
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aSearchOnS3KilledAfterACheckpointResumesFromS3ToTheUnbrokenResult() throws Exception {
        String faces = "s3a://" + BUCKET + "/data/faces";
        String heldOut = "s3a://" + BUCKET + "/data/held-out";
        FaceFolders.write(store, faces, HdfsSearchIT.IDENTITIES, HdfsSearchIT.IMAGES, 11);
        FaceFolders.write(store, heldOut, 10, 4, 12);
        store.writeAtomically(store.path(heldOut + "/pairs.csv"), FaceFolders.pairsCsv(3));
        Map<String, String> onS3 = new HashMap<>(Map.of("data.train.format", "folders", "data.train.path", faces,
                "data.reward.format", "csv", "data.reward.name", "s3-held-out",
                "data.reward.file", heldOut + "/pairs.csv", "data.reward.images", heldOut,
                "data.decode-threads", "1", "search.rounds", Integer.toString(ROUNDS),
                "run.lease-seconds", Integer.toString(LEASE_SECONDS)));

        // the unbroken run: this JVM, embedded local[2], the same data read from S3
        Map<String, String> reference = new HashMap<>(onS3);
        s3.s3aSettings().forEach((k, v) -> reference.put("spark.hadoop." + k, v));
        Path unbroken = dir.resolve("unbroken");
        List<String> lines = LocalReference.run(LocalReference.TINY, unbroken.toString(), reference);
        assertTrue(lines.stream().anyMatch(l -> l.contains("data: image folders " + faces)), lines.toString());

        String out = "s3a://" + BUCKET + "/runs/x";
        RunLayout layout = new RunLayout(store.path(out));
        SparkHome home = SparkHome.create(dir.resolve("spark-home"));
        Path firstLog = dir.resolve("killed-submit.log");
        Process driver = submit(home, out, onS3).start(firstLog);
        int killedAfter = killAfterACheckpoint(driver, layout, firstLog);
        assertTrue(Files.readString(firstLog).contains("Spark local-cluster[2,1,1024]"), ChildJvm.tail(firstLog, 40));
        assertFalse(store.exists(new org.apache.hadoop.fs.Path(layout.out(), "summary.json")), "the run had ended");
        List<String> temps = S3Server.temporaryObjects(store.fs(layout.out()), layout.out()).stream()
                .map(t -> t.getPath().toString()).toList();
        System.out.println("driver killed after round " + killedAfter + " of " + ROUNDS + "; temporary objects left: "
                + temps);

        awaitLeaseExpiry(layout);
        Path resumeLog = dir.resolve("resume-submit.log");
        submit(home, out, onS3).run(resumeLog, Duration.ofMinutes(4));
        assertTrue(Files.readString(resumeLog).contains("resuming " + out + " after round " + killedAfter + " of "
                + ROUNDS), "the second run did not resume\n" + ChildJvm.tail(resumeLog, 40));

        // the run as its readers list it (FileStore.list never shows a temporary object) equals the unbroken one
        Path copy = dir.resolve("copy");
        copyListed(layout.out(), copy);
        assertEquals(ROUNDS, RunComparison.state(copy).path("completedRounds").asInt());
        RunComparison.assertSameSearch(unbroken, copy);
        assertEquals("done", new ObjectMapper().readTree(copy.resolve("summary.json").toFile()).path("status").asText());
        assertTrue(Files.readString(copy.resolve("report.html")).contains("<html"), "no report");
        ModelFiles models = new ModelFiles(store);
        assertEquals(models.read(unbroken.resolve("best/model.zip").toUri().toString()).params(),
                models.read(store.uri(layout.bestModel()).toString()).params(), "the same best weights, read from S3");
        assertEquals(HdfsSearchIT.IDENTITIES, Files.readAllLines(copy.resolve("labels.txt")).size());
    }

    /** spark-submit to local-cluster with the S3 settings as spark.hadoop.* on the driver only. */
    private static SparkSubmit submit(SparkHome home, String out, Map<String, String> overrides) {
        SparkSubmit submit = SparkSubmit.search(home, "local-cluster[2,1,1024]", "client", LocalReference.TINY, out)
                .conf("spark.executor.memory", "900m")
                // a guard, not a channel: should the settings not reach an executor, the AWS SDK must not
                // look for credentials at the instance-metadata address (off loopback) instead of failing
                .env("AWS_EC2_METADATA_DISABLED", "true");
        s3.s3aSettings().forEach((k, v) -> submit.conf("spark.hadoop." + k, v));
        overrides.forEach(submit::override);
        return submit;
    }

    /** Waits until state.json on S3 records a completed round (not the last), then kills the driver and its executors. */
    private static int killAfterACheckpoint(Process driver, RunLayout layout, Path log) {
        long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < end && driver.isAlive()) {
            if (completedRounds(layout) >= 1) {
                ChildProcesses.kill(driver.toHandle());
                int completed = completedRounds(layout);
                assertTrue(completed >= 1 && completed < ROUNDS, "killed after round " + completed);
                return completed;
            }
            StandaloneCluster.sleep(200);
        }
        throw new AssertionError("no checkpoint on S3 while the driver ran\n" + ChildJvm.tail(log, 60));
    }

    /**
     * The rounds state.json records, -1 while there is none. Replacing it on S3 deletes it before the copy
     * (docs/cluster.md, S3), so a read may find it gone; a half-written one would throw.
     */
    private static int completedRounds(RunLayout layout) {
        try {
            return RunState.read(store, layout).completedRounds();
        } catch (java.io.UncheckedIOException absent) {
            if (absent.getCause() instanceof java.io.FileNotFoundException) {
                return -1;
            }
            throw absent;
        }
    }

    /** A SIGKILLed driver leaves its lease: the same command takes the directory over once it has expired. */
    private static void awaitLeaseExpiry(RunLayout layout) {
        RunLease.Holder dead = RunLease.holderOf(store, layout);
        if (dead != null) {
            StandaloneCluster.sleep(Math.max(0, Duration.between(Instant.now(), Instant.parse(dead.expiresAt()))
                    .toMillis() + 200));
        }
    }

    /** Copies what {@link FileStore#list} shows under {@code from} into a local folder. */
    private static void copyListed(org.apache.hadoop.fs.Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (org.apache.hadoop.fs.Path p : store.list(from)) {
            assertFalse(p.getName().startsWith("._tmp-"), "a temporary object listed: " + p);
            FileStatus status = store.statusOrNull(p);
            if (status.isDirectory()) {
                copyListed(p, to.resolve(p.getName()));
            } else {
                Files.write(to.resolve(p.getName()), store.readBytes(p));
            }
        }
    }
}
