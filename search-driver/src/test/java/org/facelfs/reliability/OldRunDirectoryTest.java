package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facelfs.cli.FacelfsCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory written before the issue-20 redesign (by main at d7cd253, kept under
 * src/test/resources/compat) still renders its report and resumes: the package moves, the typed
 * records and the config readers changed no file format and no configuration fingerprint.
 */
class OldRunDirectoryTest {

    private static final Path FIXTURE = Path.of("src/test/resources/compat/run-d7cd253");
    private static final Path CONFIG = Path.of("src/test/resources/compat/run-d7cd253.conf");
    /** Where the fixture was written: its state and results name their files by absolute URI. */
    private static final String WRITTEN_AT = "file:/tmp/arch_compat/run";

    @TempDir
    Path tmp;

    @Test
    void anOldRunDirectoryRendersItsReport() throws IOException {
        Path run = copyTo(tmp.resolve("run"));
        assertEquals(0, FacelfsCommand.newCommandLine().execute("report", run.toString()));
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("r0000-c00"), "the report lists round 1's candidates");
    }

    /**
     * Keys added to reference.conf since d7cd253 (search.am-lfs.transform, start-from, step-units,
     * ...) are absent from its config.conf and count as unchanged at their defaults. Four keys it
     * holds changed their defaults with issue 15 (docs/search.md, "The search before issue 15"; σ and
     * its floor became auto): the resume gives their old values, as a user resuming such a run does.
     */
    @Test
    void anOldRunDirectoryResumesForAnotherRound() throws IOException {
        Path run = copyTo(tmp.resolve("run"));
        List<String> oldHistory = Files.readAllLines(run.resolve("history.csv"));
        assertEquals(0, FacelfsCommand.newCommandLine().execute("search", "--config", CONFIG.toString(),
                "--out", run.toString(), "-Dsearch.rounds=2", "-Dsearch.mapping=log10", "-Dsearch.sigma=0.2",
                "-Dsearch.sigma-min=0.01", "-Dsearch.adam.lr=0.05"));
        var state = JsonMapper.builder().build().readTree(run.resolve("state.json").toFile());
        assertEquals(2, state.get("completedRounds").asInt());
        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertEquals(oldHistory, history.subList(0, oldHistory.size()), "round 1's rows are kept as they were");
        assertEquals(oldHistory.size() + 2, history.size(), "round 2 added its two candidates");
        assertTrue(Files.exists(run.resolve("rounds/0001/candidate-1/result.json")));
    }

    /**
     * The fixture at {@code to}, its absolute URIs pointing there (as if it had been written there).
     * The repository keeps no weights: each model.zip the old run had is taken from a fresh run of
     * the same config and seed (same graph, same file layout), so only the state, history and
     * config files are the old build's.
     */
    private static Path copyTo(Path to) throws IOException {
        Path fresh = to.resolveSibling(to.getFileName() + "-weights");
        assertEquals(0, FacelfsCommand.newCommandLine().execute("search", "--config", CONFIG.toString(),
                "--out", fresh.toString()));
        for (String zip : List.of("init/model.zip", "best/model.zip", "rounds/0000/candidate-0/model.zip",
                "rounds/0000/candidate-1/model.zip")) {
            Files.createDirectories(to.resolve(zip).getParent());
            Files.copy(fresh.resolve(zip), to.resolve(zip));
        }
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (Files.exists(target)) {
                    continue;
                } else if (f.toString().endsWith(".json")) {
                    Files.writeString(target, Files.readString(f).replace(WRITTEN_AT, "file:" + to.toAbsolutePath()));
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
