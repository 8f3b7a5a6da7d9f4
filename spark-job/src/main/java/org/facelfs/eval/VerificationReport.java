package org.facelfs.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.facelfs.eval.VerificationMetrics.FoldedAccuracy;
import org.facelfs.eval.VerificationMetrics.RocPoint;
import org.facelfs.eval.VerificationMetrics.TarAtFar;
import org.facelfs.eval.VerificationMetrics.Threshold;

/**
 * The verification result of one model on one pair set: what a candidate's reward and a run's
 * report are made of. Immutable; serialises to and from JSON with Jackson (infinite thresholds
 * are written as the strings "Infinity" / "-Infinity").
 *
 * @param name                  the pair set's name
 * @param accuracyMean          k-fold accuracy, mean over folds (the reward)
 * @param accuracyStd           its population standard deviation over folds
 * @param foldAccuracies        accuracy on each held-out fold
 * @param foldThresholds        the cosine threshold chosen on the other folds, per fold
 * @param bestThresholdAccuracy accuracy of the single best threshold over all pairs (optimistic)
 * @param bestThreshold         that threshold
 * @param auc                   area under the ROC curve (ties count 1/2)
 * @param tarAtFar              TAR at FAR 1e-1, 1e-2, 1e-3 (see {@link TarAtFar} for FARs below 1/negatives)
 * @param roc                   the ROC curve sampled to at most {@link #MAX_ROC_POINTS} points
 * @param numPairs              pairs evaluated
 * @param imagesEmbedded        distinct images embedded (each once, whatever number of pairs use it)
 */
public record VerificationReport(String name, double accuracyMean, double accuracyStd, List<Double> foldAccuracies,
                                 List<Double> foldThresholds, double bestThresholdAccuracy, double bestThreshold,
                                 double auc, List<TarAtFar> tarAtFar, List<RocPoint> roc, int numPairs,
                                 int imagesEmbedded) implements Serializable {

    /** FAR targets reported. */
    public static final List<Double> FAR_TARGETS = List.of(1e-1, 1e-2, 1e-3);
    /** Cap on stored ROC points (the full curve has one per distinct score). */
    public static final int MAX_ROC_POINTS = 200;

    public VerificationReport {
        foldAccuracies = List.copyOf(foldAccuracies);
        foldThresholds = List.copyOf(foldThresholds);
        tarAtFar = List.copyOf(tarAtFar);
        roc = List.copyOf(roc);
    }

    /** Computes every metric from cosine scores. */
    public static VerificationReport of(String name, double[] scores, boolean[] same, int[] folds, int numFolds,
                                        int imagesEmbedded) {
        FoldedAccuracy k = VerificationMetrics.kFold(scores, same, folds, numFolds);
        Threshold best = VerificationMetrics.bestThreshold(scores, same);
        List<TarAtFar> tars = FAR_TARGETS.stream().map(f -> VerificationMetrics.tarAtFar(scores, same, f)).toList();
        List<RocPoint> roc = VerificationMetrics.sample(VerificationMetrics.roc(scores, same), MAX_ROC_POINTS);
        return new VerificationReport(name, k.mean(), k.std(), k.accuracies(), k.thresholds(), best.accuracy(),
                best.threshold(), VerificationMetrics.auc(scores, same), tars, roc, scores.length, imagesEmbedded);
    }

    /** TAR at one of {@link #FAR_TARGETS}. */
    public double tarAt(double far) {
        return tarAtFar.stream().filter(t -> t.targetFar() == far).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no TAR at FAR " + far + "; reported: " + FAR_TARGETS))
                .tar();
    }

    /** One line for logs: {@code lfw: 99.12 ± 0.30 % (10 folds), AUC 0.9990, TAR@FAR=1e-3 0.9800}. */
    public String summary() {
        return String.format(Locale.ROOT, "%s: %.2f ± %.2f %% (%d folds, %d pairs, %d images), AUC %.4f, TAR@FAR=1e-3 %.4f",
                name, 100 * accuracyMean, 100 * accuracyStd, foldAccuracies.size(), numPairs, imagesEmbedded, auc,
                tarAt(1e-3));
    }
}
