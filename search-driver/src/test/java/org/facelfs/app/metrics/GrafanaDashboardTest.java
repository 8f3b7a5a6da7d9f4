package org.facelfs.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring/ is valid: the dashboard parses as Grafana JSON whose every query names
 * documented metrics (SearchMetricsScrapeTest checks that a real run serves each of them), the
 * scrape example and alert rules parse, and the dashboard shows what issue 18 asks for.
 */
class GrafanaDashboardTest {

    @Test
    void everyQueryOfTheDashboardNamesADocumentedMetric() throws Exception {
        JsonNode d = new ObjectMapper().readTree(MonitoringFiles.DASHBOARD.toFile());
        assertEquals("facelfs-search", d.path("uid").asText());
        assertEquals("datasource", d.path("templating").path("list").get(0).path("name").asText());
        Set<String> documented = new HashSet<>(SearchMetricsScrapeTest.documentedNames());
        Set<String> used = new HashSet<>();
        assertTrue(d.path("panels").size() >= 6);
        for (JsonNode panel : d.path("panels")) {
            String title = panel.path("title").asText();
            assertFalse(panel.path("targets").isEmpty(), title);
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), title);
            for (JsonNode target : panel.path("targets")) {
                Set<String> names = MonitoringFiles.metricNames(target.path("expr").asText());
                assertFalse(names.isEmpty(), title + ": " + target);
                for (String n : names) {
                    assertTrue(documented.contains(n), title + " queries " + n + ", not in docs/cluster.md");
                }
                used.addAll(names);
            }
        }
        for (String metric : List.of(SearchGauges.REWARD_ROUND_BEST, SearchGauges.MU + 0, SearchGauges.SIGMA + 0,
                SearchGauges.CANDIDATES_FAILED, SearchGauges.IMAGES_PER_SECOND)) {
            assertTrue(used.contains(PrometheusText.nameOf(metric)), "the dashboard lacks " + metric);
        }
    }

    @Test
    void theScrapeExampleAndAlertRulesParse() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode scrape = yaml.readTree(MonitoringFiles.DIR.resolve("prometheus.yml").toFile());
        for (JsonNode job : scrape.path("scrape_configs")) {
            if (job.has("metrics_path")) {
                assertEquals("/metrics/prometheus/", job.path("metrics_path").asText(), job.toString());
            }
        }
        assertTrue(scrape.path("scrape_configs").size() >= 2);
        JsonNode rules = yaml.readTree(MonitoringFiles.ALERTS.toFile()).path("groups").get(0).path("rules");
        Set<String> documented = new HashSet<>(SearchMetricsScrapeTest.documentedNames());
        for (JsonNode rule : rules) {
            Set<String> names = MonitoringFiles.metricNames(rule.path("expr").asText());
            assertFalse(names.isEmpty(), rule.toString());
            assertTrue(documented.containsAll(names), rule.path("alert") + " uses " + names);
        }
    }
}
