package org.facelfs.app.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prometheus text exposition as Spark's PrometheusServlet writes it, and the facelfs names in it. */
final class PrometheusText {

    /** What SearchGauges' names become with spark.metrics.namespace = facelfs. */
    static final String PREFIX = "metrics_facelfs_driver_plugin_org_facelfs_app_metrics_SearchMetricsPlugin_";

    private PrometheusText() {
    }

    /** The Prometheus name of one of {@link SearchGauges#names}: gauges end in _Value, counters in _Count. */
    static String nameOf(String metric) {
        boolean counter = List.of(SearchGauges.CANDIDATES_OK, SearchGauges.CANDIDATES_NON_FINITE,
                SearchGauges.CANDIDATES_FAILED).contains(metric);
        return PREFIX + metric.replaceAll("[^a-zA-Z0-9]", "_") + (counter ? "_Count" : "_Value");
    }

    /** GET over loopback. */
    static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode() + "\n" + r.body());
        }
        return r.body();
    }

    /** Sample name (labels dropped) to value. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, space);
            int brace = name.indexOf('{');
            out.put(brace < 0 ? name : name.substring(0, brace), Double.valueOf(line.substring(space + 1)));
        }
        return out;
    }
}
