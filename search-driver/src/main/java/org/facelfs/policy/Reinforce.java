package org.facelfs.policy;

import java.util.List;

/**
 * The REINFORCE (score-function) estimate of the gradient of the expected reward with respect
 * to the sampling distribution's parameters:
 *
 * <pre>
 * ∇ E[r] ≈ (1/M) Σ_i r̂_i ∇ log N(x_i; μ, σ)
 * </pre>
 *
 * where {@code x_i} is exactly what was sampled (not the mapped factor a) and {@code r̂_i} the
 * normalised reward (the round mean acts as the baseline).
 */
public final class Reinforce {

    private Reinforce() {
    }

    /** The gradient with respect to μ and to log σ. */
    public record Gradient(double[] mean, double[] logSigma) {
    }

    /** The estimate over one round's samples {@code x_i} with weights {@code r̂_i}. */
    public static Gradient estimate(DiagonalGaussian distribution, List<double[]> samples, double[] weights) {
        if (samples.size() != weights.length || samples.isEmpty()) {
            throw new IllegalArgumentException("need one weight per sample and at least one sample, got "
                    + samples.size() + " samples and " + weights.length + " weights");
        }
        int d = distribution.dimension();
        double[] gMean = new double[d];
        double[] gLogSigma = new double[d];
        for (int i = 0; i < weights.length; i++) {
            double[] x = samples.get(i);
            double[] dMean = distribution.gradMean(x);
            double[] dLogSigma = distribution.gradLogSigma(x);
            for (int j = 0; j < d; j++) {
                gMean[j] += weights[i] * dMean[j] / weights.length;
                gLogSigma[j] += weights[i] * dLogSigma[j] / weights.length;
            }
        }
        return new Gradient(gMean, gLogSigma);
    }
}
