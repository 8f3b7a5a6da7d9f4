package org.facelfs.app.check;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.facelfs.app.ConfigFingerprint;
import org.facelfs.config.ConfigError;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.config.ConfigReader;
import org.facelfs.app.config.JobConfig;
import org.facelfs.io.FileStore;

/**
 * {@code facelfs check}: everything the job would find wrong before it trains, found in seconds
 * and without starting Spark: the config as the job resolves it (includes required), every key
 * validated, every input opened through the Hadoop FileSystem, and the resource plan.
 *
 * @param effective the effective config as HOCON (null when it does not load)
 * @param inputs    one line per input checked
 * @param plan      the resource plan's lines
 * @param problems  one line per problem; empty = the job can start
 */
public record Preflight(String effective, List<String> inputs, List<String> plan, List<String> problems) {

    static final String EVENT_LOG_ENABLED = "spark.eventLog.enabled";
    static final String EVENT_LOG_DIR = "spark.eventLog.dir";
    /** Spark's own default of spark.eventLog.dir. */
    static final String EVENT_LOG_DIR_DEFAULT = "/tmp/spark-events";

    /** What the effective (and resolved) config holds: the job's sections and its Spark settings. */
    static final List<String> RESOLVED_SECTIONS = java.util.stream.Stream.concat(ConfigFingerprint.SECTIONS.stream(),
            java.util.stream.Stream.of(org.facelfs.app.config.SparkSection.ROOT)).toList();

    /**
     * @param spark the Spark settings the job will see (spark-submit's system properties); its
     *              {@code spark.hadoop.*} keys reach the Hadoop configuration, as in the job
     */
    public static Preflight run(Path file, Map<String, String> overrides, SparkConf spark) {
        List<String> problems = new ArrayList<>();
        Config config;
        JobConfig job;
        try {
            config = ConfigLoader.load(file, overrides);
            job = JobConfig.read(new ConfigReader(config));
        } catch (ConfigError e) {
            problems.add(e.getMessage());
            return new Preflight(null, List.of(), List.of(), problems);
        }
        // what the job's SparkConf will hold: spark-submit's settings, filled in from the config's spark { }
        SparkConf effectiveSpark = spark.clone();
        org.facelfs.app.config.SparkSection.from(config).applyTo(effectiveSpark);
        InputCheck check = new InputCheck(new FileStore(hadoopConfiguration(effectiveSpark)));
        List<String> inputs = new ArrayList<>();
        for (Input input : Input.of(job)) {
            Optional<String> problem = check.problem(input);
            inputs.add(input.key() + " = " + input.location() + (problem.isPresent() ? ": PROBLEM" : ": ok"));
            problem.ifPresent(problems::add);
        }
        if (effectiveSpark.getBoolean(EVENT_LOG_ENABLED, false)) {
            // Spark refuses to start when the event log's directory is missing; it writes the log there as it runs
            String dir = effectiveSpark.get(EVENT_LOG_DIR, EVENT_LOG_DIR_DEFAULT);
            Optional<String> problem = check.writableDirectoryProblem(EVENT_LOG_DIR, dir,
                    "Spark needs it with " + EVENT_LOG_ENABLED + " = true");
            inputs.add(EVENT_LOG_DIR + " = " + dir + (problem.isPresent() ? ": PROBLEM" : ": ok (writable)"));
            problem.ifPresent(problems::add);
        }
        ResourcePlan plan = ResourcePlan.of(job, spark);
        problems.addAll(plan.problems());
        return new Preflight(ConfigLoader.render(config, RESOLVED_SECTIONS), inputs, plan.lines(), problems);
    }

    /** The Hadoop configuration the driver gets: defaults plus every {@code spark.hadoop.*} setting. */
    static Configuration hadoopConfiguration(SparkConf spark) {
        Configuration conf = new Configuration();
        for (scala.Tuple2<String, String> kv : spark.getAllWithPrefix("spark.hadoop.")) {
            conf.set(kv._1(), kv._2());
        }
        return conf;
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
