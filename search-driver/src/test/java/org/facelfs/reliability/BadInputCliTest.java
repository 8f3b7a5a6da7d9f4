package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Bad input through the real command line ({@code facelfs search}): every case must end with exit
 * code 2 and one {@code facelfs: error:} line that names the key or file and what is wrong — no
 * stack trace unless {@code --verbose}. Configuration errors stop before Spark starts; data and
 * checkpoint errors are found by the running job (embedded Spark local[2]).
 */
class BadInputCliTest {

    @TempDir
    Path tmp;

    CliRun.Outcome search(String... overrides) {
        return CliRun.search(tmp.resolve("run"), overrides);
    }

    static String assertCleanError(CliRun.Outcome r, String... fragments) {
        return CliRun.assertCleanError(r, fragments);
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/bad-config-values.csv", delimiter = ';')
    void aBadConfigValueNamesItsKeyAndWhatIsAllowed(String overrides, String key, String says) {
        String line = assertCleanError(search(overrides.split("\\|")), "config key '" + key + "'", says);
        assertTrue(line.contains("reference.conf"), line);
        assertFalse(Files.exists(tmp.resolve("run")), "nothing written for a bad configuration");
    }

    @Test
    void aMissingTrainingFolderIsNamed() {
        Path missing = tmp.resolve("no-such-faces");
        assertCleanError(search("data.train.format=folders", "data.train.path=\"" + missing + "\"",
                "data.decode-threads=1", "data.reward={format=csv,file=\"" + tmp.resolve("pairs.csv") + "\"}"),
                missing.toString());
    }

    @Test
    void anEmptyTrainingFolderIsNamed() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-faces"));
        assertCleanError(search("data.train.format=folders", "data.train.path=\"" + empty + "\"",
                "data.decode-threads=1", "data.reward={format=csv,file=\"" + tmp.resolve("pairs.csv") + "\"}"),
                empty.toString());
    }

    @Test
    void aBadLineInAnLfwPairsFileNamesFileAndLine() throws Exception {
        Path pairs = tmp.resolve("pairs.txt");
        Files.writeString(pairs, "1\t1\nAlice\t1\t2\nBob 1\n");
        assertCleanError(search("data.reward={format=lfw,pairs=\"" + pairs + "\",images=\"" + tmp + "\"}"),
                pairs.toString(), "line 3", "every candidate of round 1 failed", "0 completed round");
    }

    /** The log too: a reward set's bad line is its message there, as the docs say, not a stack trace. */
    @Test
    void aBadLineInACsvPairsFileNamesFileAndLine() throws Exception {
        Path pairs = tmp.resolve("pairs.csv");
        Files.writeString(pairs, "a.png,b.png,1\nc.png,d.png,maybe\n");
        try (LogCapture log = new LogCapture()) {
            assertCleanError(search("data.reward={format=csv,file=\"" + pairs + "\"}"), pairs.toString(), "line 2",
                    "maybe");
            assertTrue(log.text().contains("pairs.csv line 2"), log.text());
            assertFalse(log.text().contains("\tat "), "stack trace in the log:\n" + log.text());
        }
    }

    /** Spark's own message names spark-submit's --driver-memory, which java -jar has not. */
    @Test
    void aHeapTooSmallForSparkSaysWhatEachLauncherTakes() {
        System.setProperty("spark.testing.memory", "104857600"); // Spark's stand-in for the heap size
        try {
            assertCleanError(search(), "heap is too small", "java -jar raise -Xmx", "spark-submit pass --driver-memory");
        } finally {
            System.clearProperty("spark.testing.memory");
        }
    }

    /** A pickle of a dict where (images, issame) should be. */
    @Test
    void aBinWithAnUnexpectedStructureIsNamed() throws Exception {
        Path bin = tmp.resolve("dict.bin");
        // pickle.dumps({'a': 1}, protocol=2)
        Files.write(bin, new byte[] {(byte) 0x80, 2, '}', 'q', 0, 'X', 1, 0, 0, 0, 'a', 'q', 1, 'K', 1, 's', '.'});
        assertCleanError(search("data.reward={format=bin,file=\"" + bin + "\"}"), bin.toString(),
                "expected a pickle of (list of images, list of bool issame)");
    }

    /** os.system('touch') as a pickle: refused at the GLOBAL opcode, before anything could be looked up. */
    @Test
    void aPickleHoldingAClassReferenceIsRefusedNeverExecuted() throws Exception {
        Path bin = tmp.resolve("evil.bin");
        Path marker = tmp.resolve("touched");
        byte[] cmd = ("touch " + marker).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(new byte[] {(byte) 0x80, 2});
        p.write("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        p.write('X');
        p.write(new byte[] {(byte) cmd.length, 0, 0, 0});
        p.write(cmd);
        p.write(new byte[] {(byte) 0x85, 'R', '.'});
        Files.write(bin, p.toByteArray());
        assertCleanError(search("data.reward={format=bin,file=\"" + bin + "\"}"), bin.toString(), "GLOBAL os.system",
                "refused");
        assertFalse(Files.exists(marker), "the pickle's command ran");
    }

    @Test
    void aCorruptCheckpointOnResumeIsRefusedAndLeftAsItWas() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(out.resolve("state.json"), "{\"formatVersion\": 1, \"completedRou");
        assertCleanError(search(), "state.json", "cannot be read as a facelfs checkpoint", "--fresh");
        assertEquals("{\"formatVersion\": 1, \"completedRou", Files.readString(out.resolve("state.json")));
    }

    @Test
    void aCheckpointPointingAtMissingWeightsIsRefused() throws Exception {
        assertEquals(0, search().exit());
        Path out = tmp.resolve("run");
        String state = Files.readString(out.resolve("state.json"));
        String start = new com.fasterxml.jackson.databind.ObjectMapper().readTree(state).path("startModel").asText();
        Files.delete(out.resolve(start)); // relative to the run directory
        assertCleanError(search("search.rounds=2"), "state.json", "points at weights", "do not exist");
    }
}
