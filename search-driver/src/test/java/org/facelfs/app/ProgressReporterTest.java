package org.facelfs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.facelfs.eval.VerificationReport;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    /** Perfectly separated scores: 100 % in every fold, AUC 1, TAR 1 at every FAR; the line is eval's, not JSON. */
    @Test
    void theFinalEvaluationIsPrintedAsTheEvalVerbPrintsIt() throws Exception {
        int n = 40;
        double[] scores = new double[n];
        boolean[] same = new boolean[n];
        int[] folds = new int[n];
        for (int k = 0; k < n; k++) {
            same[k] = k % 2 == 0;
            scores[k] = same[k] ? 0.5 + k / 100.0 : -0.5 - k / 100.0;
            folds[k] = k % 10;
        }
        VerificationReport r = VerificationReport.of("lfw", scores, same, folds, 10, 80);
        List<String> lines = new ArrayList<>();
        new ProgressReporter(lines::add).finalEvaluation(r);
        assertEquals(List.of("[facelfs] final evaluation lfw: 100.00 ± 0.00 % (10 folds, 40 pairs, 80 images), "
                + "AUC 1.0000, TAR@FAR=1e-3 1.0000"), lines);
    }
}
