package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.facelfs.app.ConfigFingerprint;
import org.facelfs.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code facelfs check} through the real command line: on every shipped config file, on the
 * bad-config cases of docs/reliability.md (same list as {@link BadInputCliTest}), on a config
 * whose include is missing, and the resolved file it writes for the submit scripts.
 */
class CheckCliTest {

    static final Path CONF = Path.of("..", "conf").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** The problem lines ({@code facelfs check: ...}) of a run, without the count line. */
    static List<String> problems(CliRun.Outcome r) {
        return r.err().lines().filter(l -> l.startsWith("facelfs: check: ") && !l.endsWith("problem(s)"))
                .map(l -> l.substring("facelfs: check: ".length())).toList();
    }

    static Stream<Path> shippedConfigs() throws IOException {
        try (Stream<Path> files = Files.walk(CONF)) {
            return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    /**
     * Every shipped file validates: the only problems are its inputs, each named with its key and
     * why it cannot be read here (the data sets live on the cluster or in ../shared/data).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void everyShippedConfigValidatesAndOnlyItsInputsAreReported(Path conf) {
        CliRun.Outcome r = CliRun.run("check", "--config", conf.toString());
        String name = CONF.relativize(conf).toString();
        if (name.equals("local.conf")) {
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("check: ok"), r.out());
            return;
        }
        String expected = name.startsWith("lfw-small") ? "does not exist (file:"
                : name.equals("k8s.conf") ? "java.lang.ClassNotFoundException: Class "
                        + "org.apache.hadoop.fs.s3a.S3AFileSystem not found"
                : "cannot open the file system of hdfs:";
        assertEquals(2, r.exit(), r.err());
        List<String> problems = problems(r);
        assertFalse(problems.isEmpty(), r.err());
        for (String p : problems) {
            // the inputs, and the event log's directory where the file turns the event log on
            assertTrue(p.matches("(input (data\\.(train|reward|eval\\[\\d])\\.[a-z.-]+)|output spark\\.eventLog\\.dir)"
                    + " = \\S+: .*"), p);
            assertTrue(p.contains(expected), p);
        }
        assertEquals(name.equals("k8s.conf") || name.equals("yarn.conf"),
                problems.stream().anyMatch(p -> p.startsWith("output spark.eventLog.dir = ")), problems.toString());
        assertTrue(problems.get(0).startsWith("input data.train.path = "), problems.get(0));
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(r.out().contains("# resource plan"), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/bad-config-values.csv", delimiter = ';')
    void aBadConfigValueIsOneProblemNamingItsKey(String overrides, String key, String says) {
        List<String> args = new java.util.ArrayList<>(List.of("check", "--config", CliRun.TINY));
        for (String o : overrides.split("\\|")) {
            args.add("-D" + o);
        }
        CliRun.Outcome r = CliRun.run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), r.err());
        List<String> problems = problems(r);
        assertEquals(1, problems.size(), r.err());
        assertTrue(problems.get(0).startsWith("config key '" + key + "'"), problems.get(0));
        assertTrue(problems.get(0).contains(says), problems.get(0));
        assertFalse(r.out().contains("check: ok"), r.out());
    }

    /** Each missing or unreadable input is its own line, naming key and path; the present ones pass. */
    @Test
    void everyMissingInputIsNamedOnItsOwnLine() throws IOException {
        Path faces = Files.createDirectories(tmp.resolve("faces/alice"));
        Path pairs = Files.writeString(tmp.resolve("pairs.csv"), "a.png,b.png,1\n");
        Path notAFile = Files.createDirectories(tmp.resolve("a-directory.bin"));
        CliRun.Outcome r = CliRun.run("check", "--config", CliRun.TINY, "-Ddata.train.format=folders",
                "-Ddata.train.path=\"" + faces.getParent() + "\"", "-Ddata.decode-threads=1",
                "-Ddata.reward={format=csv,file=\"" + pairs + "\"}",
                "-Ddata.eval=[{format=bin,file=\"" + tmp.resolve("no-such.bin") + "\"},"
                        + "{format=bin,file=\"" + notAFile + "\"},"
                        + "{format=lfw,pairs=\"" + pairs + "\",images=\"" + tmp.resolve("no-images") + "\"}]");
        assertEquals(2, r.exit(), r.err());
        assertEquals(List.of(
                "input data.eval[0].file = " + tmp.resolve("no-such.bin") + ": does not exist (file:"
                        + tmp.resolve("no-such.bin") + ")",
                "input data.eval[1].file = " + notAFile + ": is a directory, a file was expected (file:" + notAFile + ")",
                "input data.eval[2].images = " + tmp.resolve("no-images") + ": does not exist (file:"
                        + tmp.resolve("no-images") + ")"), problems(r));
        assertTrue(r.out().contains("data.train.path = " + faces.getParent() + ": ok"), r.out());
        assertTrue(r.out().contains("data.reward.file = " + pairs + ": ok"), r.out());
    }

    /** With the event log on, its directory is checked as Spark will need it: there, a directory, writable. */
    @Test
    void theEventLogDirectoryIsCheckedWhenTheEventLogIsOn() throws IOException {
        Path missing = tmp.resolve("no-events");
        String on = "-Dspark.eventLog.enabled=true";
        CliRun.Outcome r = CliRun.run("check", "--config", CliRun.TINY, on, "-Dspark.eventLog.dir=" + missing);
        assertEquals(2, r.exit(), r.err());
        assertEquals(List.of("output spark.eventLog.dir = " + missing + ": does not exist (file:" + missing
                + "); Spark needs it with spark.eventLog.enabled = true: create it"), problems(r));

        Path file = Files.writeString(tmp.resolve("events.txt"), "");
        r = CliRun.run("check", "--config", CliRun.TINY, on, "-Dspark.eventLog.dir=" + file);
        assertEquals(List.of("output spark.eventLog.dir = " + file + ": is not a directory (file:" + file
                + "); Spark needs it with spark.eventLog.enabled = true"), problems(r));

        Path events = Files.createDirectories(tmp.resolve("events"));
        r = CliRun.run("check", "--config", CliRun.TINY, on, "-Dspark.eventLog.dir=" + events);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("spark.eventLog.dir = " + events + ": ok (writable)"), r.out());
        try (Stream<Path> left = Files.list(events)) {
            assertEquals(List.of(), left.toList(), "the probe file was not removed");
        }
        // event log off (Spark's default): its directory is none of the job's business
        r = CliRun.run("check", "--config", CliRun.TINY, "-Dspark.eventLog.dir=" + missing);
        assertEquals(0, r.exit(), r.err());
    }

    /** The bug of issue 17: a preset shipped without the file it includes used to train the defaults. */
    @Test
    void aMissingIncludeIsAProblemNotTheDefaults() throws IOException {
        Path alone = Files.copy(CONF.resolve("yarn.conf"), tmp.resolve("yarn.conf"));
        CliRun.Outcome r = CliRun.run("check", "--config", alone.toString());
        assertEquals(2, r.exit(), r.err());
        List<String> problems = problems(r);
        assertEquals(1, problems.size(), r.err());
        assertTrue(problems.get(0).startsWith("config key '--config': cannot parse " + alone), problems.get(0));
        assertTrue(problems.get(0).contains("include \"paper.conf\": no such file beside the including file"),
                problems.get(0));
        // and the job refuses it the same way, before Spark starts
        CliRun.Outcome search = CliRun.run("search", "--config", alone.toString(), "--out", tmp.resolve("run").toString());
        CliRun.assertCleanError(search, "paper.conf");
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    /** The resolved file is self-contained: alone in another directory it loads to the same config. */
    @Test
    void theResolvedFileLoadsToTheSameConfigWithoutItsIncludes() throws IOException {
        Path resolved = tmp.resolve("ship/yarn.conf");
        // yarn.conf turns the event log on: its directory (on HDFS there) must be writable for the check to pass
        Path events = Files.createDirectories(tmp.resolve("events"));
        CliRun.Outcome r = CliRun.run("check", "--config", CONF.resolve("yarn.conf").toString(),
                "-Ddata.train.format=synthetic", "-Ddata.reward={format=synthetic}", "-Ddata.eval=[]",
                "-Dspark.eventLog.dir=" + events, "--write-resolved", resolved.toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, String> same = Map.of("data.train.format", "synthetic", "data.reward", "{format=synthetic}",
                "data.eval", "[]");
        Config original = effective(CONF.resolve("yarn.conf"), same);
        assertEquals(original, effective(resolved, Map.of()));
        assertEquals("facelfs-yarn", original.getString("run.name"));
        assertEquals("iresnet50", original.getString("model.backbone"), "paper.conf's backbone came along");
        assertTrue(ConfigLoader.load(resolved, Map.of()).getBoolean("spark.eventLog.enabled"),
                "yarn.conf's spark section is kept in the resolved file");
    }

    @Test
    void aFailedCheckWritesNoResolvedFile() {
        Path resolved = tmp.resolve("resolved.conf");
        CliRun.Outcome r = CliRun.run("check", "--config", CliRun.TINY, "-Dsearch.candidates=0",
                "--write-resolved", resolved.toString());
        assertEquals(2, r.exit(), r.err());
        assertFalse(Files.exists(resolved));
    }

    /** --night names a night of --nightly: alone it is refused, naming both options. */
    @Test
    void aNightWithoutNightlyIsRefused() {
        CliRun.Outcome r = CliRun.run("search", "--config", CliRun.TINY, "--out", tmp.resolve("run").toString(),
                "--night", "2026-03-04");
        CliRun.assertCleanError(r, "--night 2026-03-04 needs --nightly BASE");
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    /** The job's sections of the effective config, as the run's config.conf holds them. */
    static Config effective(Path file, Map<String, String> overrides) {
        return ConfigFactory.parseString(ConfigLoader.render(ConfigLoader.load(file, overrides),
                ConfigFingerprint.SECTIONS)).resolve();
    }
}
