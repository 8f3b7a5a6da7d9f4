package org.facelfs.app.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * The search's Spark metrics source ({@code spark.plugins}; the app adds it itself): its driver
 * part registers {@link SearchGauges} in the plugin's Dropwizard registry, which Spark publishes
 * to every configured sink (PrometheusServlet, JMX, CSV, Graphite) under the source
 * {@code plugin.org.facelfs.app.metrics.SearchMetricsPlugin}. Nothing runs on executors.
 *
 * <p>Spark creates the plugin by reflection inside the SparkContext; the search finds the gauges
 * it is to update through {@link #gauges()} (one SparkContext per JVM, so one live instance).
 */
public final class SearchMetricsPlugin implements SparkPlugin {

    /** SparkConf key the app sets: the search's number of dimensions (length of μ). */
    public static final String DIMENSIONS = "spark.facelfs.metrics.dimensions";

    private static final AtomicReference<SearchGauges> LIVE = new AtomicReference<>();

    /** The gauges of the running SparkContext's plugin, if the plugin is loaded. */
    public static Optional<SearchGauges> gauges() {
        return Optional.ofNullable(LIVE.get());
    }

    @Override
    public DriverPlugin driverPlugin() {
        return new Driver();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return null;
    }

    private static final class Driver implements DriverPlugin {

        private SearchGauges gauges;

        @Override
        public Map<String, String> init(SparkContext sc, PluginContext ctx) {
            return Map.of();
        }

        @Override
        public void registerMetrics(String appId, PluginContext ctx) {
            gauges = new SearchGauges(ctx.conf().getInt(DIMENSIONS, 0));
            gauges.registerOn(ctx.metricRegistry());
            LIVE.set(gauges);
        }

        @Override
        public void shutdown() {
            LIVE.compareAndSet(gauges, null);
        }
    }
}
