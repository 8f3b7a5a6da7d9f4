package org.facelfs.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code spark-submit} of the facelfs cluster jar, run as {@code org.apache.spark.deploy.SparkSubmit}
 * in its own JVM on the {@link SparkHome}'s classpath — what the {@code spark-submit} script
 * does. Conf defaults suit a two-core test machine: 1 core and 1 GiB per executor, Java 17
 * flags on driver and executors, one OpenMP thread, task retries on.
 */
public final class SparkSubmit {

    /** The cluster jar {@code mvn package} builds (the tests run in {@code verify}, after it). */
    public static final Path CLUSTER_JAR = Path.of("target", "facelfs-cluster.jar");

    private final SparkHome home;
    private final String master;
    private final String deployMode;
    private final Map<String, String> conf = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> appArgs = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private String classpathPrefix = "";

    private SparkSubmit(SparkHome home, String master, String deployMode) {
        this.home = home;
        this.master = master;
        this.deployMode = deployMode;
        String flags = String.join(" ", ChildJvm.java17Flags());
        conf.put("spark.driver.extraJavaOptions", flags);
        conf.put("spark.executor.extraJavaOptions", flags);
        conf.put("spark.driver.memory", "1g");
        conf.put("spark.executor.memory", "1g");
        conf.put("spark.executor.cores", "1");
        // two executors of one core: one per candidate of the tiny search
        conf.put("spark.cores.max", "2");
        conf.put("spark.task.cpus", "1");
        conf.put("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.put("spark.task.maxFailures", "4");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.ui.port", "0");
        // cluster deploy mode: spark-submit waits for the driver and reports how it ended
        conf.put("spark.standalone.submit.waitAppCompletion", "true");
    }

    /** A submission of {@code facelfs search} to {@code master} in {@code deployMode} (client | cluster). */
    public static SparkSubmit search(SparkHome home, String master, String deployMode, Path config, String out) {
        if (!Files.isRegularFile(CLUSTER_JAR)) {
            throw new IllegalStateException(CLUSTER_JAR.toAbsolutePath() + " is missing: the cluster tests run in "
                    + "`mvn verify`, after `package` has built it");
        }
        SparkSubmit s = new SparkSubmit(home, master, deployMode);
        // absolute paths: in cluster deploy mode the driver's working directory is on a Worker
        s.appArgs.addAll(List.of("search", "--config", config.toAbsolutePath().toString(), "--out", out));
        return s;
    }

    public SparkSubmit conf(String key, String value) {
        conf.put(key, value);
        return this;
    }

    /** Leaves one of the defaults above out (e.g. to see what the application sets by itself). */
    public SparkSubmit without(String key) {
        conf.remove(key);
        return this;
    }

    /**
     * A JVM option of spark-submit's own JVM — the driver in client mode (this harness starts SparkSubmit's
     * main directly, so {@code spark.driver.extraJavaOptions} does not reach a client-mode driver).
     */
    public SparkSubmit jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** A facelfs config override ({@code -Dkey=value} after the verb). */
    public SparkSubmit override(String key, String value) {
        appArgs.add("-D" + key + "=" + value);
        return this;
    }

    public SparkSubmit env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A folder put before SPARK_HOME's classpath, as the spark-submit script does with HADOOP_CONF_DIR. */
    public SparkSubmit classpathPrefix(String entry) {
        classpathPrefix = entry + java.io.File.pathSeparator;
        return this;
    }

    /** The spark-submit arguments, as one would type them after {@code spark-submit}. */
    public List<String> arguments() {
        List<String> a = new ArrayList<>(List.of("--master", master, "--deploy-mode", deployMode,
                "--class", "org.facelfs.cli.FacelfsCommand"));
        conf.forEach((k, v) -> a.addAll(List.of("--conf", k + "=" + v)));
        a.add(CLUSTER_JAR.toAbsolutePath().toString());
        a.addAll(appArgs);
        return a;
    }

    /** Starts spark-submit; its output (in client mode the driver's too) goes to {@code log}. */
    public Process start(Path log) {
        Map<String, String> e = new LinkedHashMap<>(home.env());
        e.putAll(env);
        List<String> opts = new ArrayList<>(List.of("-Xmx1g"));
        opts.addAll(ChildJvm.java17Flags());
        opts.addAll(jvmOptions);
        return ChildJvm.of("org.apache.spark.deploy.SparkSubmit").classpath(classpathPrefix + home.classpath()).jvmOptions(opts)
                .env(e).args(arguments()).log(log).start();
    }

    /** Runs spark-submit to its end; fails (with the log's tail) on timeout or a non-zero exit code. */
    public void run(Path log, Duration timeout) {
        Process p = start(log);
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                ChildProcesses.kill(p.toHandle());
                throw new AssertionError("spark-submit did not finish within " + timeout.toSeconds() + " s\n"
                        + ChildJvm.tail(log, 60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildProcesses.kill(p.toHandle());
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("spark-submit exited with " + p.exitValue() + "\n" + ChildJvm.tail(log, 80));
        }
        // in cluster deploy mode spark-submit exits 0 whatever the driver did: its final state is in the log
        if (deployMode.equals("cluster") && master.startsWith("spark://") && !driverFinished(log)) {
            throw new AssertionError("the driver did not finish successfully\n" + ChildJvm.tail(log, 20));
        }
    }

    private static boolean driverFinished(Path log) {
        try {
            return Files.readString(log).matches("(?s).*State of driver \\S+ is FINISHED.*");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
