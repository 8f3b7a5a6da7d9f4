package org.facelfs.app.spark;

import org.facelfs.app.config.SparkSection;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Creates the Spark context: the master comes from spark-submit ({@code spark.master}) when it
 * set one, else from {@code run.master} (embedded {@code local[*]} by default).
 */
public final class SparkContexts {

    private SparkContexts() {
    }

    /**
     * @param master            run.master, used only when spark-submit did not set spark.master
     * @param appName           name in the Spark UI
     * @param gpusPerCandidate  GPUs each candidate task asks for (0 = none)
     * @param section           the config's spark { } settings: fill in what spark-submit did not set
     */
    public static JavaSparkContext create(String master, String appName, int gpusPerCandidate, SparkSection section) {
        SparkConf conf = new SparkConf(); // reads the spark.* system properties spark-submit sets
        section.applyTo(conf);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.app.name", appName);
        // candidates of one round run concurrently from driver threads in the executors mode
        conf.setIfMissing("spark.scheduler.mode", "FAIR");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (gpusPerCandidate > 0) {
            conf.setIfMissing("spark.task.resource.gpu.amount", Integer.toString(gpusPerCandidate));
        }
        return new JavaSparkContext(conf);
    }

    /** Whether the context runs its tasks inside the driver JVM (local[N]). */
    public static boolean isLocal(JavaSparkContext sc) {
        return sc.sc().isLocal();
    }
}
