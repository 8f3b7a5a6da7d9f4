package org.facelfs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.facelfs.eval.VerificationMetrics.FoldedAccuracy;
import org.facelfs.eval.VerificationMetrics.RocPoint;
import org.facelfs.eval.VerificationMetrics.TarAtFar;
import org.facelfs.eval.VerificationMetrics.Threshold;
import org.junit.jupiter.api.Test;

/**
 * Known answers worked out by hand (the comments show the sweeps), plus brute-force references
 * for AUC and the best threshold on random scores with many ties.
 */
class VerificationMetricsTest {

    static final double EPS = 1e-12;
    static final boolean T = true;
    static final boolean F = false;

    // 8 pairs, 2 folds, a tie between a same and a different pair at 0.7.
    static final double[] S = {0.9, 0.7, 0.7, 0.4, 0.6, 0.3, 0.7, 0.2};
    static final boolean[] L = {T, T, F, F, T, F, T, F};
    static final int[] FOLDS = {0, 0, 0, 0, 1, 1, 1, 1};

    @Test
    void twoFoldAccuracyWithATieMatchesTheHandSweep() {
        // fold 0 held out: fold 1 is separable, best threshold (0.3 + 0.6) / 2 = 0.45 → fold 0: 3/4
        // fold 1 held out: on fold 0, 0.55 and "below the 0.7 tie" both reach 3/4; smallest wins → fold 1: 4/4
        FoldedAccuracy r = VerificationMetrics.kFold(S, L, FOLDS, 2);
        assertEquals(0.45, r.thresholds().get(0), EPS);
        assertEquals(0.55, r.thresholds().get(1), EPS);
        assertEquals(List.of(0.75, 1.0), r.accuracies());
        assertEquals(0.875, r.mean(), EPS);
        assertEquals(0.125, r.std(), EPS);
    }

    @Test
    void bestThresholdOverAllPairs() {
        Threshold t = VerificationMetrics.bestThreshold(S, L);
        assertEquals(0.5, t.threshold(), EPS); // between 0.4 (different) and 0.6 (same)
        assertEquals(7.0 / 8, t.accuracy(), EPS);
    }

    @Test
    void aucCountsTiesAsOneHalf() {
        // positives 0.9, 0.7, 0.7, 0.6 vs negatives 0.7, 0.4, 0.3, 0.2: 4 + 3.5 + 3.5 + 3 = 14 of 16
        assertEquals(14.0 / 16, VerificationMetrics.auc(S, L), EPS);
        assertEquals(bruteForceAuc(S, L), VerificationMetrics.auc(S, L), EPS);
    }

    @Test
    void rocWalksFromNothingAcceptedToEverythingAccepted() {
        List<RocPoint> roc = VerificationMetrics.roc(S, L);
        assertEquals(List.of(
                new RocPoint(Double.POSITIVE_INFINITY, 0, 0),
                new RocPoint(0.8, 0, 0.25),
                new RocPoint(0.65, 0.25, 0.75),   // the 0.7 tie: two same, one different at once
                new RocPoint(0.5, 0.25, 1.0),
                new RocPoint(0.35, 0.5, 1.0),
                new RocPoint(0.25, 0.75, 1.0),
                new RocPoint(Double.NEGATIVE_INFINITY, 1, 1)), roc.stream()
                .map(p -> new RocPoint(round(p.threshold()), p.far(), p.tar())).toList());
    }

    @Test
    void tarAtFarTakesTheLargestTarWithinTheTargetAndSaysWhenItCannotResolveIt() {
        TarAtFar quarter = VerificationMetrics.tarAtFar(S, L, 0.25); // 4 negatives: FAR steps of 0.25
        assertEquals(1.0, quarter.tar(), EPS);
        assertEquals(0.25, quarter.far(), EPS);
        assertEquals(0.5, quarter.threshold(), EPS);
        assertTrue(quarter.resolved());

        TarAtFar tenth = VerificationMetrics.tarAtFar(S, L, 0.1); // below 1/4: only FAR 0 qualifies
        assertEquals(0.25, tenth.tar(), EPS);
        assertEquals(0.0, tenth.far(), EPS);
        assertEquals(0.8, tenth.threshold(), EPS);
        assertFalse(tenth.resolved());
    }

