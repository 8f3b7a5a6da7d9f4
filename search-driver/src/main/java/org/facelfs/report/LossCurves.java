package org.facelfs.report;

import org.facelfs.loss.LossSpec;
import org.facelfs.loss.TargetMargin;

/**
 * The loss as curves (DESIGN.md §1.1): the modulating factor {@code h(a, p) = 1/(a p + 1 - a)}
 * that scales the target probability, and the target-logit view — the logit {@code f(θ)} a loss
 * puts in place of {@code cos θ}.
 *
 * <p>For a unified loss with a constant factor {@code a}, {@code p_m = h p} gives
 * {@code p_m/(1 - p_m) = p/((1 - a)(1 - p))}: the target logit drops by exactly
 * {@code log(1 - a)}, whatever the other classes' logits. A global {@code a} is therefore an
 * additive (CosFace) margin {@code m = log(1 - a)/s} — and CosFace's {@code m2} is
 * {@code a = 1 - e^{s m2}}. A piecewise factor depends on the bin of {@code p}, which does depend
 * on the other logits: the report fixes them at the typical trained case, every non-target cosine
 * at 0 (non-target mass {@code C - 1}).
 */
public final class LossCurves {

    private LossCurves() {
    }

    /** {@code h(a, p) = 1 / (a p + 1 - a)}: 1 for a = 0, smaller the larger |a|. */
    public static double modulation(double a, double p) {
        return 1.0 / (a * p + 1 - a);
    }

    /** The constant modulating factor of CosFace: {@code a = 1 - e^{s m2}}. */
    public static double cosFaceFactor(double scale, double m2) {
        return 1 - Math.exp(scale * m2);
    }

    /** The target logit (in cosine units) of a margin loss at angle θ (radians), or NaN if not a margin form. */
    public static double marginLogit(LossSpec spec, double theta) {
        double c = Math.cos(theta);
        if (spec instanceof LossSpec.Softmax) {
            return c;
        } else if (spec instanceof LossSpec.CosFace s) {
            return c - s.m2();
        } else if (spec instanceof LossSpec.ArcFace s) {
            return theta + s.m3() <= Math.PI ? Math.cos(theta + s.m3()) : c - s.m3() * Math.sin(s.m3());
        } else if (spec instanceof LossSpec.Combined s) {
            return Math.cos(s.m1() * theta + s.m3()) - s.m2();
        } else if (spec instanceof LossSpec.AmLfsLogit || spec instanceof LossSpec.CurricularFace) {
            return TargetMargin.of(spec, 0).value(c); // AM-LFS's t; CurricularFace's target is ArcFace's
        } else if (spec instanceof LossSpec.ElasticArc e) {
            return marginLogit(new LossSpec.ArcFace(e.scale(), e.m()), theta); // at the mean margin
        } else if (spec instanceof LossSpec.ElasticCos e) {
            return c - e.m();
        } else if (spec instanceof LossSpec.SphereFace s) {
            // at the end of annealing (λ = λmin), the form the trained model sees
            int k = (int) Math.floor(s.m1() * theta / Math.PI);
            double psi = ((k % 2 == 0) ? 1 : -1) * Math.cos(s.m1() * theta) - 2 * k;
            return (s.lambdaMin() * c + psi) / (1 + s.lambdaMin());
        }
        return Double.NaN;
    }

    /** The target logit (cosine units) of a unified loss with constant factor {@code a}: {@code cos θ - log(1-a)/s}. */
    public static double unifiedLogit(double scale, double a, double theta) {
        return Math.cos(theta) - Math.log1p(-a) / scale;
    }

    /**
     * The target logit of a piecewise unified loss at angle θ, with {@code numClasses - 1} other
     * classes at cosine 0 deciding which bin {@code p} falls in.
     */
    public static double piecewiseLogit(LossSpec.UnifiedPiecewise spec, double theta, int numClasses) {
        double z = spec.scale() * Math.cos(theta);
        double p = 1.0 / (1.0 + (numClasses - 1) * Math.exp(-z));
        return unifiedLogit(spec.scale(), spec.a().get(spec.bin(p)), theta);
    }
}
