package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during checkpoint writes, many times at random moments: after every kill,
 * {@code state.json} reads through the real reader ({@link RunState#read}) as one complete
 * version, the weights file is one complete version (zip CRCs and contents checked), nothing goes
 * backwards, and the temporary files a kill leaves behind are never listed as run files.
 */
class CheckpointWriteKilledTest {

    private static final int KILLS = 12;

    @TempDir
    Path tmp;

    @Test
    @Timeout(150)
    void aKillDuringAWriteLeavesTheOldOrTheNewFileNeverAHalfOne() throws Exception {
        Path out = tmp.resolve("run");
        FileStore store = FileStore.withDefaults();
        RunLayout layout = new RunLayout(store.path(out.toString()));
        Random random = new Random(20261128);
        int lastState = 0;
        int killsMidWrite = 0;
        for (int k = 0; k < KILLS; k++) {
            Path log = tmp.resolve("writer-" + k + ".log");
            List<Path> tempsBefore = temporaryFiles(out);
            try (ChildJvm c = ChildJvm.start(log, List.of("-Xmx256m"), CheckpointWriter.class.getName(),
                    List.of(out.toString()))) {
                c.awaitWhileAlive(() -> c.output().contains("started"), Duration.ofSeconds(30), "writer start");
                if (k % 2 == 1) {
                    // every other child first completes a version, so the versions advance however slow the machine
                    c.awaitWhileAlive(() -> c.output().contains("wrote"), Duration.ofSeconds(30), "a whole version");
                    Thread.sleep(random.nextInt(300));
                } else {
                    Thread.sleep(100 + random.nextInt(1400));
                }
                c.kill9();
            }
            List<Path> temps = new java.util.ArrayList<>(temporaryFiles(out));
            temps.removeAll(tempsBefore);
            if (!temps.isEmpty()) { // this kill left a temporary file of its own: it landed mid-write
                killsMidWrite++;
            }
            if (!Files.exists(out.resolve("state.json"))) {
                assertEquals(0, lastState, "state.json disappeared");
                continue; // killed before the first version was complete
            }
            int v = CheckpointWriter.wholeVersion(RunState.read(store, layout));
            assertTrue(v >= lastState, "state went back from " + lastState + " to " + v);
            int w = weightsVersion(out.resolve("weights/model.zip"));
            assertTrue(w == v || w == v + 1, "weights version " + w + " next to state version " + v);
            for (Path dir : List.of(out, out.resolve("weights"))) {
                assertFalse(store.list(store.path(dir.toString())).stream()
                        .anyMatch(p -> p.getName().startsWith("._tmp-")), "a temporary file listed as a run file");
            }
            lastState = v;
        }
        System.out.printf("%d kills, %d left a temporary file (killed mid-write), last version %d%n", KILLS,
                killsMidWrite, lastState);
        assertTrue(lastState >= KILLS / 2, "the writers completed only " + lastState + " versions");
        assertTrue(killsMidWrite >= KILLS / 3, "only " + killsMidWrite + " of " + KILLS
                + " kills landed in the middle of a write: the test did not test much");
    }

    /** Reads the zip fully (the zip reader checks every entry's CRC) and checks its contents. */
    static int weightsVersion(Path zipPath) throws IOException {
        try (ZipFile zip = new ZipFile(zipPath.toFile())) {
            int v = Integer.parseInt(new String(zip.getInputStream(zip.getEntry("version")).readAllBytes(),
                    StandardCharsets.UTF_8));
            byte[] coefficients = zip.getInputStream(zip.getEntry("coefficients.bin")).readAllBytes();
            assertArrayEquals(CheckpointWriter.expectedCoefficients(v), coefficients, "weights of version " + v);
            return v;
        }
    }

    private static List<Path> temporaryFiles(Path out) throws IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(p -> p.getFileName().toString().startsWith("._tmp-")).toList();
        }
    }
}
