package org.facelfs.policy;

import org.facelfs.loss.LossSpec;

/**
 * ElasticFace's two hyperparameters as a search space: {@code x = (m, ln σ_m)}, the mean and the
 * log spread of its per-sample margin, starting at the paper's values (Arc: m = 0.5, Cos: m = 0.35;
 * σ_m = 0.05). ln σ_m keeps σ_m > 0 for every sample; m is clipped into its valid range (Arc
 * [0, π/2), Cos [0, 2)), which a Gaussian around 0.5 with σ = 0.2 would leave about once in 150 draws.
 */
public record ElasticFaceSpace(boolean angular) implements SearchSpace {

    /** The paper's spread σ_m. */
    public static final double SIGMA_M = 0.05;

    /**
     * σ of both coordinates when {@code search.sigma = auto}: m is a margin (0.03 crosses 0 … 0.6
     * in 18 updates of 1.2 σ, as in the margin space), and ln σ_m then reaches a factor
     * e^{0.65} ≈ 1.9 either side of 0.05, σ_m ≈ 0.026 … 0.096.
     */
    public static final double DEFAULT_SIGMA = 0.03;

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double[] initialMean() {
        return new double[] {angular ? 0.5 : 0.35, Math.log(SIGMA_M)};
    }

    @Override
    public LossSpec toLossSpec(double[] x, double scale) {
        double sigma = Math.exp(Math.min(x[1], 0)); // σ_m ≤ 1: beyond it the margin is noise
        if (angular) {
            return new LossSpec.ElasticArc(scale, Math.max(0, Math.min(Math.nextDown(Math.PI / 2), x[0])), sigma, 0);
        }
        return new LossSpec.ElasticCos(scale, Math.max(0, Math.min(Math.nextDown(LossSpec.MAX_COSINE_MARGIN), x[0])),
                sigma, 0);
    }
}
