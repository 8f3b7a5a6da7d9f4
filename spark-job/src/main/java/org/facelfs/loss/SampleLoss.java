package org.facelfs.loss;

/**
 * The loss of one sample and its gradient weight, given the log-probability of its target class.
 *
 * <p>Every member of the family has a gradient of the same shape with respect to the logits
 * {@code z} it was computed from (DESIGN.md §1.1): {@code dL/dz_j = weight · (p_j - δ_jy)}.
 * <ul>
 *   <li>softmax and the direct margins: {@code L = -log p}, weight 1 (the margin lives in {@code z_y});</li>
 *   <li>unified (global a, or the a_j of the bin of p): {@code L = -log p + log1p(-a (1 - p))},
 *       weight {@code (1 - a) / (1 - a + a p)}; {@code 1 - p} is {@code -expm1(log p)}, exact as p → 1;</li>
 *   <li>AM-LFS: {@code L = -log τ(p)}, {@code τ = α_j p + β_j}, weight {@code α_j p / τ(p)}.</li>
 * </ul>
 * The bin/interval j is chosen by the value of p and treated as a constant in the gradient (the loss
 * is piecewise; at a bin edge the one-sided derivative of the bin p falls in is used).
 *
 * <p>AM-LFS guard: τ may be ≤ 0 for sampled (α, β). Where {@code τ(p) ≤ ε p} (ε = {@link #TAU_FLOOR})
 * τ is replaced by {@code ε p}: the loss becomes {@code -log ε - log p} (finite, continuous at the
 * switch point) and the gradient that of plain softmax (weight 1), so such samples still push p up
 * instead of producing NaN. With β = 0 the test is {@code α > ε}, independent of p (no underflow).
 *
 * @param loss   the sample's loss
 * @param weight the factor w in {@code dL/dz_j = w (p_j - δ_jy)}
 */
public record SampleLoss(double loss, double weight) {

    /** The floor slope ε of the AM-LFS guard {@code τ(p) ≥ ε p}. */
    public static final double TAU_FLOOR = 1e-6;

    /**
     * The loss of a sample whose target log-probability (under the logits the spec uses) is
     * {@code logP} (≤ 0, finite), with {@code 1 - p} taken as {@code -expm1(logP)}: exact only as far
     * as {@code logP} itself resolves p near 1 (use {@link #of(LossSpec, double, double)} when the
     * off-target sum is at hand).
     */
    public static SampleLoss of(LossSpec spec, double logP) {
        return of(spec, logP, -Math.expm1(logP));
    }

    /**
     * The loss of a sample with target log-probability {@code logP} and {@code oneMinusP = 1 - p}
     * computed from the off-target terms ({@code Σ_{j≠y} p_j}). In float, p rounds to 1 long before
     * {@code Σ_{j≠y} p_j} does (a sum 1 + 3·2.3e-8 is exactly 1.0f), and the unified weight
     * {@code (1 - a)/(1 - a + a p)} multiplies exactly that difference.
     */
    public static SampleLoss of(LossSpec spec, double logP, double oneMinusP) {
        if (spec instanceof LossSpec.UnifiedGlobal u) {
            return unified(u.a(), logP, oneMinusP);
        } else if (spec instanceof LossSpec.UnifiedPiecewise u) {
            return unified(u.a().get(u.bin(Math.exp(logP))), logP, oneMinusP);
        } else if (spec instanceof LossSpec.AmLfs am) {
            int j = am.interval(Math.exp(logP));
            return amLfs(am.alpha().get(j), am.beta().get(j), logP);
        } else if (spec instanceof LossSpec.Softmax || spec instanceof LossSpec.SphereFace
                || spec instanceof LossSpec.CosFace || spec instanceof LossSpec.ArcFace
                || spec instanceof LossSpec.Combined || spec instanceof LossSpec.AmLfsLogit
                || spec instanceof LossSpec.ElasticArc || spec instanceof LossSpec.ElasticCos
                || spec instanceof LossSpec.CurricularFace || spec instanceof LossSpec.AdaFace) {
            return crossEntropy(logP); // the margin, if any, is already in log p
        }
        throw new IllegalArgumentException("no sample loss defined for " + spec);
    }

    /** {@code L = -log p}. */
    public static SampleLoss crossEntropy(double logP) {
        return new SampleLoss(-logP, 1);
    }

    /** The unified form with factor {@code a}: {@code L = -log p + log1p(-a (1 - p))}, 1 - p = -expm1(log p). */
    public static SampleLoss unified(double a, double logP) {
        return unified(a, logP, -Math.expm1(logP));
    }

    /** The unified form with factor {@code a} and {@code q = 1 - p} given. */
    public static SampleLoss unified(double a, double logP, double q) {
        double denominator = 1 - a * q; // 1 - a + a p  (≥ 1 for a ≤ 0; > 0 for any a < 1/q)
        return new SampleLoss(-logP + Math.log1p(-a * q), (1 - a) / denominator);
    }

    /** AM-LFS: {@code L = -log τ(p)}, {@code τ = α p + β}, guarded as described in the class doc. */
    public static SampleLoss amLfs(double alpha, double beta, double logP) {
        if (beta == 0) {
            return alpha > TAU_FLOOR
                    ? new SampleLoss(-Math.log(alpha) - logP, 1)
                    : new SampleLoss(-Math.log(TAU_FLOOR) - logP, 1);
        }
        double p = Math.exp(logP);
        double tau = alpha * p + beta;
        if (tau > TAU_FLOOR * p) {
            return new SampleLoss(-Math.log(tau), alpha * p / tau);
        }
        return new SampleLoss(-Math.log(TAU_FLOOR) - logP, 1);
    }
}
