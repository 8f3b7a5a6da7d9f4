package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facelfs.app.spark.SparkSearchTest;

/**
 * Compares two run directories of the same config and seed: the same files, the same
 * deterministic history (candidates, losses, seeds, statuses, rewards, best flags exactly; training
 * losses to float rounding — not timings or executor names) and the same final controller state (μ, σ, Adam).
 */
public final class RunComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunComparison() {
    }

    public static void assertSameSearch(Path expected, Path actual) {
        assertEquals(files(expected), files(actual), "the runs left different files");
        List<String> want;
        List<String> got;
        try {
            want = SparkSearchTest.deterministicColumns(expected);
            got = SparkSearchTest.deterministicColumns(actual);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertEquals(want.stream().map(RunComparison::withoutTrainLoss).toList(),
                got.stream().map(RunComparison::withoutTrainLoss).toList(), "history differs");
        for (int i = 0; i < want.size(); i++) {
            // oneDNN's convolutions sum in an order that depends on the thread count, which differs between
            // the in-process reference and executor JVMs: the training loss agrees to float rounding, not bit for bit
            assertEquals(trainLoss(want.get(i)), trainLoss(got.get(i)), 1e-5 * Math.abs(trainLoss(want.get(i))),
                    "training loss of " + want.get(i));
        }
        JsonNode a = state(expected);
        JsonNode b = state(actual);
        assertEquals(a.path("completedRounds"), b.path("completedRounds"));
        assertEquals(a.path("bestCandidate"), b.path("bestCandidate"));
        assertEquals(a.path("controller").path("policy"), b.path("controller").path("policy"), "controller μ/σ differ");
    }

    private static String withoutTrainLoss(String row) {
        return row.substring(0, row.lastIndexOf(','));
    }

    private static double trainLoss(String row) {
        return Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
    }

    /** The run's state.json. */
    public static JsonNode state(Path run) {
        try {
            return JSON.readTree(run.resolve("state.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Relative paths of every file of a run, sorted. */
    public static List<String> files(Path run) {
        try (Stream<Path> s = Files.walk(run)) {
            return s.filter(Files::isRegularFile).map(p -> run.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
