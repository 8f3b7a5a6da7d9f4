package org.facelfs.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.facelfs.run.HistoryRow;
import org.facelfs.outcome.CandidateStatus;

/**
 * Builds {@code report.html}: one self-contained page (charts embedded as PNG data URIs, also
 * saved beside it) that opens from a copied folder with no server.
 */
public final class HtmlReport {

    /** The section headings, in page order (a test checks that every one is present). */
    public static final List<String> SECTIONS = List.of("Summary", "Reward per round", "Search distribution",
            "Loss function", "Final verification", "Run time and throughput", "Failures and skipped inputs",
            "Candidates", "Effective configuration");

    private final StringBuilder html = new StringBuilder();

    String render(ReportInput in, Map<String, byte[]> charts) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>facelfs: ")
                .append(esc(in.title())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:left;font-size:90%}th{background:#f0f0f0}img{max-width:100%;border:1px solid #ddd}")
                .append("pre{background:#f7f7f7;padding:1em;overflow:auto;font-size:85%}.bad{color:#b00}")
                .append("</style></head><body>\n<h1>facelfs search: ").append(esc(in.title())).append("</h1>\n");

        section(0);
        table(in.summary());

        section(1);
        image(charts, "rewards.png");

        section(2);
        image(charts, "distribution.png");

        section(3);
        html.append("<p>How the best loss of each round reshapes the target probability "
                + "(h = p<sub>m</sub>/p, 1 = plain softmax) and the logit it puts in place of cos θ.</p>");
        image(charts, "modulation.png");
        image(charts, "target-logit.png");

        section(4);
        if (in.evaluations().isEmpty()) {
            html.append("<p>No final evaluation yet (the run is still going, or it has none configured).</p>");
        } else {
            evaluationTable(in.evaluations());
            image(charts, "roc.png");
            image(charts, "folds.png");
        }

        section(5);
        image(charts, "round-times.png");
        throughputTable(in.history());

        section(6);
        if (in.problems().isEmpty()) {
            html.append("<p>None.</p>");
        } else {
            html.append("<ul>");
            in.problems().forEach(p -> html.append("<li class=\"bad\">").append(esc(p)).append("</li>"));
            html.append("</ul>");
        }

        section(7);
        candidateTable(in.history());

        section(8);
        html.append("<pre>").append(esc(in.configText())).append("</pre>\n</body></html>\n");
        return html.toString();
    }

    private void section(int i) {
        html.append("<h2>").append(SECTIONS.get(i)).append("</h2>\n");
    }

    private void table(Map<String, String> rows) {
        html.append("<table>");
        rows.forEach((k, v) -> html.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                .append("</td></tr>"));
        html.append("</table>\n");
    }

    private void image(Map<String, byte[]> charts, String name) {
        byte[] png = charts.get(name);
        if (png == null) {
            return;
        }
        html.append("<p><img alt=\"").append(name).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><br><small>charts/").append(name)
                .append("</small></p>\n");
    }

    private void evaluationTable(List<EvaluationView> evals) {
        html.append("<table><tr><th>set</th><th>accuracy (mean ± std over folds)</th><th>AUC</th>");
        List<String> fars = evals.get(0).tarAtFar().keySet().stream().toList();
        fars.forEach(f -> html.append("<th>TAR@FAR=").append(esc(f)).append("</th>"));
        html.append("</tr>");
        for (EvaluationView e : evals) {
            html.append("<tr><td>").append(esc(e.name())).append("</td><td>").append(pct(e.accuracy()))
                    .append(" ± ").append(pct(e.accuracyStd())).append("</td><td>").append(Charts.fmt(e.auc()))
                    .append("</td>");
            fars.forEach(f -> html.append("<td>").append(pct(e.tarAtFar().getOrDefault(f, Double.NaN)))
                    .append("</td>"));
            html.append("</tr>");
        }
        html.append("</table>\n");
    }

    private void throughputTable(List<HistoryRow> rows) {
        html.append("<table><tr><th>round</th><th>candidates</th><th>slowest training (s)</th>"
                + "<th>slowest reward (s)</th><th>images/s (mean of candidates)</th></tr>");
        rows.stream().mapToInt(HistoryRow::round).distinct().sorted().forEach(r -> {
            List<HistoryRow> rs = rows.stream().filter(x -> x.round() == r).toList();
            html.append("<tr><td>").append(r + 1).append("</td><td>").append(rs.size()).append("</td><td>")
                    .append(Charts.fmt(rs.stream().mapToDouble(HistoryRow::trainSeconds).max().orElse(0)))
                    .append("</td><td>")
                    .append(Charts.fmt(rs.stream().mapToDouble(HistoryRow::evalSeconds).max().orElse(0)))
                    .append("</td><td>")
                    .append(Charts.fmt(rs.stream().mapToDouble(HistoryRow::imagesPerSecond).average().orElse(0)))
                    .append("</td></tr>");
        });
        html.append("</table>\n");
    }

    private void candidateTable(List<HistoryRow> rows) {
        html.append("<table><tr><th>round</th><th>candidate</th><th>loss</th><th>status</th><th>reward</th>"
                + "<th>train loss</th><th>best</th></tr>");
        for (HistoryRow r : rows) {
            html.append("<tr><td>").append(r.round() + 1).append("</td><td>").append(esc(r.candidate()))
                    .append("</td><td>").append(esc(r.formula())).append("</td><td")
                    .append(CandidateStatus.OK.key().equals(r.status()) ? ">" : " class=\"bad\">").append(esc(r.status()))
                    .append(r.reason().isEmpty() ? "" : ": " + esc(r.reason())).append("</td><td>")
                    .append(pct(r.reward())).append("</td><td>").append(Charts.fmt(r.trainLoss())).append("</td><td>")
                    .append(r.best() ? "★" : "").append("</td></tr>");
        }
        html.append("</table>\n");
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.2f %%", 100 * v) : "–";
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
