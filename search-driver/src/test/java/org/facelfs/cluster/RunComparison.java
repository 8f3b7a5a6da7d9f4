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
 * deterministic history (candidates, losses, seeds, statuses, rewards, best flags, training
 * losses — not timings or executor names) and the same final controller state (μ, σ, Adam).
 */
public final class RunComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunComparison() {
    }

    public static void assertSameSearch(Path expected, Path actual) {
        assertEquals(files(expected), files(actual), "the runs left different files");
        try {
            assertEquals(SparkSearchTest.deterministicColumns(expected), SparkSearchTest.deterministicColumns(actual),
                    "history differs");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        JsonNode a = state(expected);
        JsonNode b = state(actual);
        assertEquals(a.path("completedRounds"), b.path("completedRounds"));
        assertEquals(a.path("bestCandidate"), b.path("bestCandidate"));
        assertEquals(a.path("controller").path("policy"), b.path("controller").path("policy"), "controller μ/σ differ");
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
