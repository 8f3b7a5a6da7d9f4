package org.facelfs.policy;

import java.util.random.RandomGenerator;

/**
 * A Gaussian with independent components, mean μ and standard deviation σ = e^{log σ}: the
 * sampling distribution of the searched loss parameters, and the analytic gradients of its
 * log-density that REINFORCE needs.
 *
 * <pre>
 * log N(x; μ, σ)      = Σ_j [ -(x_j - μ_j)² / (2σ_j²) - log σ_j - ½ log 2π ]
 * ∂/∂μ_j              = (x_j - μ_j) / σ_j²
 * ∂/∂(log σ_j)        = (x_j - μ_j)² / σ_j² - 1
 * </pre>
 */
public final class DiagonalGaussian {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double[] mean;
    private final double[] logSigma;

    /** A Gaussian with the given mean and log standard deviations (copied). */
    public DiagonalGaussian(double[] mean, double[] logSigma) {
        if (mean.length != logSigma.length) {
            throw new IllegalArgumentException("mean and logSigma differ in length: " + mean.length + " vs " + logSigma.length);
        }
        this.mean = mean.clone();
        this.logSigma = logSigma.clone();
    }

    /** Number of components. */
    public int dimension() {
        return mean.length;
    }

    /** One sample {@code x_j = μ_j + σ_j z_j}, z_j standard normal drawn from {@code rng} in order. */
    public double[] sample(RandomGenerator rng) {
        double[] x = new double[mean.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = mean[j] + Math.exp(logSigma[j]) * rng.nextGaussian();
        }
        return x;
    }

    /**
     * The antithetic partner of {@link #sample}: {@code x_j = μ_j - σ_j z_j} for the same draws z
     * from a generator in the same state, i.e. the sample mirrored through μ.
     */
    public double[] sampleMirrored(RandomGenerator rng) {
        double[] x = sample(rng);
        for (int j = 0; j < x.length; j++) {
            x[j] = 2 * mean[j] - x[j];
        }
        return x;
    }

    /** The log-density at {@code x}. */
    public double logDensity(double[] x) {
        double sum = 0;
        for (int j = 0; j < mean.length; j++) {
            double z = (x[j] - mean[j]) / Math.exp(logSigma[j]);
            sum += -0.5 * z * z - logSigma[j] - HALF_LOG_2PI;
        }
        return sum;
    }

    /** The gradient of {@link #logDensity} with respect to μ at {@code x}. */
    public double[] gradMean(double[] x) {
        double[] g = new double[mean.length];
        for (int j = 0; j < g.length; j++) {
            double var = Math.exp(2 * logSigma[j]);
            g[j] = (x[j] - mean[j]) / var;
        }
        return g;
    }

    /** The gradient of {@link #logDensity} with respect to log σ at {@code x}. */
    public double[] gradLogSigma(double[] x) {
        double[] g = new double[mean.length];
        for (int j = 0; j < g.length; j++) {
            double z = (x[j] - mean[j]) / Math.exp(logSigma[j]);
            g[j] = z * z - 1;
        }
        return g;
    }

    /** A copy of the mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the log standard deviations. */
    public double[] logSigma() {
        return logSigma.clone();
    }
}
