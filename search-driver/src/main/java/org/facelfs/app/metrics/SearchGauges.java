package org.facelfs.app.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The search's Dropwizard metrics, read from the latest {@link RoundFigures}. The names are a
 * contract (docs/cluster.md, deploy/monitoring/): Spark publishes them as
 * {@code <spark.metrics.namespace>.driver.plugin.org.facelfs.app.metrics.SearchMetricsPlugin.<name>}.
 */
public final class SearchGauges {

    public static final String ROUNDS_COMPLETED = "rounds.completed";
    public static final String ROUNDS_TOTAL = "rounds.total";
    public static final String REWARD_ROUND_BEST = "reward.round_best";
    public static final String REWARD_ROUND_MEAN = "reward.round_mean";
    public static final String REWARD_BEST = "reward.best";
    public static final String MU = "mu.";
    public static final String SIGMA = "sigma.";
    public static final String MARGIN_OF_MU = "mu.margin";
    public static final String CANDIDATES_OK = "candidates.ok";
    public static final String CANDIDATES_NON_FINITE = "candidates.non_finite";
    public static final String CANDIDATES_FAILED = "candidates.failed";
    public static final String IMAGES_PER_SECOND = "train.images_per_second";
    public static final String ROUND_SECONDS = "round.seconds";
    public static final String REWARD_SECONDS = "reward.seconds";

    private final int dimensions;
    private final Counter ok = new Counter();
    private final Counter nonFinite = new Counter();
    private final Counter failed = new Counter();
    private volatile RoundFigures figures = RoundFigures.none(0);

    /** @param dimensions length of μ (one mu.i and sigma.i gauge each) */
    public SearchGauges(int dimensions) {
        this.dimensions = dimensions;
    }

    /** Every metric name for a search with {@code dimensions} dimensions, in registration order. */
    public static List<String> names(int dimensions) {
        List<String> names = new ArrayList<>(List.of(ROUNDS_COMPLETED, ROUNDS_TOTAL, REWARD_ROUND_BEST,
                REWARD_ROUND_MEAN, REWARD_BEST, MARGIN_OF_MU, IMAGES_PER_SECOND, ROUND_SECONDS, REWARD_SECONDS));
        for (int i = 0; i < dimensions; i++) {
            names.add(MU + i);
            names.add(SIGMA + i);
        }
        names.addAll(List.of(CANDIDATES_OK, CANDIDATES_NON_FINITE, CANDIDATES_FAILED));
        return names;
    }

    /** Adds every gauge and counter to {@code registry} (before Spark publishes it). */
    public void registerOn(MetricRegistry registry) {
        gauge(registry, ROUNDS_COMPLETED, RoundFigures::roundsCompleted);
        gauge(registry, ROUNDS_TOTAL, RoundFigures::roundsTotal);
        gauge(registry, REWARD_ROUND_BEST, RoundFigures::roundBest);
        gauge(registry, REWARD_ROUND_MEAN, RoundFigures::roundMean);
        gauge(registry, REWARD_BEST, RoundFigures::bestSoFar);
        gauge(registry, MARGIN_OF_MU, RoundFigures::marginOfMu);
        gauge(registry, IMAGES_PER_SECOND, RoundFigures::imagesPerSecond);
        gauge(registry, ROUND_SECONDS, RoundFigures::roundSeconds);
        gauge(registry, REWARD_SECONDS, RoundFigures::rewardSeconds);
        for (int i = 0; i < dimensions; i++) {
            int d = i;
            gauge(registry, MU + i, f -> element(f.mu(), d));
            gauge(registry, SIGMA + i, f -> element(f.sigma(), d));
        }
        registry.register(CANDIDATES_OK, ok);
        registry.register(CANDIDATES_NON_FINITE, nonFinite);
        registry.register(CANDIDATES_FAILED, failed);
    }

    /** Shows {@code next}; the counters move to its run totals. */
    public synchronized void update(RoundFigures next) {
        figures = next;
        moveTo(ok, next.ok());
        moveTo(nonFinite, next.nonFinite());
        moveTo(failed, next.failed());
    }

    public RoundFigures figures() {
        return figures;
    }

    private void gauge(MetricRegistry registry, String name, ToDoubleFunction<RoundFigures> value) {
        registry.register(name, (Gauge<Double>) () -> value.applyAsDouble(figures));
    }

    private static double element(List<Double> v, int i) {
        return i < v.size() ? v.get(i) : Double.NaN;
    }

    private static void moveTo(Counter counter, long total) {
        counter.inc(total - counter.getCount());
    }
}
