package org.facelfs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a Spark distribution: a folder whose {@code jars/} links the jars a cluster
 * provides, taken from the test classpath. With {@code SPARK_SCALA_VERSION=2.12} in the
 * environment this is all Spark's launcher needs to build the Master's, Workers' and executors'
 * classpath ({@code SPARK_HOME/jars/*}) — no download of a distribution.
 *
 * <p>What the application brings itself is left out on purpose — facelfs, DL4J, ND4J, JavaCPP,
 * DataVec, picocli, Typesafe Config, XChart, TwelveMonkeys — so that a run on this cluster proves
 * the cluster jar carries them, as it must on a real cluster. So are the test libraries and the Hadoop minicluster.
 */
public final class SparkHome {

    /** Path fragments of classpath entries a Spark cluster does not have. */
    static final List<String> APPLICATION_JARS = List.of("facelfs-", "/org/facelfs/", "/org/deeplearning4j/",
            "/org/nd4j/", "/org/bytedeco/", "/org/datavec/", "/info/picocli/", "/com/typesafe/config/",
            "/org/knowm/", "/com/twelvemonkeys/", "/org/junit/", "/org/opentest4j/", "/org/apiguardian/",
            "hadoop-client-minicluster", "/org/bouncycastle/", "/com/networknt/", "/com/ethlo/");

    private final Path dir;

    private SparkHome(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code dir/jars} with a link to every cluster-provided jar of this JVM's test classpath. */
    public static SparkHome create(Path dir) {
        try {
            Path jars = Files.createDirectories(dir.resolve("jars"));
            Files.createDirectories(dir.resolve("conf"));
            int n = 0;
            for (Path entry : testClasspath()) {
                String s = entry.toString().replace(File.separatorChar, '/');
                if (!s.endsWith(".jar") || APPLICATION_JARS.stream().anyMatch(s::contains)) {
                    continue;
                }
                Path link = jars.resolve(entry.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, entry.toAbsolutePath());
                    n++;
                }
            }
            if (n < 50 || !Files.exists(jars.resolve("spark-core_2.12-" + org.apache.spark.package$.MODULE$
                    .SPARK_VERSION() + ".jar"))) {
                throw new IllegalStateException("only " + n + " jars found for SPARK_HOME/jars, no spark-core: "
                        + "is the test classpath (surefire.test.class.path) complete?");
            }
            return new SparkHome(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a SPARK_HOME in " + dir, e);
        }
    }

    /** The test classpath: surefire/failsafe's real one (java.class.path may be a manifest-only jar). */
    static List<Path> testClasspath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    public Path dir() {
        return dir;
    }

    /** The classpath of a Spark daemon or spark-submit: {@code SPARK_HOME/conf:SPARK_HOME/jars/*}. */
    public String classpath() {
        return dir.resolve("conf") + File.pathSeparator + dir.resolve("jars") + File.separator + "*";
    }

    /**
     * The environment of every cluster process: this SPARK_HOME, Scala 2.12, loopback only, and one
     * OpenMP thread per process (executors inherit the Worker's environment).
     */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPARK_HOME", dir.toString());
        env.put("SPARK_CONF_DIR", dir.resolve("conf").toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_HOSTNAME", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
        return env;
    }
}
