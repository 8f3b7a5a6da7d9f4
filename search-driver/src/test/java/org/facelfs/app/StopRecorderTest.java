package org.facelfs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.facelfs.app.summary.RunStatus;
import org.facelfs.app.summary.RunStoppedException;
import org.facelfs.app.summary.StopRecorder;
import org.facelfs.app.summary.SummaryFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search that throws Spark's checked SparkException (undeclared, from the Scala API) on a real local context:
 * recorded as failed while the context runs, as interrupted once it was shut down.
 */
class StopRecorderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A real job whose task throws: Spark fails it with a SparkException, which Java does not see declared. */
    private static Integer failingJob(JavaSparkContext sc) {
        sc.parallelize(List.of(1), 1).foreach(i -> {
            throw new IllegalStateException("the task failed");
        });
        return 0;
    }

    private static JavaSparkContext localContext() {
        return new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("stop-recorder")
                .set("spark.ui.enabled", "false"));
    }

    private SummaryFile summary(RunOptions o) {
        return new SummaryFile(FakeRuns.STORE, o.layout(), o.settings().rounds(), 0.0, o.configFingerprint(),
                "test-version", Instant.now());
    }

    private JsonNode summaryJson(Path out) throws Exception {
        return JSON.readTree(out.resolve(SummaryFile.NAME).toFile());
    }

    @Test
    void aSparkExceptionWhileTheContextRunsIsRecordedAsFailedAndGoesOn() throws Exception {
        Path out = tmp.resolve("failed");
        RunOptions o = FakeRuns.options(out, 3);
        try (JavaSparkContext sc = localContext()) {
            Exception e = assertThrows(Exception.class, () -> StopRecorder.recording(() -> failingJob(sc),
                    sc.sc()::isStopped, "state.json", summary(o)));
            assertInstanceOf(SparkException.class, e);
        }
        JsonNode s = summaryJson(out);
        assertEquals(RunStatus.FAILED.key(), s.path("status").asText());
        assertTrue(s.path("message").asText().contains("the task failed"), s.toString());
    }

    @Test
    void aSparkExceptionOnceTheContextIsShutDownIsAnInterruption() throws Exception {
        Path out = tmp.resolve("interrupted");
        RunOptions o = FakeRuns.options(out, 3);
        try (JavaSparkContext sc = localContext()) {
            RunStoppedException stop = assertThrows(RunStoppedException.class, () -> StopRecorder.recording(() -> {
                try {
                    return failingJob(sc);
                } finally {
                    sc.stop(); // shut down from outside while the SparkException is on its way up
                }
            }, sc.sc()::isStopped, "state.json", summary(o)));
            assertEquals(RunStatus.INTERRUPTED, stop.status());
            assertInstanceOf(SparkException.class, stop.getCause());
            assertTrue(stop.getMessage().startsWith("interrupted: the Spark context was shut down (Job aborted"),
                    stop.getMessage());
            assertTrue(!stop.getMessage().contains("\n"), "only the first line of Spark's message: " + stop.getMessage());
        }
        JsonNode s = summaryJson(out);
        assertEquals(RunStatus.INTERRUPTED.key(), s.path("status").asText());
        assertEquals(RunStatus.INTERRUPTED.exitCode(), s.path("exitCode").asInt());
        assertTrue(s.path("message").asText().endsWith("state.json keeps the completed rounds and the same command "
                + "resumes"), s.toString());
    }
}
