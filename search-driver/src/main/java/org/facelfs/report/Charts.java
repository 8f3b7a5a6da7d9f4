package org.facelfs.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.facelfs.run.HistoryRow;
import org.facelfs.loss.LossSpec;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn with XChart. Each method builds one chart from plain data. */
public final class Charts {

    static final int WIDTH = 800;
    static final int HEIGHT = 450;

    private Charts() {
    }

    /** Reward of every candidate per round; each round's chosen best drawn as a larger red marker. */
    public static XYChart rewards(List<HistoryRow> rows) {
        XYChart chart = xy("Reward of every candidate per round", "round", "reward (verification accuracy)");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> bx = new ArrayList<>();
        List<Double> by = new ArrayList<>();
        for (HistoryRow r : rows) {
            if (!Double.isFinite(r.reward())) {
                continue;
            }
            (r.best() ? bx : x).add((double) r.round() + 1);
            (r.best() ? by : y).add(r.reward());
        }
        scatter(chart, "candidates", x, y, new Color(90, 120, 200));
        XYSeries best = scatter(chart, "chosen best", bx, by, new Color(210, 40, 40));
        best.setMarker(SeriesMarkers.DIAMOND);
        List<Double> failedX = rows.stream().filter(r -> !Double.isFinite(r.reward()))
                .map(r -> (double) r.round() + 1).toList();
        if (!failedX.isEmpty()) {
            double floor = y.stream().mapToDouble(Double::doubleValue).min().orElse(0.5);
            scatter(chart, "failed (no reward)", failedX, failedX.stream().map(v -> floor).toList(), Color.GRAY)
                    .setMarker(SeriesMarkers.CROSS);
        }
        return chart;
    }

    /** μ ± σ of each parameter of the search distribution, per round. */
    public static XYChart distribution(List<DistributionPoint> points) {
        XYChart chart = xy("Search distribution per round (μ, band = ±σ)", "round", "μ");
        Map<String, List<DistributionPoint>> byParam = new LinkedHashMap<>();
        points.forEach(p -> byParam.computeIfAbsent(p.parameter(), k -> new ArrayList<>()).add(p));
        for (Map.Entry<String, List<DistributionPoint>> e : byParam.entrySet()) {
            List<DistributionPoint> ps = e.getValue();
            double[] x = ps.stream().mapToDouble(p -> p.round() + 1).toArray();
            double[] mu = ps.stream().mapToDouble(DistributionPoint::mu).toArray();
            double[] sd = ps.stream().mapToDouble(DistributionPoint::sigma).toArray();
            XYSeries s = chart.addSeries(e.getKey(), x, mu, sd);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (byParam.isEmpty()) {
            chart.addSeries("(nothing learned: fixed or random policy)", new double[] {0}, new double[] {0});
        }
        return chart;
    }

    /** h(a, p) of each round's best unified loss (or τ(p)/p for AM-LFS), against CosFace's constant factor. */
    public static XYChart modulation(Map<Integer, LossSpec> bestPerRound, double cosFaceScale, double cosFaceM2) {
        XYChart chart = xy("Modulating factor h(a, p) of the best loss per round", "p (target probability)",
                "h = p_m / p");
        double[] p = IntStream.rangeClosed(1, 199).mapToDouble(i -> i / 200.0).toArray();
        for (Map.Entry<Integer, LossSpec> e : bestPerRound.entrySet()) {
            double[] h = new double[p.length];
            boolean any = false;
            for (int i = 0; i < p.length; i++) {
                double v = modulationOf(e.getValue(), p[i]);
                // a log axis shows positive factors only (AM-LFS's τ can reach 0 where it is guarded)
                h[i] = v > 0 ? v : Double.NaN;
                any |= Double.isFinite(h[i]);
            }
            if (any) {
                line(chart, "round " + (e.getKey() + 1), p, h);
            }
        }
        double a = LossCurves.cosFaceFactor(cosFaceScale, cosFaceM2);
        double[] cos = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            cos[i] = LossCurves.modulation(a, p[i]);
        }
        XYSeries ref = line(chart, "CosFace s=%s m=%s".formatted(fmt(cosFaceScale), fmt(cosFaceM2)), p, cos);
        ref.setLineColor(Color.BLACK);
        ref.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        chart.getStyler().setYAxisLogarithmic(true);
        return chart;
    }

    /** The target-logit view: f(θ) of each round's best loss against softmax, CosFace and ArcFace. */
    public static XYChart targetLogit(Map<Integer, LossSpec> bestPerRound, int numClasses, double scale) {
        XYChart chart = xy("Target logit f(θ) in cosine units", "θ (degrees)", "f(θ)");
        double[] deg = IntStream.rangeClosed(0, 180).mapToDouble(i -> i).toArray();
        List<LossSpec> refs = List.of(new LossSpec.Softmax(scale), new LossSpec.CosFace(scale, 0.35),
                new LossSpec.ArcFace(scale, 0.5));
        Color[] refColors = {Color.BLACK, new Color(120, 120, 120), new Color(30, 60, 150)};
        for (int i = 0; i < refs.size(); i++) {
            XYSeries s = line(chart, label(refs.get(i)), deg, curve(refs.get(i), deg, numClasses));
            s.setLineColor(refColors[i]);
            s.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        }
        for (Map.Entry<Integer, LossSpec> e : bestPerRound.entrySet()) {
            double[] f = curve(e.getValue(), deg, numClasses);
            if (java.util.Arrays.stream(f).anyMatch(Double::isFinite)) {
                line(chart, "round " + (e.getKey() + 1) + " best", deg, f);
            }
        }
        return chart;
    }

