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
     * @param threadsPerCandidate cluster.threads-per-candidate (0 = automatic)
     */
    public static JavaSparkContext create(String master, String appName, int gpusPerCandidate, SparkSection section,
                                          int threadsPerCandidate) {
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
        configureNative(conf, threadsPerCandidate);
        try {
            return new JavaSparkContext(conf);
        } catch (IllegalArgumentException e) {
            throw String.valueOf(e.getMessage()).contains("--driver-memory") ? heapTooSmall(e) : e;
        }
    }

    /**
     * Spark's own message tells everyone to pass spark-submit's {@code --driver-memory}, which
     * {@code java -jar} does not have: say what each launcher takes.
     */
    private static IllegalArgumentException heapTooSmall(IllegalArgumentException e) {
        String sparkSays = e.getMessage().replaceFirst("\\. Please increase.*", "");
        return new IllegalArgumentException("the driver JVM's heap is too small for Spark (" + sparkSays + " bytes): with "
                + "java -jar raise -Xmx (e.g. java -Xmx2g -jar facelfs.jar ...); with spark-submit pass --driver-memory "
                + "(e.g. --driver-memory 2g)", e);
    }

    /**
     * Executors choose their ND4J build at start ({@link NativeBuildPlugin}) and start with OpenMP capped at the
     * threads per candidate: oneDNN obeys only OpenMP. With threads-per-candidate = 0 Spark itself sets
     * {@code OMP_NUM_THREADS = spark.task.cpus}, the automatic rule's answer on a cluster.
     */
    static void configureNative(SparkConf conf, int threadsPerCandidate) {
        String plugins = conf.get("spark.plugins", "");
        if (!plugins.contains(NativeBuildPlugin.class.getName())) {
            conf.set("spark.plugins", plugins.isBlank() ? NativeBuildPlugin.class.getName()
                    : plugins + "," + NativeBuildPlugin.class.getName());
        }
        if (threadsPerCandidate > 0) {
            conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threadsPerCandidate));
        }
    }

    /** Whether the context runs its tasks inside the driver JVM (local[N]). */
    public static boolean isLocal(JavaSparkContext sc) {
        return sc.sc().isLocal();
    }
}
