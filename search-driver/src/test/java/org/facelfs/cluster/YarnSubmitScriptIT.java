package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.facelfs.app.ConfigFingerprint;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.run.RunLayout;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped {@code deploy/submit-yarn.sh}, unchanged, in its default YARN cluster deploy mode
 * against a MiniYARNCluster and a MiniDFSCluster. Only the environment points it at them: PATH
 * holds a {@code spark-submit} that runs Spark's own {@code SparkSubmit} on the test SPARK_HOME,
 * HADOOP_CONF_DIR the two clusters' client settings, SPARK_CONF_DIR a spark-defaults.conf as a
 * platform's gateway has one. The config is a copy of {@code conf/yarn.conf} beside a copy of
 * {@code conf/paper.conf} (its include), pointed at HDFS and shrunk to the tiny search.
 *
 * <p>Proves: the script's preflight passes and ships the resolved config; the driver runs in the
 * AM container and reads it there; the run's config.conf on HDFS equals a local load of the file
 * with its include honoured; the outputs are complete; executors (started without any
 * hand-passed --add-opens) get the JavaCPP limits through JAVA_TOOL_OPTIONS.
 */
@Tag("cluster")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class YarnSubmitScriptIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static Path dir;
    static MiniHdfs hdfs;
    static MiniYarn yarn;
    static SparkHome home;

    @BeforeAll
    static void startClusters() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")), "yarn-script-")
                .toAbsolutePath();
        hdfs = MiniHdfs.start(dir.resolve("dfs"));
        // YARN's accounting only: 2 executors of 1g + the script's 3g overhead, and the AM (driver) of 1g
        yarn = MiniYarn.start(dir.resolve("yarn"), 12288);
        try (OutputStream out = Files.newOutputStream(yarn.confDir().resolve("core-site.xml"))) {
            hdfs.conf().writeXml(out);
        }
        home = SparkHome.create(dir.resolve("spark-home"));
    }

    @AfterAll
    static void stopClusters() {
        if (yarn != null) {
            yarn.close();
        }
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void theShippedScriptRunsTheSearchInClusterModeWithTheIncludeHonoured() throws Exception {
        FileStore store = new FileStore(hdfs.conf());
        String faces = hdfs.uri() + "/datasets/faces";
        String heldOut = hdfs.uri() + "/datasets/held-out";
        FaceFolders.write(store, faces, HdfsSearchIT.IDENTITIES, HdfsSearchIT.IMAGES, 11);
        FaceFolders.write(store, heldOut, 10, 4, 12);
        store.writeAtomically(store.path(heldOut + "/pairs.csv"), FaceFolders.pairsCsv(3));
        store.mkdirs(store.path(hdfs.uri() + "/spark-history")); // yarn.conf's event log directory, as a platform has it
        Path config = presetCopy(faces, heldOut);
        String out = hdfs.uri() + "/facelfs/runs/script";

        Path log = dir.resolve("submit-yarn.log");
        int exit = runScript(config, out, log);
        String submitLog = Files.readString(log);
        assertEquals(0, exit, ChildJvm.tail(log, 80));
        assertTrue(submitLog.contains("check: ok"), "the preflight did not run\n" + ChildJvm.tail(log, 40));
        assertTrue(submitLog.contains("Submitted application application_"), ChildJvm.tail(log, 40));
        assertTrue(submitLog.contains("final status: SUCCEEDED"), ChildJvm.tail(log, 40));
        assertFalse(submitLog.contains("done: 2 rounds"), "cluster mode: the driver's lines are in the AM container");

        // config.conf on HDFS = the file loaded here, include and the script's -D overrides honoured
        RunLayout layout = new RunLayout(store.path(out));
        Config written = ConfigFactory.parseString(store.readString(layout.config())).resolve();
        Map<String, String> overrides = Map.of("cluster.gpus-per-candidate", "0", "search.candidates", "2",
                "run.out", out);
        Config local = ConfigFactory.parseString(ConfigLoader.render(ConfigLoader.load(config, overrides),
                ConfigFingerprint.SECTIONS)).resolve();
        assertEquals(local, written);
        assertEquals("facelfs-yarn", written.getString("run.name"), "yarn.conf's own key");
        assertEquals(0.9, written.getDouble("train.momentum"), 1e-12, "paper.conf's key, through the include");
        assertEquals(List.of(4, 8, 10), written.getIntList("train.lr.milestones"), "paper.conf's key");
        assertFalse(store.list(store.path(hdfs.uri() + "/spark-history")).isEmpty(),
                "yarn.conf's spark section (event log) reached the driver through the resolved file");

        // complete outputs
        String state = store.readString(layout.state());
        assertTrue(state.contains("\"completedRounds\" : 2") || state.contains("\"completedRounds\":2"), state);
        assertEquals(1 + 4, store.readString(layout.historyCsv()).lines().count(), "header + 2 rounds x 2 candidates");
        for (org.apache.hadoop.fs.Path p : List.of(layout.bestModel(), layout.bestLoss(), layout.report(),
                layout.labelMap())) {
            assertTrue(store.exists(p), p + " missing");
        }

        try (Stream<Path> files = Files.walk(dir.resolve("yarn"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().matches("container_\\d+_\\d+_02_\\d+")),
                    "a second application attempt: the first did not end SUCCEEDED");
        }
        List<String> containerLogs = containerLogs();
        assertTrue(containerLogs.stream().anyMatch(l -> l.contains("done: 2 rounds")), "no driver in a container");
        long executorsWithLimits = containerLogs.stream().filter(l -> l.contains("r0001-c0")
                && l.contains("Picked up JAVA_TOOL_OPTIONS: -Dorg.bytedeco.javacpp.maxbytes=1G")).count();
        assertEquals(2, executorsWithLimits, "executors that trained a round-2 candidate with the JavaCPP limits");
    }

    /** conf/yarn.conf and conf/paper.conf copied side by side; the yarn.conf copy keeps its include. */
    private static Path presetCopy(String faces, String heldOut) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.copy(ROOT.resolve("conf/paper.conf"), conf.resolve("paper.conf"));
        String yarnConf = Files.readString(ROOT.resolve("conf/yarn.conf"));
        assertTrue(yarnConf.contains("include \"paper.conf\""), yarnConf);
        Path copy = conf.resolve("yarn.conf");
        Files.writeString(copy, yarnConf + """

                # the test: data on the MiniDFS, and the tiny search of the Spark tests
                data {
                  train { format = folders, path = "%s" }
                  reward { format = csv, name = hdfs-held-out, file = "%s/pairs.csv", images = "%s" }
                  eval = []
                  image { channels = 1, height = 24, width = 24 }
                  decode-threads = 1
                }
                spark.eventLog.dir = "%s/spark-history"
                search { candidates = 2, rounds = 2, warmup-rounds = 1, scale = 16 }
                model { backbone = small-cnn, embedding = 16, widths = [8, 16], nonlinearity = auto }
                train { batch-size = 16, iterations-per-round = 3, eval-batch-size = 64, progress-seconds = 0 }
                """.formatted(faces, heldOut, heldOut, hdfs.uri()));
        return copy;
    }

    /** {@code deploy/submit-yarn.sh CONFIG --out OUT}, configured by the environment alone. */
    private static int runScript(Path config, String out, Path log) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path sparkSubmit = bin.resolve("spark-submit");
        // what Spark's bin/spark-submit does: SparkSubmit on SPARK_CONF_DIR, HADOOP_CONF_DIR and SPARK_HOME/jars,
        // with the Java 17 module flags its launcher adds
        Files.writeString(sparkSubmit, "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Xmx768m " + String.join(" ", ChildJvm.java17Flags())
                + " -cp \"$SPARK_CONF_DIR:$HADOOP_CONF_DIR:$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        Files.setPosixFilePermissions(sparkSubmit, PosixFilePermissions.fromString("rwxr-xr-x"));
        String java = System.getProperty("java.home");
        // the gateway's spark-defaults.conf: what a platform sets for every job, not facelfs' settings
        Files.writeString(home.dir().resolve("conf/spark-defaults.conf"), String.join("\n",
                "spark.yarn.jars local:" + home.dir().resolve("jars") + "/*",
                "spark.yarn.appMasterEnv.JAVA_HOME " + java,
                "spark.executorEnv.JAVA_HOME " + java,
                "spark.yarn.appMasterEnv.SPARK_LOCAL_IP 127.0.0.1",
                "spark.executorEnv.SPARK_LOCAL_IP 127.0.0.1",
                "spark.driver.memory 1g",
                // see YarnSearchIT: the AM's AmIpFilter is not in this SPARK_HOME
                "spark.ui.enabled false", ""));

        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/submit-yarn.sh").toString(),
                config.toString(), "--out", out));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new LinkedHashMap<>(home.env());
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HADOOP_CONF_DIR", yarn.confDir().toString());
        env.put("YARN_CONF_DIR", yarn.confDir().toString());
        env.put("FACELFS_JAR", SparkSubmit.CLUSTER_JAR.toAbsolutePath().toString());
        env.put("CANDIDATES", "2");
        env.put("GPUS_PER_CANDIDATE", "0");
        env.put("EXECUTOR_CORES", "1");
        env.put("EXECUTOR_MEMORY", "1g");
        env.put("ND4J_OFFHEAP", "1G");
        pb.environment().putAll(env);
        Process p = pb.start();
        ChildProcesses.register(p);
        if (!p.waitFor(9, TimeUnit.MINUTES)) {
            ChildProcesses.kill(p.toHandle());
            throw new AssertionError("submit-yarn.sh did not finish within 9 min\n" + ChildJvm.tail(log, 60));
        }
        return p.exitValue();
    }

    /** The stdout and stderr of every YARN container (under the NodeManager's log dirs). */
    private static List<String> containerLogs() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("yarn"))) {
            return files.filter(p -> (p.getFileName().toString().equals("stderr")
                            || p.getFileName().toString().equals("stdout"))
                    && p.getParent().getFileName().toString().startsWith("container_"))
                    .map(p -> {
                        try {
                            return Files.readString(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        }
    }
}
