package org.facelfs.app.spark;

import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.facelfs.model.NativeBuild;

/**
 * Lets every executor JVM choose its own ND4J build ({@link NativeBuild}: oneDNN where <em>its</em> CPU has
 * AVX2) at executor start, before any task can load ND4J. Spark creates executor plugins in the
 * {@code Executor} constructor, after the application's jars are fetched and before the first task;
 * a {@code -D} in {@code spark.executor.extraJavaOptions} could only pass the driver's decision, made on
 * the driver's CPU. The driver's {@value NativeBuild#PROPERTY} (auto, onednn, plain) travels to the
 * executors through the plugin's configuration map.
 */
public final class NativeBuildPlugin implements SparkPlugin {

    static final String MODE = "mode";

    @Override
    public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            @Override
            public Map<String, String> init(SparkContext sc, PluginContext ctx) {
                return Map.of(MODE, System.getProperty(NativeBuild.PROPERTY, "auto"));
            }
        };
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                NativeBuild.choose(extraConf.getOrDefault(MODE, "auto"));
            }
        };
    }
}
