package org.facelfs.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.history.FsHistoryProvider;
import org.apache.spark.deploy.history.HistoryServer;
import org.facelfs.cli.SearchApplication;
import org.facelfs.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * A short real search with the event log on (set as a user would, -Dspark.* after the verb), then
 * Spark's own HistoryServer in this JVM on loopback over that directory: its REST API lists the
 * application, one job per round in job group round-N whose description names every candidate of
 * the round (id and loss, as history.jsonl has them), and the data inspection and final evaluation.
 */
class EventLogHistoryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theHistoryServerShowsEveryRoundsJobGroupAndItsCandidates() throws Exception {
        Path out = tmp.resolve("run");
        Path events = Files.createDirectories(tmp.resolve("spark-history"));
        Map<String, String> o = new HashMap<>();
        o.put("run.out", out.toString());
        o.put("run.name", "facelfs-history-test");
        o.put("spark.eventLog.enabled", "true");
        o.put("spark.eventLog.dir", events.toUri().toString());
        o.put("spark.ui.enabled", "false");
        SearchApplication.run(ConfigLoader.load(Path.of("src/test/resources/tiny.conf"), o), false, l -> { });

        SparkConf conf = new SparkConf(false)
                .set("spark.history.fs.logDirectory", events.toUri().toString())
                .set("spark.history.fs.update.interval", "1s")
                .set("spark.history.ui.port", "0");
        FsHistoryProvider provider = new FsHistoryProvider(conf);
        HistoryServer server = new HistoryServer(conf, provider,
                new SecurityManager(conf, Option.empty(), org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE()),
                0);
        try {
            server.bind();
            provider.start();
            int port = server.boundPort();
            JsonNode app = awaitApplication(port);
            assertEquals("facelfs-history-test", app.path("name").asText());
            assertTrue(app.path("attempts").get(0).path("completed").asBoolean(), app.toString());
            JsonNode jobs = JSON.readTree(PrometheusText.get(port, "/api/v1/applications/" + app.path("id").asText()
                    + "/jobs"));
            List<String> groups = new ArrayList<>();
            jobs.forEach(j -> groups.add(j.path("jobGroup").asText()));
            assertTrue(groups.contains("inspect-data") && groups.contains("final-evaluation"), groups.toString());
            List<JsonNode> rows = new ArrayList<>();
            for (String l : Files.readAllLines(out.resolve("history.jsonl"))) {
                rows.add(JSON.readTree(l));
            }
            int rounds = JSON.readTree(out.resolve("state.json").toFile()).path("completedRounds").asInt();
            assertEquals(2, rounds);
            for (int r = 0; r < rounds; r++) {
                String group = "round-" + (r + 1);
                List<JsonNode> inGroup = new ArrayList<>();
                jobs.forEach(j -> {
                    if (j.path("jobGroup").asText().equals(group)) {
                        inGroup.add(j);
                    }
                });
                assertEquals(1, inGroup.size(), group + " in " + groups);
                JsonNode job = inGroup.get(0);
                assertEquals("SUCCEEDED", job.path("status").asText());
                String description = job.path("description").asText();
                assertTrue(description.startsWith("round " + (r + 1) + "/" + rounds + ": "), description);
                int round = r;
                List<JsonNode> candidates = rows.stream().filter(x -> x.path("round").asInt() == round).toList();
                assertEquals(2, candidates.size());
                for (JsonNode c : candidates) {
                    String formula = c.path("formula").asText();
                    String expected = c.path("candidate").asText() + " " + formula.substring(0, Math.min(80,
                            formula.length()));
                    assertTrue(description.contains(expected), "'" + expected + "' missing from: " + description);
                }
                System.out.println(group + ": " + description);
            }
        } finally {
            server.stop();
            provider.stop();
        }
    }

    /** The history server scans the directory every second: wait (bounded) for the application. */
    private static JsonNode awaitApplication(int port) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode apps = JSON.readTree(PrometheusText.get(port, "/api/v1/applications"));
            if (apps.size() > 0) {
                assertEquals(1, apps.size(), apps.toString());
                return apps.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the history server listed no application within 60 s");
            }
            Thread.sleep(200);
        }
    }
}
