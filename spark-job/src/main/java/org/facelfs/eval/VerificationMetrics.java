package org.facelfs.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Face-verification metrics on plain score/label arrays (higher score = more likely the same
 * person), as the LFW protocol and insightface define them (DESIGN.md §1.5).
 *
 * <p>Decision rule everywhere: a pair is predicted "same" iff {@code score > threshold}.
 * Threshold candidates are {@code -∞}, the midpoints between consecutive distinct scores, and
 * {@code +∞}, so every distinct decision is reachable exactly once and ties in scores never
 * straddle a threshold. When several thresholds reach the best accuracy, the smallest wins
 * (deterministic).
 */
public final class VerificationMetrics {

    private VerificationMetrics() {
    }

    /** A threshold and the accuracy it reaches on the pairs it was chosen on. */
    public record Threshold(double threshold, double accuracy) {
    }

    /**
     * k-fold accuracy: for each fold, the threshold that is best on the other folds, applied to it.
     *
     * @param mean       mean of the per-fold accuracies
     * @param std        their population standard deviation (divide by k, as numpy.std and the LFW reports)
     * @param accuracies accuracy on each held-out fold
     * @param thresholds threshold chosen on the other folds, per fold
     */
    public record FoldedAccuracy(double mean, double std, List<Double> accuracies, List<Double> thresholds) {
        public FoldedAccuracy {
            accuracies = List.copyOf(accuracies);
            thresholds = List.copyOf(thresholds);
        }
    }

    /** One ROC point: at {@code threshold}, the fraction of negatives accepted and of positives accepted. */
    public record RocPoint(double threshold, double far, double tar) implements java.io.Serializable {
    }

    /**
     * True-accept rate at a false-accept-rate target: the smallest candidate threshold whose
     * FAR ≤ {@code targetFar} (which maximises TAR under that bound), no interpolation.
     * FAR moves in steps of {@code 1/negatives}; a target below that step can only be met with
     * FAR = 0, so then {@code tar} is the TAR at FAR = 0 and {@code resolved} is false: the set
     * is too small to measure that FAR.
     *
     * @param targetFar the requested FAR
     * @param tar       fraction of positive pairs accepted
     * @param far       the FAR actually reached (≤ targetFar)
     * @param threshold the threshold used
     * @param resolved  {@code targetFar · negatives ≥ 1}
     */
    public record TarAtFar(double targetFar, double tar, double far, double threshold, boolean resolved)
            implements java.io.Serializable {
    }

    /** Best threshold and its accuracy over all the given pairs. */
    public static Threshold bestThreshold(double[] scores, boolean[] same) {
        check(scores, same);
        return best(scores, same, IntStream.range(0, scores.length).toArray());
    }

