package org.facelfs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facelfs.run.RunLayout;
import org.facelfs.io.FileStore;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Draws the charts and writes {@code charts/*.png} and {@code report.html} into a run directory. */
public final class ReportRenderer {

    private final FileStore store;

    public ReportRenderer(FileStore store) {
        this.store = store;
    }

    /** Renders the report; returns the chart files written, by name. */
    public Map<String, byte[]> render(ReportInput in, RunLayout layout) {
        System.setProperty("java.awt.headless", "true");
        Map<String, byte[]> charts = new LinkedHashMap<>();
        charts.put("rewards.png", png(Charts.rewards(in.history())));
        charts.put("distribution.png", png(Charts.distribution(in.distribution())));
        charts.put("modulation.png", png(Charts.modulation(in.bestPerRound(), in.scale(), 0.35)));
        charts.put("target-logit.png", png(Charts.targetLogit(in.bestPerRound(), in.numClasses(), in.scale())));
        if (!in.evaluations().isEmpty()) {
            charts.put("roc.png", png(Charts.roc(in.evaluations())));
            charts.put("folds.png", png(Charts.folds(in.evaluations())));
        }
        charts.put("round-times.png", png(Charts.roundTimes(in.history())));
        charts.forEach((name, bytes) -> store.writeAtomically(layout.chart(name), bytes));
        store.writeAtomically(layout.report(), new HtmlReport().render(in, charts));
        return charts;
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + chart.getTitle(), e);
        }
    }
}