    @Test
    void allTiedScoresGiveChance() {
        double[] s = {0.5, 0.5, 0.5, 0.5};
        boolean[] l = {T, F, T, F};
        Threshold t = VerificationMetrics.bestThreshold(s, l);
        assertEquals(Double.NEGATIVE_INFINITY, t.threshold()); // -∞ and +∞ both give 1/2: smallest wins
        assertEquals(0.5, t.accuracy(), EPS);
        assertEquals(0.5, VerificationMetrics.auc(s, l), EPS);
        assertEquals(2, VerificationMetrics.roc(s, l).size());
    }

    @Test
    void perfectSeparationAndReversedScores() {
        double[] s = {0.9, 0.8, 0.3, 0.1};
        boolean[] l = {T, T, F, F};
        assertEquals(1.0, VerificationMetrics.auc(s, l), EPS);
        assertEquals(new Threshold(0.55, 1.0), roundThreshold(VerificationMetrics.bestThreshold(s, l)));
        assertEquals(1.0, VerificationMetrics.tarAtFar(s, l, 0.0).tar(), EPS);

        boolean[] reversed = {F, F, T, T};
        assertEquals(0.0, VerificationMetrics.auc(s, reversed), EPS);
        Threshold t = VerificationMetrics.bestThreshold(s, reversed); // any finite threshold is worse than accepting all
        assertEquals(Double.NEGATIVE_INFINITY, t.threshold());
        assertEquals(0.5, t.accuracy(), EPS);
        assertEquals(0.0, VerificationMetrics.tarAtFar(s, reversed, 0.0).tar(), EPS);
    }

    @Test
    void foldsThatHoldOnlySameOrOnlyDifferentPairs() {
        // fold 0 all same: thresholds from folds 1+2 and 0+2 and 0+1 are all 0.4 → every fold 100 %
        double[] s = {0.9, 0.8, 0.6, 0.2, 0.7, 0.1};
        int[] folds = {0, 0, 1, 1, 2, 2};
        FoldedAccuracy allSame = VerificationMetrics.kFold(s, new boolean[] {T, T, T, F, T, F}, folds, 3);
        assertEquals(List.of(1.0, 1.0, 1.0), allSame.accuracies());
        assertEquals(List.of(0.4, 0.4, 0.4), allSame.thresholds().stream().map(VerificationMetricsTest::round).toList());
        assertEquals(0.0, allSame.std(), EPS);

        // fold 0 all different, scored high: folds 1+2 choose 0.4 → fold 0 gets 0/2; with fold 0 in
        // training the high negatives push the threshold to +∞ (reject all: 3/4) → folds 1, 2 get 1/2
        double[] s2 = {0.9, 0.85, 0.6, 0.2, 0.7, 0.1};
        FoldedAccuracy allDiff = VerificationMetrics.kFold(s2, new boolean[] {F, F, T, F, T, F}, folds, 3);
        assertEquals(List.of(0.0, 0.5, 0.5), allDiff.accuracies());
        assertEquals(0.4, allDiff.thresholds().get(0), EPS);
        assertEquals(Double.POSITIVE_INFINITY, allDiff.thresholds().get(1));
        assertEquals(Double.POSITIVE_INFINITY, allDiff.thresholds().get(2));
        assertEquals(1.0 / 3, allDiff.mean(), EPS);
        assertEquals(Math.sqrt(1.0 / 18), allDiff.std(), EPS);
    }

