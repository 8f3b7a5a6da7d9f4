package org.facelfs.loss;

/**
 * CurricularFace's off-target logits: a negative class j of a sample is hard when
 * {@code cos θ_j > cos(θ_y + m)} (the official code's test, without ArcFace's fallback), and its
 * cosine becomes {@code g(cos θ_j) = cos θ_j (t + cos θ_j)}, slope {@code t + 2 cos θ_j}; the others
 * stay {@code cos θ_j}. Which negatives are hard is treated as a constant in the gradient, and so is
 * {@code t}, as in the official code.
 */
public final class HardNegatives {

    private HardNegatives() {
    }

    /** The hardness threshold {@code cos(θ_y + m)} of a sample with target cosine {@code targetCos}. */
    public static double threshold(double m, double targetCos) {
        return Math.cos(Math.acos(TargetMargin.clamp(targetCos)) + m);
    }

    /** {@code g(c) = c (t + c)}. */
    public static double value(double t, double c) {
        return c * (t + c);
    }

    /** {@code g'(c) = t + 2c}. */
    public static double slope(double t, double c) {
        return t + 2 * c;
    }
}
