package org.facelfs.report;

import java.util.List;
import java.util.Map;

/**
 * What the report shows of one verification evaluation.
 *
 * @param name            evaluation set, e.g. "reward: lfw folds 6-7"
 * @param accuracy        k-fold accuracy (threshold chosen on the other folds), mean
 * @param accuracyStd     its standard deviation over folds
 * @param foldAccuracies  accuracy of each fold
 * @param auc             area under the ROC curve
 * @param tarAtFar        true-accept rate at each false-accept rate, keyed like "1e-3"
 * @param rocFar          ROC points: false-accept rates (ascending)
 * @param rocTar          ROC points: true-accept rates
 */
public record EvaluationView(String name, double accuracy, double accuracyStd, List<Double> foldAccuracies,
                             double auc, Map<String, Double> tarAtFar, List<Double> rocFar, List<Double> rocTar) {
}
