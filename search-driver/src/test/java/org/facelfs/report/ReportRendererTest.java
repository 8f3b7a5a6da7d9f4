package org.facelfs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facelfs.run.HistoryRow;
import org.facelfs.run.RunLayout;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.outcome.CandidateStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRendererTest {

    @Test
    void everySectionIsPresentAndEveryChartIsAValidPng(@TempDir Path dir) throws Exception {
        FileStore store = FileStore.withDefaults();
        RunLayout layout = new RunLayout(store.path(dir.toString()));
        List<HistoryRow> rows = new ArrayList<>();
        Map<Integer, LossSpec> best = new LinkedHashMap<>();
        List<DistributionPoint> dist = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                double a = -Math.pow(10, r + c * 0.3);
                boolean failed = r == 1 && c == 3;
                rows.add(new HistoryRow(r, "r%04d-c%02d".formatted(r, c), c, "unified-global",
                        new LossSpec.UnifiedGlobal(32, a).formula(), 7L * c, (failed ? CandidateStatus.NON_FINITE : CandidateStatus.OK).key(),
                        failed ? Double.NaN : 0.6 + 0.05 * r + 0.01 * c, c == 2, 1.5, 120, 10 + c, 1, "driver",
                        failed ? "loss became NaN at iteration 7" : "", "{}"));
            }
            best.put(r, new LossSpec.UnifiedGlobal(32, -Math.pow(10, r + 0.6)));
            dist.add(new DistributionPoint(r, "μ", 0.5 * r, 0.2));
        }
        EvaluationView eval = new EvaluationView("reward: synthetic", 0.8, 0.02, List.of(0.78, 0.8, 0.82), 0.88,
                Map.of("1e-1", 0.6, "1e-2", 0.3), List.of(0.0, 0.001, 0.01, 0.1, 1.0), List.of(0.0, 0.1, 0.3, 0.6, 1.0));
        ReportInput in = new ReportInput("test run", Map.of("status", "complete"), rows, dist, best, 32, 100,
                List.of(eval), "search { candidates = 4 }", List.of("r0001-c03: loss became NaN"));

        Map<String, byte[]> charts = new ReportRenderer(store).render(in, layout);

        String html = Files.readString(dir.resolve("report.html"));
        for (String section : HtmlReport.SECTIONS) {
            assertTrue(html.contains("<h2>" + section + "</h2>"), "missing section " + section);
        }
        assertTrue(html.contains("loss became NaN"));
        // the status cell as history.csv spells it: only the one non-finite candidate is styled bad
        assertEquals(1, html.split("<td class=\"bad\">", -1).length - 1, "cells styled bad");
        assertTrue(html.contains("<td class=\"bad\">non-finite: loss became NaN at iteration 7</td>"), html);
        assertEquals(7, charts.size());
        for (String name : charts.keySet()) {
            byte[] file = Files.readAllBytes(dir.resolve("charts").resolve(name));
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(file));
            assertNotNull(img, name + " is not an image");
            assertEquals(Charts.WIDTH, img.getWidth());
            assertTrue(html.contains("charts/" + name), name + " not in the page");
        }
    }
}
