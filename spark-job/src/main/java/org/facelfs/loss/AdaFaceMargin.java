package org.facelfs.loss;

/**
 * AdaFace's target margin for one sample, from its margin scaler
 * {@code ŝ = clip(h (‖x‖ - μ_b)/(σ_b + 1e-3), -1, 1)}: {@code f(c) = cos(clip(θ - m ŝ, ε, π - ε)) - m (1 + ŝ)}
 * with {@code θ = acos(clamp(c, -1 + ε, 1 - ε))}, ε = 1e-3, as the official code computes it. Its slope is
 * the derivative of that value: {@code sin(θ - m ŝ)/sin θ}, and 0 where a clamp or clip holds (as
 * autograd gives there).
 */
final class AdaFaceMargin extends TargetMargin {

    static final double EPS = 1e-3;

    private final double angular;
    private final double additive;

    private AdaFaceMargin(double angular, double additive) {
        this.angular = angular;
        this.additive = additive;
    }

    /** The norm as AdaFace uses it: clipped to [0.001, 100]. */
    static double safeNorm(double norm) {
        return Math.max(0.001, Math.min(100, norm));
    }

    /** The margin scaler ŝ of a sample with embedding norm {@code norm}. */
    static double scaler(LossSpec.AdaFace spec, double norm) {
        double z = (safeNorm(norm) - spec.batchMean()) / (spec.batchStd() + EPS) * spec.h();
        return Math.max(-1, Math.min(1, z));
    }

    /** The margin of a sample with embedding norm {@code norm} under {@code spec}'s running statistics. */
    static AdaFaceMargin forNorm(LossSpec.AdaFace spec, double norm) {
        double ms = scaler(spec, norm);
        return new AdaFaceMargin(spec.margin() * ms, spec.margin() * (1 + ms));
    }

    @Override
    public double value(double c) {
        double theta = Math.acos(Math.max(-1 + EPS, Math.min(1 - EPS, c)));
        return Math.cos(Math.max(EPS, Math.min(Math.PI - EPS, theta - angular))) - additive;
    }

    @Override
    public double slope(double c) {
        if (c <= -1 + EPS || c >= 1 - EPS) {
            return 0;
        }
        double theta = Math.acos(c);
        double shifted = theta - angular;
        if (shifted <= EPS || shifted >= Math.PI - EPS) {
            return 0;
        }
        return Math.sin(shifted) / Math.sin(theta);
    }
}