    @Test
    void randomScoresWithTiesAgreeWithBruteForce() {
        Random r = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + r.nextInt(60);
            double[] s = new double[n];
            boolean[] l = new boolean[n];
            for (int i = 0; i < n; i++) {
                l[i] = i < 1 || (i > 1 && r.nextBoolean()); // at least one of each
                s[i] = Math.round((r.nextGaussian() + (l[i] ? 0.7 : 0)) * 4) / 4.0; // coarse: many ties
            }
            assertEquals(bruteForceAuc(s, l), VerificationMetrics.auc(s, l), EPS);
            Threshold fast = VerificationMetrics.bestThreshold(s, l);
            Threshold slow = bruteForceBest(s, l);
            assertEquals(slow.accuracy(), fast.accuracy(), EPS);
            assertEquals(slow.threshold(), fast.threshold(), EPS);
            int k = 2 + r.nextInt(4);
            if (n >= k) {
                int[] folds = new int[n];
                for (int i = 0; i < n; i++) {
                    folds[i] = i % k;
                }
                FoldedAccuracy fa = VerificationMetrics.kFold(s, l, folds, k);
                assertEquals(k, fa.accuracies().size());
                assertTrue(fa.mean() >= 0 && fa.mean() <= 1);
            }
        }
    }

    @Test
    void sampleKeepsEndsAndBoundsTheCount() {
        List<RocPoint> curve = java.util.stream.IntStream.range(0, 1001)
                .mapToObj(i -> new RocPoint(-i, i / 1000.0, i / 1000.0)).toList();
        List<RocPoint> s = VerificationMetrics.sample(curve, 200);
        assertEquals(200, s.size());
        assertEquals(curve.get(0), s.get(0));
        assertEquals(curve.get(1000), s.get(199));
        assertEquals(curve.subList(0, 5), VerificationMetrics.sample(curve.subList(0, 5), 200));
    }

    @Test
    void badInputsAreRejectedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> VerificationMetrics.kFold(S, L, FOLDS, 1));
        assertThrows(IllegalArgumentException.class, () -> VerificationMetrics.kFold(S, L, FOLDS, 3)); // fold 2 empty
        assertThrows(IllegalArgumentException.class, () -> VerificationMetrics.kFold(S, L, new int[] {0, 0, 0, 0, 1, 1, 1, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> VerificationMetrics.auc(new double[] {1, 2}, new boolean[] {T, T}));
        var e = assertThrows(IllegalArgumentException.class,
                () -> VerificationMetrics.bestThreshold(new double[] {0.1, Double.NaN}, new boolean[] {T, F}));
        assertTrue(e.getMessage().contains("pair 1"), e.getMessage());
    }

    /** P(positive score > negative score) + P(equal) / 2 over all positive-negative couples. */
    static double bruteForceAuc(double[] s, boolean[] l) {
        double wins = 0;
        int couples = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (l[i] && !l[j]) {
                    couples++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        return wins / couples;
    }

    /** Tries every candidate threshold (−∞, midpoints, +∞) in ascending order; first best wins. */
    static Threshold bruteForceBest(double[] s, boolean[] l) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (double v : s) {
            distinct.add(v);
        }
        List<Double> values = List.copyOf(distinct);
        List<Double> candidates = new java.util.ArrayList<>();
        candidates.add(Double.NEGATIVE_INFINITY);
        for (int i = 0; i + 1 < values.size(); i++) {
            candidates.add((values.get(i) + values.get(i + 1)) / 2);
        }
        candidates.add(Double.POSITIVE_INFINITY);
        Threshold best = null;
        for (double t : candidates) {
            int correct = 0;
            for (int i = 0; i < s.length; i++) {
                if ((s[i] > t) == l[i]) {
                    correct++;
                }
            }
            double acc = (double) correct / s.length;
            if (best == null || acc > best.accuracy()) {
                best = new Threshold(t, acc);
            }
        }
        return best;
    }

    static double round(double v) {
        return Double.isInfinite(v) ? v : Math.round(v * 1e9) / 1e9;
    }

    static Threshold roundThreshold(Threshold t) {
        return new Threshold(round(t.threshold()), t.accuracy());
    }
}
