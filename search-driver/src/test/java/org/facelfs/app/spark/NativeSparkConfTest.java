package org.facelfs.app.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** What the driver puts in the Spark configuration so executors choose their ND4J build and OpenMP threads. */
class NativeSparkConfTest {

    private static final String PLUGIN = NativeBuildPlugin.class.getName();

    @Test
    void thePluginIsAddedOnceAndAUsersPluginsAreKept() {
        SparkConf conf = new SparkConf(false);
        SparkContexts.configureNative(conf, 0);
        assertEquals(PLUGIN, conf.get("spark.plugins"));
        SparkContexts.configureNative(conf, 0);
        assertEquals(PLUGIN, conf.get("spark.plugins"));
        SparkConf users = new SparkConf(false).set("spark.plugins", "com.example.Metrics");
        SparkContexts.configureNative(users, 0);
        assertEquals("com.example.Metrics," + PLUGIN, users.get("spark.plugins"));
    }

    @Test
    void executorsGetTheThreadsPerCandidateAsOmpNumThreadsUnlessSetByHand() {
        SparkConf auto = new SparkConf(false);
        SparkContexts.configureNative(auto, 0);
        assertFalse(auto.contains("spark.executorEnv.OMP_NUM_THREADS"), "0: Spark's own rule (spark.task.cpus)");
        SparkConf three = new SparkConf(false);
        SparkContexts.configureNative(three, 3);
        assertEquals("3", three.get("spark.executorEnv.OMP_NUM_THREADS"));
        SparkConf byHand = new SparkConf(false).set("spark.executorEnv.OMP_NUM_THREADS", "4");
        SparkContexts.configureNative(byHand, 3);
        assertEquals("4", byHand.get("spark.executorEnv.OMP_NUM_THREADS"));
    }
}
