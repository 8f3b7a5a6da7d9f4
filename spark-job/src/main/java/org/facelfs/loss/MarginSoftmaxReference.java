package org.facelfs.loss;

/**
 * Plain-Java (no ND4J), double-precision reference of the margin-softmax family on a cosine matrix:
 * per-sample loss and the analytic gradient {@code dL/dcos}. It is the yardstick the DL4J layer is
 * tested against, and small enough to read next to DESIGN.md §1.1.
 *
 * <p>For sample i with target y and logits {@code z_j = s cos_j} ({@code z_y = s f(cos_y)} for the
 * direct margins, see {@link TargetMargin}): {@code log p_j = z_j - logsumexp(z)} (never
 * {@code log(softmax)}), the loss and weight w come from {@link SampleLoss}, and
 * <pre>
 *   dL/dcos_j = s · w · p_j                         (j ≠ y)
 *   dL/dcos_y = s · w · (p_y - 1) · f'(cos_y)       (1 - p_y = Σ_{j≠y} p_j, exact as p_y → 1)
 * </pre>
 */
public final class MarginSoftmaxReference {

    private MarginSoftmaxReference() {
    }

    /**
     * Per-sample loss and gradient.
     *
     * @param loss      loss of each sample (the network score is their mean)
     * @param dLossDCos derivative of each sample's loss with respect to its cosine row
     */
    public record Result(double[] loss, double[][] dLossDCos) {
        /** The mean loss: what DL4J reports as the score (without regularisation). */
        public double meanLoss() {
            double sum = 0;
            for (double l : loss) {
                sum += l;
            }
            return sum / loss.length;
        }
    }

    /**
     * The loss of {@code spec} on cosines {@code cos[n][C]} with integer labels, after
     * {@code iteration} training iterations (only SphereFace's λ depends on it).
     */
    public static Result lossAndGradient(double[][] cos, int[] labels, LossSpec spec, long iteration) {
        double[] unitNorms = new double[cos.length];
        java.util.Arrays.fill(unitNorms, 1);
        return lossAndGradient(cos, labels, unitNorms, spec, iteration);
    }

    /**
     * As {@link #lossAndGradient(double[][], int[], LossSpec, long)} for embeddings whose norms before
     * normalisation are {@code norms} (AdaFace's margin depends on them, as a constant). CurricularFace's
     * hard negatives {@code j} (cos_j > cos(θ_y + m)) have logit {@code s g(cos_j)} and
     * {@code dL/dcos_j = s · w · p_j · g'(cos_j)} ({@link HardNegatives}).
     */
    public static Result lossAndGradient(double[][] cos, int[] labels, double[] norms, LossSpec spec, long iteration) {
        double s = spec.scale();
        int n = cos.length;
        TargetMargin[] margin = TargetMargin.forBatch(spec, iteration, norms);
        double[] loss = new double[n];
        double[][] grad = new double[n][];
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            double[] z = scaled(cos[i], s);
            double[] offSlope = new double[z.length];
            java.util.Arrays.fill(offSlope, 1);
            if (spec instanceof LossSpec.CurricularFace cf) {
                double threshold = HardNegatives.threshold(cf.m(), cos[i][y]);
                for (int j = 0; j < z.length; j++) {
                    if (j != y && cos[i][j] > threshold) {
                        z[j] = s * HardNegatives.value(cf.t(), cos[i][j]);
                        offSlope[j] = HardNegatives.slope(cf.t(), cos[i][j]);
                    }
                }
            }
            z[y] = s * margin[i].value(cos[i][y]);
            double[] logP = logSoftmax(z);
            double oneMinusP = offTargetSum(logP, y);
            SampleLoss sample = SampleLoss.of(spec, logP[y], oneMinusP);
            loss[i] = sample.loss();
            grad[i] = new double[z.length];
            for (int j = 0; j < z.length; j++) {
                grad[i][j] = s * sample.weight() * Math.exp(logP[j]) * offSlope[j];
            }
            grad[i][y] = -s * sample.weight() * oneMinusP * margin[i].slope(cos[i][y]);
        }
        return new Result(loss, grad);
    }

    /**
     * The unified form with a per-sample factor on plain logits {@code z = s cos}:
     * {@code L = -log p + log1p(-a (1 - p))}. When {@code a} depends on {@code cos_y} (the margin
     * members written in unified form) its derivative {@code dA/dcos_y} adds
     * {@code dL/da · da/dcos_y} to the target entry, with {@code dL/da = (p - 1)/(1 - a + a p)}.
     *
     * @param a        the factor of each sample
     * @param dADCosY  its derivative with respect to the sample's target cosine (0 for a constant a)
     */
    public static Result unified(double[][] cos, int[] labels, double s, double[] a, double[] dADCosY) {
        int n = cos.length;
        double[] loss = new double[n];
        double[][] grad = new double[n][];
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            double[] logP = logSoftmax(scaled(cos[i], s));
            double oneMinusP = offTargetSum(logP, y);
            SampleLoss sample = SampleLoss.unified(a[i], logP[y], oneMinusP);
            loss[i] = sample.loss();
            grad[i] = new double[logP.length];
            for (int j = 0; j < logP.length; j++) {
                grad[i][j] = s * sample.weight() * Math.exp(logP[j]);
            }
            double dLda = -oneMinusP / (1 - a[i] * oneMinusP);
            grad[i][y] = s * sample.weight() * -oneMinusP + dLda * dADCosY[i];
        }
        return new Result(loss, grad);
    }

    /**
     * The factor that turns a direct margin into the unified form for a sample with target cosine
     * {@code c}: {@code a = 1 - e^{s [c - f(c)]}} and {@code da/dc = -s (1 - f'(c)) e^{s [c - f(c)]}}.
     *
     * @return {@code {a, da/dc}}
     */
    public static double[] equivalentFactor(TargetMargin margin, double s, double c) {
        double e = Math.exp(s * (c - margin.value(c)));
        return new double[] {1 - e, -s * (1 - margin.slope(c)) * e};
    }

    /** The unified weight {@code w = (1 - a) / (1 - a + a p)} of DESIGN.md §1.1, for reports and tests. */
    public static double gradientWeight(double a, double p) {
        return (1 - a) / (1 - a + a * p);
    }

    /** {@code 1 - p_y} as {@code Σ_{j≠y} p_j}: keeps its digits when p_y rounds to 1. */
    static double offTargetSum(double[] logP, int y) {
        double sum = 0;
        for (int j = 0; j < logP.length; j++) {
            if (j != y) {
                sum += Math.exp(logP[j]);
            }
        }
        return sum;
    }

    private static double[] scaled(double[] cos, double s) {
        double[] z = new double[cos.length];
        for (int j = 0; j < cos.length; j++) {
            z[j] = s * cos[j];
        }
        return z;
    }

    /**
     * {@code (z_j - max) - log1p(Σ_{k≠argmax} exp(z_k - max))}, that is {@code z_j - logsumexp(z)}:
     * finite for any finite z, and exact to the last bits when one logit dominates (p → 1), where
     * {@code log(Σ ...)} of a sum near 1 would lose the small terms.
     */
    static double[] logSoftmax(double[] z) {
        int top = 0;
        for (int j = 1; j < z.length; j++) {
            if (z[j] > z[top]) {
                top = j;
            }
        }
        double rest = 0;
        for (int j = 0; j < z.length; j++) {
            if (j != top) {
                rest += Math.exp(z[j] - z[top]);
            }
        }
        double logRest = Math.log1p(rest);
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = (z[j] - z[top]) - logRest; // not z_j - (z_top + logRest): that would round logRest away
        }
        return out;
    }
}
