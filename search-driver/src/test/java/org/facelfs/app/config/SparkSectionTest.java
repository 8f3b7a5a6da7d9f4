package org.facelfs.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.facelfs.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** The spark { } section: flattened to Spark keys, -Dspark.* after the verb, and what wins. */
class SparkSectionTest {

    @Test
    void thePresetsTurnTheEventLogOnAndOneKeyMovesIt() {
        assertEquals("true", section("yarn.conf", Map.of()).settings().get("spark.eventLog.enabled"));
        assertEquals("hdfs:///spark-history", section("yarn.conf", Map.of()).settings().get("spark.eventLog.dir"));
        assertEquals("s3a://face-models/facelfs/spark-history",
                section("k8s.conf", Map.of()).settings().get("spark.eventLog.dir"));
        assertEquals("file:/mnt/history",
                section("yarn.conf", Map.of("spark.eventLog.dir", "file:/mnt/history")).settings().get("spark.eventLog.dir"));
    }

    @Test
    void dashDKeysAreTakenLiterallyAndValuesAsStrings() {
        SparkSection s = section("local.conf", Map.of("spark.metrics.conf.*.sink.jmx.class",
                "org.apache.spark.metrics.sink.JmxSink", "spark.executor.extraJavaOptions", "-XX:+UseG1GC -Da=b",
                "spark.task.cpus", "2"));
        assertEquals("org.apache.spark.metrics.sink.JmxSink", s.settings().get("spark.metrics.conf.*.sink.jmx.class"));
        assertEquals("-XX:+UseG1GC -Da=b", s.settings().get("spark.executor.extraJavaOptions"));
        assertEquals("2", s.settings().get("spark.task.cpus"));
        // reference.conf's defaults: a stable metrics namespace and the Prometheus servlet
        assertEquals("facelfs", s.settings().get("spark.metrics.namespace"));
        assertEquals("/metrics/prometheus",
                s.settings().get("spark.metrics.conf.driver.sink.prometheusServlet.path"));
    }

    @Test
    void whatTheSparkConfHoldsWinsAndPluginListsAreJoined() {
        SparkConf conf = new SparkConf(false).set("spark.eventLog.dir", "hdfs:///cluster-default")
                .set("spark.plugins", "com.example.Other");
        section("yarn.conf", Map.of()).with("spark.plugins", "org.facelfs.Mine").applyTo(conf);
        assertEquals("hdfs:///cluster-default", conf.get("spark.eventLog.dir"));
        assertEquals("true", conf.get("spark.eventLog.enabled"));
        assertEquals("com.example.Other,org.facelfs.Mine", conf.get("spark.plugins"));
    }

    private static SparkSection section(String preset, Map<String, String> overrides) {
        Config c = ConfigLoader.load(Path.of("../conf", preset), overrides);
        return SparkSection.from(c);
    }
}
