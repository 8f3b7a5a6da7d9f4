package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.io.FileStore;
import org.facelfs.train.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished run, copied and moved, each extended by a round: each resumes from its own files.
 * The original's files are gone from where they were (the move), so a read of them would fail:
 * before, state.json named the start weights by absolute URI and both refused ("points at weights
 * … that do not exist"), and a copy whose original was still there silently trained from it.
 */
class RelocatedRunTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void aCopiedAndAMovedRunEachResumeFromTheirOwnFiles() throws Exception {
        Path original = tmp.resolve("original");
        CliRun.Outcome first = CliRun.search(original);
        assertEquals(0, first.exit(), first.err());
        Path copy = tmp.resolve("copy");
        copyTree(original, copy);
        Path moved = Files.createDirectories(tmp.resolve("elsewhere")).resolve("moved");
        Files.move(original, moved);
        assertFalse(Files.exists(original));

        FileStore store = FileStore.withDefaults();
        ModelFiles models = new ModelFiles(store);
        for (Path run : List.of(copy, moved)) {
            CliRun.Outcome extended = CliRun.search(run, "search.rounds=2");
            assertEquals(0, extended.exit(), extended.err());
            assertTrue(extended.out().contains("resuming " + store.path(run.toString()) + " after round 1 of 2"),
                    extended.out());
            String stateText = Files.readString(run.resolve("state.json"));
            assertFalse(stateText.contains(tmp.toString()), "state.json names no absolute path: " + stateText);
            RunState state = RunState.read(store, new RunLayout(store.path(run.toString())));
            assertEquals(2, state.completedRounds());
            assertTrue(Files.exists(run.resolve("rounds/0001/candidate-0/model.zip")), "round 2 trained into " + run);
        }
        assertFalse(Files.exists(original), "nothing was written where the original was");
        // one run, extended alike in both places
        assertEquals(models.read(copy.resolve("best/model.zip").toUri().toString()).params(),
                models.read(moved.resolve("best/model.zip").toUri().toString()).params());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            all.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
