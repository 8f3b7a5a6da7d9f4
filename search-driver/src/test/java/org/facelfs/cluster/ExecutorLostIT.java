package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault: an executor JVM killed (SIGKILL) while its candidate of round 2 trains. Spark sees the
 * executor lost, runs the task again (spark.task.maxFailures = 4) on another executor, and the
 * search completes with exactly the history and controller state of an undisturbed run: a
 * candidate's training depends only on its task (seed, start weights), and its files are
 * written atomically, so a half-done attempt leaves nothing behind.
 */
@Tag("cluster")
@ExtendWith(StandaloneClusterExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ExecutorLostIT {

    /**
     * Enough iterations that round 2's training lasts seconds even on a fast build (~600 img/s here: 3 s), and
     * progress lines 4 times a second, so several of them appear while the task runs and one can be caught.
     */
    static final int ITERATIONS = 120;
    static final Map<String, String> LONGER_ROUNDS = Map.of(
            "train.iterations-per-round", Integer.toString(ITERATIONS), "train.progress-seconds", "0.25");
    static final Pattern ROUND_2_PROGRESS = Pattern.compile("(r0001-c0\\d): iteration (\\d+)/" + ITERATIONS);

    @Test
    void killingAnExecutorMidRoundLosesNothing(StandaloneCluster cluster) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")), "executor-lost-");
        Path undisturbed = dir.resolve("undisturbed");
        LocalReference.run(LocalReference.TINY, undisturbed.toString(), LONGER_ROUNDS);

        cluster.awaitIdle(Duration.ofSeconds(60));
        Path out = dir.resolve("killed").toAbsolutePath();
        SparkSubmit submit = SparkSubmit.search(cluster.home(), cluster.masterUrl(), "client", LocalReference.TINY,
                out.toString());
        LONGER_ROUNDS.forEach(submit::override);
        Path log = dir.resolve("submit.log");
        Process driver = submit.start(log);

        Killed killed = killWhileTraining(cluster, driver, log, Duration.ofMinutes(4));
        assertTrue(driver.waitFor(4, TimeUnit.MINUTES), "the search did not finish\n" + ChildJvm.tail(log, 40));
        assertEquals(0, driver.exitValue(), ChildJvm.tail(log, 60));
        assertFalse(killed.executor().process().isAlive());

        String driverLog = Files.readString(log);
        assertTrue(driverLog.contains("Lost executor " + killed.executor().executorId()), "no executor loss seen");
        // the lost task ran again as attempt 1 of the same partition (round 2's stage: after the data
        // inspection's, the initial weights' and round 1's)
        assertTrue(driverLog.matches("(?s).*Starting task \\d\\.1 in stage 3\\.0.*"), "no retry of the lost task");
        System.out.println("killed executor " + killed.executor().executorId() + " (pid "
                + killed.executor().process().pid() + ") while " + killed.candidate() + " was at iteration "
                + killed.iteration() + "/" + ITERATIONS);
        RunComparison.assertSameSearch(undisturbed, out);
    }

    record Killed(Executor executor, String candidate, int iteration) {
    }

    /** Waits for a round-2 progress line in an executor's log, then kills that executor with SIGKILL. */
    private static Killed killWhileTraining(StandaloneCluster cluster, Process driver, Path driverLog,
            Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && driver.isAlive()) {
            for (Path stderr : cluster.executorLogs()) {
                Matcher m = ROUND_2_PROGRESS.matcher(Files.readString(stderr));
                if (!m.find()) {
                    continue;
                }
                String executorId = stderr.getParent().getFileName().toString();
                String appId = stderr.getParent().getParent().getFileName().toString();
                Optional<Executor> executor = cluster.executors().stream()
                        .filter(e -> e.executorId().equals(executorId) && e.appId().equals(appId)).findFirst();
                if (executor.isPresent()) {
                    executor.get().process().destroyForcibly();
                    return new Killed(executor.get(), m.group(1), Integer.parseInt(m.group(2)));
                }
            }
            StandaloneCluster.sleep(100);
        }
        String why = driver.isAlive() ? "within " + timeout.toSeconds() + " s"
                : "before the driver exited with " + driver.exitValue();
        throw new AssertionError("no round-2 progress line seen in an executor's log " + why + "\n"
                + ChildJvm.tail(driverLog, 40));
    }
}