    /** ROC curves of the final evaluations (log-scaled false-accept rate). */
    public static XYChart roc(List<EvaluationView> evals) {
        XYChart chart = xy("ROC of the best model", "false accept rate", "true accept rate");
        for (EvaluationView ev : evals) {
            List<Double> far = new ArrayList<>();
            List<Double> tar = new ArrayList<>();
            for (int i = 0; i < ev.rocFar().size(); i++) {
                if (ev.rocFar().get(i) > 0) {
                    far.add(ev.rocFar().get(i));
                    tar.add(ev.rocTar().get(i));
                }
            }
            if (!far.isEmpty()) {
                line(chart, ev.name() + " (AUC " + fmt(ev.auc()) + ")", far, tar);
            }
        }
        chart.getStyler().setXAxisLogarithmic(true);
        return chart;
    }

    /** Accuracy of every fold of each final evaluation. */
    public static CategoryChart folds(List<EvaluationView> evals) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Verification accuracy per fold").xAxisTitle("fold").yAxisTitle("accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (EvaluationView ev : evals) {
            List<Integer> folds = IntStream.rangeClosed(1, ev.foldAccuracies().size()).boxed().toList();
            if (!folds.isEmpty()) {
                chart.addSeries(ev.name(), folds, ev.foldAccuracies());
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("(no evaluation)", List.of(1), List.of(0));
        }
        return chart;
    }

    /** Wall time of every round, and the slowest candidate's training + evaluation time. */
    public static XYChart roundTimes(List<HistoryRow> rows) {
        XYChart chart = xy("Time per round", "round", "seconds");
        Map<Integer, double[]> perRound = new LinkedHashMap<>();
        for (HistoryRow r : rows) {
            double[] t = perRound.computeIfAbsent(r.round(), k -> new double[2]);
            t[0] = Math.max(t[0], r.trainSeconds());
            t[1] = Math.max(t[1], r.evalSeconds());
        }
        double[] x = perRound.keySet().stream().mapToDouble(k -> k + 1).toArray();
        line(chart, "slowest training", x, perRound.values().stream().mapToDouble(t -> t[0]).toArray());
        line(chart, "slowest reward evaluation", x, perRound.values().stream().mapToDouble(t -> t[1]).toArray());
        return chart;
    }

    static double modulationOf(LossSpec spec, double p) {
        if (spec instanceof LossSpec.UnifiedGlobal g) {
            return LossCurves.modulation(g.a(), p);
        } else if (spec instanceof LossSpec.UnifiedPiecewise pw) {
            return LossCurves.modulation(pw.a().get(pw.bin(p)), p);
        } else if (spec instanceof LossSpec.AmLfs am) {
            int j = am.interval(p);
            return (am.alpha().get(j) * p + am.beta().get(j)) / p;
        } else if (spec instanceof LossSpec.Softmax) {
            return 1;
        }
        return Double.NaN;
    }

    private static double[] curve(LossSpec spec, double[] deg, int numClasses) {
        double[] f = new double[deg.length];
        for (int i = 0; i < deg.length; i++) {
            double theta = Math.toRadians(deg[i]);
            if (spec instanceof LossSpec.UnifiedGlobal g) {
                f[i] = LossCurves.unifiedLogit(g.scale(), g.a(), theta);
            } else if (spec instanceof LossSpec.UnifiedPiecewise pw) {
                f[i] = LossCurves.piecewiseLogit(pw, theta, numClasses);
            } else {
                f[i] = LossCurves.marginLogit(spec, theta);
            }
        }
        return f;
    }

    private static String label(LossSpec spec) {
        if (spec instanceof LossSpec.CosFace c) {
            return "CosFace m=" + fmt(c.m2());
        } else if (spec instanceof LossSpec.ArcFace a) {
            return "ArcFace m=" + fmt(a.m3());
        }
        return "softmax";
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisTickMarkSpacingHint(90);
        chart.getStyler().setXAxisDecimalPattern("#.###");
        return chart;
    }

    private static XYSeries scatter(XYChart chart, String name, List<Double> x, List<Double> y, Color color) {
        XYSeries s = chart.addSeries(name, x.isEmpty() ? List.of(Double.NaN) : x, y.isEmpty() ? List.of(Double.NaN) : y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarkerColor(color);
        return s;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    private static XYSeries line(XYChart chart, String name, List<Double> x, List<Double> y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
