package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code spark-submit --master yarn} of the cluster jar to a MiniYARNCluster: the application
 * master and two executors run in YARN containers (JVMs the NodeManager launches), the driver in
 * spark-submit (client mode). The search equals the local run of the same config.
 */
@Tag("cluster")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class YarnSearchIT {

    static Path dir;
    static MiniYarn yarn;
    static SparkHome home;

    @BeforeAll
    static void startYarn() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")), "yarn-")
                .toAbsolutePath();
        yarn = MiniYarn.start(dir.resolve("yarn"), 6144);
        home = SparkHome.create(dir.resolve("spark-home"));
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void aSearchSubmittedToYarnEqualsTheLocalRun() throws Exception {
        Path local = dir.resolve("local");
        LocalReference.run(LocalReference.TINY, local.toString(), java.util.Map.of());
        Path out = dir.resolve("yarn-run");
        String java = System.getProperty("java.home");
        String flags = String.join(" ", ChildJvm.java17Flags());
        SparkSubmit submit = SparkSubmit.search(home, "yarn", "client", LocalReference.TINY, out.toString())
                .conf("spark.executor.instances", "2")
                // the jars are on this (the only) node already: no upload of SPARK_HOME/jars to the staging dir
                .conf("spark.yarn.jars", "local:" + home.dir().resolve("jars") + "/*")
                .conf("spark.yarn.am.extraJavaOptions", flags)
                .conf("spark.yarn.am.memory", "512m")
                .conf("spark.yarn.appMasterEnv.JAVA_HOME", java)
                .conf("spark.executorEnv.JAVA_HOME", java)
                .conf("spark.yarn.stagingDir", dir.resolve("staging").toUri().toString())
                // the YARN web proxy's AmIpFilter, which the AM installs on the driver's UI, lives in
                // hadoop-yarn-server-web-proxy: Spark's distribution ships it, this SPARK_HOME does not
                // (ClassNotFoundException, fatal when the AM registers before the UI is up)
                .conf("spark.ui.enabled", "false")
                .env("HADOOP_CONF_DIR", yarn.confDir().toString())
                .env("YARN_CONF_DIR", yarn.confDir().toString())
                .classpathPrefix(yarn.confDir().toString());
        Path log = dir.resolve("yarn-submit.log");
        submit.run(log, Duration.ofMinutes(4));
        String driverLog = Files.readString(log);
        assertTrue(driverLog.contains("Spark yarn"), "the driver did not run on YARN\n" + ChildJvm.tail(log, 30));
        assertTrue(driverLog.contains("Submitted application application_"), ChildJvm.tail(log, 30));
        RunComparison.assertSameSearch(local, out);
        // the candidates trained in YARN containers: their logs are under the NodeManager's log dirs
        // (the NodeManager deletes the application's cache directories meanwhile: skip what vanishes)
        long containers = containerLogs(dir.resolve("yarn")).stream().filter(p -> read(p).contains("r0001-c0")).count();
        assertEquals(2, containers, "containers that trained a round-2 candidate");
    }

    /** Every {@code container_*}/stderr below {@code root}, skipping directories deleted during the walk. */
    private static List<Path> containerLogs(Path root) throws IOException {
        List<Path> logs = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                if (p.getFileName().toString().equals("stderr")
                        && p.getParent().getFileName().toString().startsWith("container_")) {
                    logs.add(p);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return logs;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
