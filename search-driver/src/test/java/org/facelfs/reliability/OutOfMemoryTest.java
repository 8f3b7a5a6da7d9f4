package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch too big for the configured memory, for real: {@code facelfs search} in a child JVM
 * whose ND4J may use at most 1.4 GB of physical memory ({@code -Dorg.bytedeco.javacpp.maxphysicalbytes}),
 * training 1024 images of 64x64 per step. Every candidate runs out of memory; the job must stop
 * with exit code 2 and a message that names the settings to change, its checkpoint untouched.
 */
class OutOfMemoryTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void aBatchTooBigForTheMemoryStopsWithAMessageNamingTheSettings() throws Exception {
        Path out = tmp.resolve("run");
        try (ChildJvm c = ChildJvm.start(tmp.resolve("oom.log"),
                List.of("-Xmx768m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=1400m"),
                "org.facelfs.cli.FacelfsCommand",
                List.of("search", "--config", CliRun.TINY, "--out", out.toString(), "-Dsearch.rounds=2",
                        "-Dtrain.batch-size=1024", "-Ddata.image.height=64", "-Ddata.image.width=64",
                        "-Dmodel.widths=[32,64]", "-Ddata.train.synthetic.identities=64",
                        "-Ddata.train.synthetic.images-per-identity=16"))) {
            int exit = c.awaitExit(Duration.ofSeconds(240)); // DL4J writes a memory crash dump per OOM: ~20 s each under load
            String output = c.output();
            assertEquals(2, exit, output);
            List<String> errors = output.lines().filter(l -> l.startsWith("facelfs: error: ")).toList();
            assertEquals(1, errors.size(), output);
            String line = errors.get(0);
            System.out.println(line);
            for (String f : List.of("every candidate of round 1 failed", "0 completed round", "out of memory",
                    "train.batch-size (now 1024)", "org.bytedeco.javacpp.maxbytes", "maxphysicalbytes",
                    "spark.executor.memoryOverhead")) {
                assertTrue(line.contains(f), "'" + f + "' missing from: " + line);
            }
            assertFalse(line.contains("\tat "), line);
        }
        try (var files = java.nio.file.Files.list(tmp)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("dl4j-memory-crash-dump")),
                    "DL4J saw the out-of-memory error itself (it writes a crash dump)");
        }
        assertEquals(0, new ObjectMapper().readTree(out.resolve("state.json").toFile()).path("completedRounds").asInt());
    }
}
