package org.facelfs.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.ObjectName;
import org.apache.spark.SparkContext;
import org.facelfs.app.RunSummary;
import org.facelfs.cli.SearchApplication;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.app.summary.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real search (local[2], the tiny synthetic config) with the plugin and Spark's sinks:
 * PrometheusServlet on the driver UI scraped over loopback after every round and at the end, JMX,
 * CSV and Graphite (a plaintext listener on loopback). Every metric of docs/cluster.md is there,
 * equal to what history.jsonl and state.json say for the same round.
 */
class SearchMetricsScrapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TINY = Path.of("src/test/resources/tiny.conf");
    private static final int ROUNDS = 2;
    private static final double SCALE = 16; // tiny.conf's search.scale

    @TempDir
    Path tmp;

    private final List<String> scrapes = new ArrayList<>();
    private final List<Map<String, Double>> scraped = new ArrayList<>();
    private final List<AssertionError> failures = new ArrayList<>();

    @Test
    void everyDocumentedMetricIsScrapedWithTheValuesOfHistoryAndState() throws Exception {
        Path out = tmp.resolve("run");
        Path csv = Files.createDirectories(tmp.resolve("csv"));
        Map<String, String> graphite = new ConcurrentHashMap<>();
        Thread listener;
        try (ServerSocket graphiteServer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            listener = new Thread(() -> collectGraphite(graphiteServer, graphite), "graphite-listener");
            listener.setDaemon(true);
            listener.start();
            Map<String, String> o = new HashMap<>();
            o.put("run.out", out.toString());
            o.put("search.rounds", Integer.toString(ROUNDS));
            o.put("spark.ui.port", "0");
            o.put("spark.metrics.conf.driver.sink.jmx.class", "org.apache.spark.metrics.sink.JmxSink");
            o.put("spark.metrics.conf.driver.sink.csv.class", "org.apache.spark.metrics.sink.CsvSink");
            o.put("spark.metrics.conf.driver.sink.csv.directory", csv.toString());
            o.put("spark.metrics.conf.driver.sink.csv.period", "1");
            o.put("spark.metrics.conf.driver.sink.csv.unit", "seconds");
            o.put("spark.metrics.conf.*.sink.graphite.class", "org.apache.spark.metrics.sink.GraphiteSink");
            o.put("spark.metrics.conf.*.sink.graphite.host", "127.0.0.1");
            o.put("spark.metrics.conf.*.sink.graphite.port", Integer.toString(graphiteServer.getLocalPort()));
            o.put("spark.metrics.conf.*.sink.graphite.period", "1");
            o.put("spark.metrics.conf.*.sink.graphite.unit", "seconds");
            long t0 = System.nanoTime();
            RunSummary summary = SearchApplication.run(ConfigLoader.load(TINY, o), false, line -> onLine(line, out));
            double elapsed = (System.nanoTime() - t0) / 1e9;
            failures.forEach(e -> {
                throw e;
            });
            assertEquals(RunStatus.DONE, summary.status());
            // one scrape after each round, one at the end (the "done" line, before the context stops)
            assertEquals(ROUNDS + 1, scraped.size(), String.join("\n----\n", scrapes));
            for (Map<String, Double> s : scraped) {
                assertTrue(s.get(PrometheusText.nameOf(SearchGauges.ROUND_SECONDS)) < elapsed);
            }
        }
        listener.join(10_000);
        Set<String> served = scraped.get(ROUNDS).keySet();
        for (String name : MonitoringFiles.queriedNames()) {
            assertTrue(served.contains(name), "deploy/monitoring/ queries " + name + ", which the driver does not serve");
        }
        scrapes.get(ROUNDS).lines().filter(l -> l.startsWith(PrometheusText.PREFIX)).forEach(System.out::println);
        // the context's last report on stop reached Graphite and CSV; JMX was read while it ran
        String completed = "facelfs.driver.plugin.org.facelfs.app.metrics.SearchMetricsPlugin.rounds.completed";
        assertEquals(ROUNDS, Double.parseDouble(graphite.get(completed)), 0.0, "graphite got " + graphite.keySet());
        assertEquals(value(scraped.get(ROUNDS), SearchGauges.CANDIDATES_OK), Double.parseDouble(graphite.get(
                "facelfs.driver.plugin.org.facelfs.app.metrics.SearchMetricsPlugin.candidates.ok.count")), 0.0);
        List<String> csvLines = Files.readAllLines(csv.resolve(completed + ".csv"));
        assertEquals(ROUNDS, Double.parseDouble(csvLines.get(csvLines.size() - 1).split(",")[1]), 0.0);
        assertEquals(ROUNDS, (Double) jmxSeen.get(completed), 0.0);
    }

    private final Map<String, Object> jmxSeen = new ConcurrentHashMap<>();

    /** Scrapes after each round's line (history and state are written by then) and at the "done" line. */
    private void onLine(String line, Path out) {
        boolean round = line.matches(".*\\] round \\d+/\\d+.*");
        boolean done = line.contains("] done: ");
        if (!round && !done) {
            return;
        }
        try {
            int port = URI.create(SparkContext.getOrCreate().uiWebUrl().get()).getPort();
            String text = PrometheusText.get(port, "/metrics/prometheus/");
            scrapes.add(text);
            Map<String, Double> metrics = PrometheusText.parse(text);
            scraped.add(metrics);
            checkAgainstFiles(metrics, out);
            String completed = "facelfs.driver.plugin.org.facelfs.app.metrics.SearchMetricsPlugin.rounds.completed";
            jmxSeen.put(completed, ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("metrics", new java.util.Hashtable<>(Map.of("name", completed, "type", "gauges"))),
                    "Value"));
        } catch (AssertionError e) {
            failures.add(e);
        } catch (Exception e) {
            failures.add(new AssertionError("scrape after: " + line, e));
        }
    }

    private static void checkAgainstFiles(Map<String, Double> m, Path out) throws Exception {
        JsonNode state = JSON.readTree(out.resolve("state.json").toFile());
        int completed = state.path("completedRounds").asInt();
        List<JsonNode> rows = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("history.jsonl"))) {
            rows.add(JSON.readTree(l));
        }
        List<JsonNode> round = rows.stream().filter(r -> r.path("round").asInt() == completed - 1).toList();
        List<JsonNode> ok = round.stream().filter(r -> r.path("status").asText().equals("ok")).toList();
        for (String name : documentedNames()) {
            assertTrue(m.containsKey(name), "documented metric " + name + " not scraped");
        }
        for (String name : SearchGauges.names(1)) {
            assertTrue(m.containsKey(PrometheusText.nameOf(name)), name + " not scraped");
        }
        assertEquals(completed, value(m, SearchGauges.ROUNDS_COMPLETED));
        assertEquals(ROUNDS, value(m, SearchGauges.ROUNDS_TOTAL));
        assertEquals(round.stream().filter(r -> r.path("best").asBoolean()).findFirst().orElseThrow()
                .path("reward").asDouble(), value(m, SearchGauges.REWARD_ROUND_BEST));
        assertEquals(ok.stream().mapToDouble(r -> r.path("reward").asDouble()).average().orElseThrow(),
                value(m, SearchGauges.REWARD_ROUND_MEAN), 1e-15);
        assertEquals(rows.stream().filter(r -> r.path("status").asText().equals("ok"))
                .mapToDouble(r -> r.path("reward").asDouble()).max().orElseThrow(), value(m, SearchGauges.REWARD_BEST));
        JsonNode policy = state.path("controller").path("policy");
        double mu = policy.path("mu").get(0).asDouble();
        assertEquals(mu, value(m, SearchGauges.MU + 0));
        assertEquals(Math.exp(policy.path("logSigma").get(0).asDouble()), value(m, SearchGauges.SIGMA + 0), 1e-15);
        // margin mapping (the default): a = 1 - e^{s μ}, so m = log(1 - a)/s is μ itself
        assertEquals(mu, value(m, SearchGauges.MARGIN_OF_MU), 1e-12);
        for (String[] c : new String[][] {{SearchGauges.CANDIDATES_OK, "ok"},
                {SearchGauges.CANDIDATES_NON_FINITE, "non-finite"}, {SearchGauges.CANDIDATES_FAILED, "failed"}}) {
            assertEquals(rows.stream().filter(r -> r.path("status").asText().equals(c[1])).count(), value(m, c[0]),
                    c[0]);
        }
        assertEquals(ok.stream().mapToDouble(r -> r.path("imagesPerSecond").asDouble()).sum(),
                value(m, SearchGauges.IMAGES_PER_SECOND), 1e-9);
        assertTrue(value(m, SearchGauges.IMAGES_PER_SECOND) > 0);
        assertEquals(round.stream().mapToDouble(r -> r.path("evalSeconds").asDouble()).sum(),
                value(m, SearchGauges.REWARD_SECONDS), 1e-12);
        // the round cannot be shorter than its longest candidate's training + reward
        assertTrue(value(m, SearchGauges.ROUND_SECONDS) >= round.stream().mapToDouble(r ->
                r.path("trainSeconds").asDouble() + r.path("evalSeconds").asDouble()).max().orElseThrow());
    }

    private static double value(Map<String, Double> m, String metric) {
        return m.get(PrometheusText.nameOf(metric));
    }

    /** The Prometheus names docs/cluster.md documents (its metric table). */
    static List<String> documentedNames() throws Exception {
        String doc = Files.readString(Path.of("../docs/cluster.md"));
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("`(" + PrometheusText.PREFIX + "\\w+)`")
                .matcher(doc);
        while (mm.find()) {
            names.add(mm.group(1));
        }
        assertTrue(names.size() >= SearchGauges.names(1).size(), "docs/cluster.md lists the metrics: " + names);
        return names;
    }

    /** Graphite's plaintext protocol: "name value timestamp" lines; keeps the latest value per name. */
    private static void collectGraphite(ServerSocket server, Map<String, String> latest) {
        try {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); BufferedReader in = new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        String[] p = line.split(" ");
                        if (p.length == 3) {
                            latest.put(p[0], p[1]);
                        }
                    }
                }
            }
        } catch (java.io.IOException closed) {
            // the test closed the socket
        }
    }
}