    /**
     * Accuracy with the threshold chosen on the other folds, for each of {@code numFolds} ≥ 2 folds.
     *
     * @param folds fold of each pair in [0, numFolds); every fold must hold at least one pair
     */
    public static FoldedAccuracy kFold(double[] scores, boolean[] same, int[] folds, int numFolds) {
        check(scores, same);
        if (folds.length != scores.length) {
            throw new IllegalArgumentException("folds has " + folds.length + " entries for " + scores.length + " pairs");
        }
        if (numFolds < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + numFolds);
        }
        int[] sizes = new int[numFolds];
        for (int i = 0; i < folds.length; i++) {
            if (folds[i] < 0 || folds[i] >= numFolds) {
                throw new IllegalArgumentException("pair " + i + " has fold " + folds[i] + ", outside [0, " + numFolds + ")");
            }
            sizes[folds[i]]++;
        }
        double[] acc = new double[numFolds];
        double[] thr = new double[numFolds];
        for (int f = 0; f < numFolds; f++) {
            if (sizes[f] == 0) {
                throw new IllegalArgumentException("fold " + f + " has no pairs");
            }
            final int held = f;
            int[] train = IntStream.range(0, scores.length).filter(i -> folds[i] != held).toArray();
            thr[f] = best(scores, same, train).threshold();
            int correct = 0;
            for (int i = 0; i < scores.length; i++) {
                if (folds[i] == f && (scores[i] > thr[f]) == same[i]) {
                    correct++;
                }
            }
            acc[f] = (double) correct / sizes[f];
        }
        double mean = Arrays.stream(acc).average().orElseThrow();
        double var = Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum() / numFolds;
        return new FoldedAccuracy(mean, Math.sqrt(var), boxed(acc), boxed(thr));
    }

    /**
     * The full ROC curve, from {@code (+∞, FAR 0, TAR 0)} to {@code (-∞, 1, 1)}, one point per
     * candidate threshold (descending). Needs at least one positive and one negative pair.
     */
    public static List<RocPoint> roc(double[] scores, boolean[] same) {
        check(scores, same);
        int positives = countPositives(same);
        int negatives = same.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC needs both same and different pairs, got "
                    + positives + " same and " + negatives + " different");
        }
        Integer[] order = sortedIndices(scores, Comparator.reverseOrder());
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
        int tp = 0;
        int fp = 0;
        int i = 0;
        while (i < order.length) {
            double s = scores[order[i]];
            while (i < order.length && scores[order[i]] == s) {
                if (same[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            double next = i < order.length ? midpoint(scores[order[i]], s) : Double.NEGATIVE_INFINITY;
            points.add(new RocPoint(next, (double) fp / negatives, (double) tp / positives));
        }
        return points;
    }

    /**
     * Area under the ROC curve: the probability that a random same pair scores above a random
     * different pair, ties counting 1/2 (the trapezoid rule over {@link #roc}).
     */
    public static double auc(double[] scores, boolean[] same) {
        List<RocPoint> roc = roc(scores, same);
        double area = 0;
        for (int k = 1; k < roc.size(); k++) {
            RocPoint a = roc.get(k - 1);
            RocPoint b = roc.get(k);
            area += (b.far() - a.far()) * (a.tar() + b.tar()) / 2;
        }
        return area;
    }

    /** TAR at the given FAR target (see {@link TarAtFar} for the exact definition). */
    public static TarAtFar tarAtFar(double[] scores, boolean[] same, double targetFar) {
        if (!(targetFar >= 0 && targetFar <= 1)) {
            throw new IllegalArgumentException("FAR target must be in [0, 1], got " + targetFar);
        }
        List<RocPoint> roc = roc(scores, same);
        RocPoint chosen = roc.get(0);
        for (RocPoint p : roc) { // thresholds descend, FAR and TAR grow
            if (p.far() <= targetFar) {
                chosen = p;
            }
        }
        int negatives = same.length - countPositives(same);
        return new TarAtFar(targetFar, chosen.tar(), chosen.far(), chosen.threshold(), targetFar * negatives >= 1);
    }

    /** At most {@code max} ≥ 2 points of a curve, evenly spaced by index, first and last kept. */
    public static List<RocPoint> sample(List<RocPoint> curve, int max) {
        if (max < 2) {
            throw new IllegalArgumentException("max must be >= 2, got " + max);
        }
        if (curve.size() <= max) {
            return List.copyOf(curve);
        }
        List<RocPoint> out = new ArrayList<>(max);
        for (int k = 0; k < max; k++) {
            out.add(curve.get((int) Math.round((double) k * (curve.size() - 1) / (max - 1))));
        }
        return out;
    }

    /** Sweeps thresholds upwards over the pairs {@code idx}; first (smallest) best wins. */
    private static Threshold best(double[] scores, boolean[] same, int[] idx) {
        Integer[] order = Arrays.stream(idx).boxed().sorted(Comparator.comparingDouble(i -> scores[i])).toArray(Integer[]::new);
        int correct = 0; // at -∞ every pair is predicted same
        for (int i : idx) {
            if (same[i]) {
                correct++;
            }
        }
        int bestCorrect = correct;
        double bestThreshold = Double.NEGATIVE_INFINITY;
        int k = 0;
        while (k < order.length) {
            double s = scores[order[k]];
            while (k < order.length && scores[order[k]] == s) {
                correct += same[order[k]] ? -1 : 1; // this group now falls at or below the threshold
                k++;
            }
            if (correct > bestCorrect) {
                bestCorrect = correct;
                bestThreshold = k < order.length ? midpoint(s, scores[order[k]]) : Double.POSITIVE_INFINITY;
            }
        }
        return new Threshold(bestThreshold, (double) bestCorrect / idx.length);
    }

    /** A threshold strictly below {@code hi} and at least {@code lo}: {@code score > t} splits the two. */
    private static double midpoint(double lo, double hi) {
        double m = lo + (hi - lo) / 2;
        return m < hi ? m : lo;
    }

    private static Integer[] sortedIndices(double[] scores, Comparator<Double> by) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparing((Integer i) -> scores[i], by)).toArray(Integer[]::new);
    }

    private static int countPositives(boolean[] same) {
        int n = 0;
        for (boolean b : same) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    private static void check(double[] scores, boolean[] same) {
        if (scores.length != same.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + same.length + " labels");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no pairs to evaluate");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score of pair " + i + " is " + scores[i]
                        + " (a non-finite embedding?)");
            }
        }
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
