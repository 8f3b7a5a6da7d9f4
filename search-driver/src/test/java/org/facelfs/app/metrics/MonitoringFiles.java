package org.facelfs.app.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/monitoring/ as the tests read it. */
final class MonitoringFiles {

    static final Path DIR = Path.of("../deploy/monitoring");
    static final Path DASHBOARD = DIR.resolve("grafana-dashboard.json");
    static final Path ALERTS = DIR.resolve("facelfs-alerts.yml");
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PrometheusText.PREFIX) + "\\w+");

    private MonitoringFiles() {
    }

    /** Every facelfs metric name in a text (a query, a file). */
    static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The names every query of the dashboard and the alert rules use. */
    static Set<String> queriedNames() throws IOException {
        Set<String> names = metricNames(Files.readString(DASHBOARD));
        names.addAll(metricNames(Files.readString(ALERTS)));
        return names;
    }
}
