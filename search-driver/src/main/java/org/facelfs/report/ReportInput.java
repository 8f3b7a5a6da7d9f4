package org.facelfs.report;

import java.util.List;
import java.util.Map;
import org.facelfs.run.HistoryRow;
import org.facelfs.loss.LossSpec;

/**
 * Everything the report shows, gathered from a run's output directory.
 *
 * @param title          heading, e.g. the output directory
 * @param summary        key facts in display order (status, rounds, best loss, best reward, ...)
 * @param history        every candidate of every completed round
 * @param distribution   μ/σ of the search distribution per round
 * @param bestPerRound   the chosen best loss of each round
 * @param scale          the scale s of the search (for the reference curves)
 * @param numClasses     training classes (for the target-logit view of piecewise losses)
 * @param evaluations    final verification results of the best model
 * @param configText     the effective configuration (HOCON)
 * @param problems       failures and skipped inputs, one line each
 */
public record ReportInput(String title, Map<String, String> summary, List<HistoryRow> history,
                          List<DistributionPoint> distribution, Map<Integer, LossSpec> bestPerRound, double scale,
                          int numClasses, List<EvaluationView> evaluations, String configText, List<String> problems) {
}
