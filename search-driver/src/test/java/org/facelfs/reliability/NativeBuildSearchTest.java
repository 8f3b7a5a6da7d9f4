package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain ND4J build stays usable: {@code -Dfacelfs.native=plain} forces it in a separate JVM (the choice
 * is made before ND4J loads, once per JVM), whatever the CPU, and a short search runs to the end on it. The
 * suite itself runs on the default choice (oneDNN on an AVX2 CPU).
 */
class NativeBuildSearchTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void aSearchForcedOntoThePlainBuildRunsToTheEnd() throws Exception {
        Path out = tmp.resolve("plain");
        try (ChildJvm c = ChildJvm.start(tmp.resolve("plain.log"), List.of("-Xmx1g", "-Dfacelfs.native=plain"),
                "org.facelfs.cli.FacelfsCommand", List.of("search", "--config", CliRun.TINY, "--out", out.toString(),
                        "-Dsearch.rounds=1"))) {
            assertEquals(0, c.awaitExit(Duration.ofSeconds(150)), c.output());
            String log = c.output();
            assertTrue(log.contains("ND4J native build linux-x86_64 (CpuBackend, oneDNN no")
                    && log.contains("facelfs.native=plain"), log);
            assertTrue(!log.contains("onednn-avx2"), "the oneDNN build was loaded too:\n" + log);
        }
        assertTrue(Files.isRegularFile(out.resolve("best/model.zip")), "no best model");
        assertTrue(Files.readString(out.resolve("history.csv")).lines().skip(1).allMatch(l -> l.contains(",ok,")));
    }
}
