package org.facelfs.app.metrics;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.facelfs.app.CompletedRound;
import org.facelfs.run.HistoryRow;
import org.facelfs.app.summary.CandidateCounts;
import org.facelfs.policy.PolicyKind;
import org.facelfs.search.SearchSettings;
import org.facelfs.policy.SpaceKind;
import org.facelfs.outcome.CandidateStatus;

/**
 * What the metrics show after a completed round, each figure computed from the same rows the run
 * writes to {@code history.jsonl} (and μ, σ as in {@code state.json}), so the two always agree.
 *
 * @param roundsCompleted rounds completed (the 1-based number of the round just finished)
 * @param roundsTotal     search.rounds
 * @param roundBest       the round's best reward (its history row with best = true); NaN if none finished
 * @param roundMean       mean reward of the round's ok candidates; NaN if none
 * @param bestSoFar       the highest reward of the run so far
 * @param mu              μ per dimension after the round's update (empty for policies without one)
 * @param sigma           σ per dimension, likewise
 * @param marginOfMu      CosFace margin equivalent to μ, m = log(1 - a(μ))/s (search-softmax, global space; else NaN)
 * @param ok              candidates of the run so far with status ok
 * @param nonFinite       ... with status non-finite
 * @param failed          ... with status failed
 * @param imagesPerSecond training images per second of the round: the sum of its candidates' own rates
 * @param roundSeconds    the round's wall time on the driver
 * @param rewardSeconds   seconds the round's candidates spent computing their rewards (sum of evalSeconds)
 */
public record RoundFigures(int roundsCompleted, int roundsTotal, double roundBest, double roundMean, double bestSoFar,
                           List<Double> mu, List<Double> sigma, double marginOfMu, long ok, long nonFinite, long failed,
                           double imagesPerSecond, double roundSeconds, double rewardSeconds) {

    public RoundFigures {
        mu = List.copyOf(mu);
        sigma = List.copyOf(sigma);
    }

    /** The figures before any round has finished. */
    public static RoundFigures none(int roundsTotal) {
        return new RoundFigures(0, roundsTotal, Double.NaN, Double.NaN, Double.NaN, List.of(), List.of(), Double.NaN,
                0, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    public static RoundFigures of(CompletedRound r, SearchSettings settings) {
        List<HistoryRow> rows = r.rows();
        List<HistoryRow> ok = rows.stream().filter(RoundFigures::isOk).toList();
        CandidateCounts run = CandidateCounts.of(r.history());
        return new RoundFigures(r.round() + 1, r.rounds(),
                rows.stream().filter(HistoryRow::best).mapToDouble(HistoryRow::reward).findFirst().orElse(Double.NaN),
                ok.stream().mapToDouble(HistoryRow::reward).average().orElse(Double.NaN),
                r.best().map(b -> b.overall().reward()).orElse(Double.NaN),
                r.record().mu(), r.record().sigma(), marginOfMu(settings, r.record().mu()),
                run.ok(), run.nonFinite(), run.failed(),
                finiteSum(ok, HistoryRow::imagesPerSecond), r.took().toNanos() / 1e9,
                finiteSum(rows, HistoryRow::evalSeconds));
    }

    /** A global factor a is an additive (CosFace) margin m = log(1 - a)/s (docs/loss.md). */
    static double marginOfMu(SearchSettings s, List<Double> mu) {
        if (s.policy() != PolicyKind.SEARCH_SOFTMAX || s.space() != SpaceKind.GLOBAL || mu.size() != 1) {
            return Double.NaN;
        }
        double a = s.mapping().toFactor(mu.get(0), s.scale());
        return Math.log(1 - a) / s.scale();
    }

    private static boolean isOk(HistoryRow row) {
        return row.status().equals(CandidateStatus.OK.key());
    }

    private static double finiteSum(List<HistoryRow> rows, ToDoubleFunction<HistoryRow> value) {
        return rows.stream().mapToDouble(value).filter(Double::isFinite).sum();
    }
}
