package org.facelfs.loss;

/**
 * The running statistics of the stateful heads, carried in their specs: CurricularFace's {@code t}
 * (the running mean of {@code cos θ_y}) and AdaFace's running mean and std of the embedding norms.
 * As in the official code, both move by {@link #MOMENTUM} of the batch value before each training
 * step, and the step then uses the updated values; scores without a step (evaluation, a gradient
 * check's perturbed scores) use them as they are.
 */
public final class RunningStatistics {

    /** The weight of the current batch: t_alpha = 0.01 in both official codes. */
    public static final double MOMENTUM = 0.01;

    private RunningStatistics() {
    }

    /** Whether {@code spec} has running statistics. */
    public static boolean isStateful(LossSpec spec) {
        return spec instanceof LossSpec.CurricularFace || spec instanceof LossSpec.AdaFace;
    }

    /**
     * {@code spec} after one training step's update from the batch's target cosines (clamped to
     * [-1, 1]) and embedding norms; {@code spec} itself if it has no running statistics.
     */
    public static LossSpec afterStep(LossSpec spec, double[] targetCos, double[] norms) {
        if (spec instanceof LossSpec.CurricularFace cf) {
            double mean = 0;
            for (double c : targetCos) {
                mean += TargetMargin.clamp(c);
            }
            mean /= targetCos.length;
            return new LossSpec.CurricularFace(cf.scale(), cf.m(), MOMENTUM * mean + (1 - MOMENTUM) * cf.t());
        }
        if (spec instanceof LossSpec.AdaFace ada) {
            int n = norms.length;
            double mean = 0;
            for (double v : norms) {
                mean += AdaFaceMargin.safeNorm(v);
            }
            mean /= n;
            double std = ada.batchStd();
            if (n > 1) { // torch's unbiased std; one sample has none, and its std is left as it was
                double ss = 0;
                for (double v : norms) {
                    ss += Math.pow(AdaFaceMargin.safeNorm(v) - mean, 2);
                }
                std = MOMENTUM * Math.sqrt(ss / (n - 1)) + (1 - MOMENTUM) * ada.batchStd();
            }
            return new LossSpec.AdaFace(ada.scale(), ada.margin(), ada.h(),
                    MOMENTUM * mean + (1 - MOMENTUM) * ada.batchMean(), std);
        }
        return spec;
    }

    /**
     * The spec to set when a network running {@code current} is given {@code next} (a new round):
     * if both are the same head with the same hyperparameters, {@code next} with {@code current}'s
     * running statistics, so a fixed CurricularFace or AdaFace keeps them across rounds as one
     * continuous training does; otherwise {@code next}.
     */
    public static LossSpec carriedOver(LossSpec current, LossSpec next) {
        if (current instanceof LossSpec.CurricularFace c && next instanceof LossSpec.CurricularFace n
                && c.scale() == n.scale() && c.m() == n.m()) {
            return c;
        }
        if (current instanceof LossSpec.AdaFace c && next instanceof LossSpec.AdaFace n
                && c.scale() == n.scale() && c.margin() == n.margin() && c.h() == n.h()) {
            return c;
        }
        return next;
    }
}
