package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output directory stops taking writes. A real full disk: a 640 KiB tmpfs (needs root to
 * mount; skipped where mount is not allowed) holds the first rounds of a tiny run, then fills.
 * And an output path that cannot be a directory (a file where a directory should be), which
 * needs no privileges.
 */
class OutputNotWritableTest {

    @TempDir
    Path tmp;

    @Test
    void aFullDiskStopsTheJobNamingThePathAndTheLastCheckpointResumesOnceThereIsRoom() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small-disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", mount.toString()) == 0,
                "mounting a tmpfs needs root");
        try {
            Path out = mount.resolve("run");
            CliRun.Outcome full = CliRun.search(out, "search.rounds=6");
            String line = CliRun.assertCleanError(full, out.toString(), "No space left on device");
            FileStore store = FileStore.withDefaults();
            RunLayout layout = new RunLayout(store.path(out.toString()));
            RunState state = RunState.read(store, layout);
            int done = state.completedRounds();
            assertTrue(done >= 1 && done < 6, "checkpoint after " + done + " rounds; " + line);
            assertTrue(store.exists(state.startModelPath(store, layout)), "the checkpoint's weights are there");
            assertEquals(done * 2, Files.readAllLines(out.resolve("history.jsonl")).size());

            // room again: the same command resumes after the last good round and finishes
            assertEquals(0, run("mount", "-o", "remount,size=32m", mount.toString()));
            CliRun.Outcome resumed = CliRun.search(out, "search.rounds=6");
            assertEquals(0, resumed.exit(), resumed.err());
            assertTrue(resumed.out().contains("after round " + done + " of 6"), resumed.out());
            assertEquals(6, RunState.read(store, new RunLayout(store.path(out.toString()))).completedRounds());
            assertEquals(12, Files.readAllLines(out.resolve("history.jsonl")).size());
        } finally {
            run("umount", mount.toString());
        }
    }

    @Test
    void anOutputPathThroughAFileIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Path out = file.resolve("run");
        CliRun.assertCleanError(CliRun.search(out), out.toString());
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            System.out.println(String.join(" ", command) + ": " + output);
        }
        return p.exitValue();
    }
}
