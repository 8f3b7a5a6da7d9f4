package org.facelfs.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sampling statistics and the analytic log-density gradients REINFORCE relies on. */
class DiagonalGaussianTest {

    private final DiagonalGaussian g = new DiagonalGaussian(new double[] {0.0, 2.0, -1.5}, new double[] {
        Math.log(0.2), Math.log(1.0), Math.log(3.0)});

    @Test
    void samplesHaveTheMeanAndStandardDeviationAsked() {
        int n = 200_000;
        double[] mean = {0.0, 2.0, -1.5};
        double[] sigma = {0.2, 1.0, 3.0};
        double[] sum = new double[3];
        double[] sumSq = new double[3];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            double[] x = g.sample(rng);
            for (int j = 0; j < 3; j++) {
                sum[j] += x[j];
                sumSq[j] += x[j] * x[j];
            }
        }
        for (int j = 0; j < 3; j++) {
            double m = sum[j] / n;
            double sd = Math.sqrt(sumSq[j] / n - m * m);
            // standard errors: σ/√n for the mean, σ/√(2n) for the sd; allow 5 of them
            assertEquals(mean[j], m, 5 * sigma[j] / Math.sqrt(n), "mean of component " + j);
            assertEquals(sigma[j], sd, 5 * sigma[j] / Math.sqrt(2.0 * n), "sd of component " + j);
        }
    }

    @Test
    void logDensityMatchesTheTextbookFormula() {
        double[] x = {0.1, 1.0, 2.0};
        double expected = 0;
        double[] mean = {0.0, 2.0, -1.5};
        double[] sigma = {0.2, 1.0, 3.0};
        for (int j = 0; j < 3; j++) {
            expected += Math.log(Math.exp(-Math.pow(x[j] - mean[j], 2) / (2 * sigma[j] * sigma[j]))
                    / (sigma[j] * Math.sqrt(2 * Math.PI)));
        }
        assertEquals(expected, g.logDensity(x), 1e-12);
    }

    @Test
    void analyticGradientsMatchCentralFiniteDifferences() {
        double[] mean = {0.0, 2.0, -1.5};
        double[] logSigma = {Math.log(0.2), 0.0, Math.log(3.0)};
        double[] x = {0.13, 0.4, 2.5};
        double[] gMean = g.gradMean(x);
        double[] gLogSigma = g.gradLogSigma(x);
        double h = 1e-6;
        for (int j = 0; j < 3; j++) {
            double[] up = mean.clone();
            double[] down = mean.clone();
            up[j] += h;
            down[j] -= h;
            double fd = (new DiagonalGaussian(up, logSigma).logDensity(x) - new DiagonalGaussian(down, logSigma).logDensity(x))
                    / (2 * h);
            assertEquals(fd, gMean[j], 1e-6 * Math.max(1, Math.abs(fd)), "d/dμ_" + j);

            double[] lsUp = logSigma.clone();
            double[] lsDown = logSigma.clone();
            lsUp[j] += h;
            lsDown[j] -= h;
            double fdS = (new DiagonalGaussian(mean, lsUp).logDensity(x) - new DiagonalGaussian(mean, lsDown).logDensity(x))
                    / (2 * h);
            assertEquals(fdS, gLogSigma[j], 1e-6 * Math.max(1, Math.abs(fdS)), "d/dlogσ_" + j);
        }
    }
}
