package org.facelfs.app.spark;

import org.facelfs.loss.LossSpec;

/** Short texts for the Spark UI. */
final class SparkLabels {

    private SparkLabels() {
    }

    /** A loss formula cut to fit a job description. */
    static String shortLoss(LossSpec spec) {
        String f = spec.formula();
        return f.length() > 90 ? f.substring(0, 87) + "..." : f;
    }
}
