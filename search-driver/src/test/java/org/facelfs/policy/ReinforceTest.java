package org.facelfs.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The score-function estimator is unbiased: checked against rewards whose expected-reward
 * gradient is known in closed form.
 */
class ReinforceTest {

    private static final int N = 400_000;

    @Test
    void linearRewardGivesUnitGradientOnTheMean() {
        // r(x) = x → E[r] = μ → dE/dμ = 1, dE/dlogσ = 0
        DiagonalGaussian g = new DiagonalGaussian(new double[] {0.7}, new double[] {Math.log(0.5)});
        Reinforce.Gradient grad = estimate(g, x -> x);
        assertEquals(1.0, grad.mean()[0], 0.01);
        assertEquals(0.0, grad.logSigma()[0], 0.01);
    }

    @Test
    void squaredDeviationRewardGivesTwoSigmaSquaredOnLogSigma() {
        // r(x) = (x - μ)² → E[r] = σ² = e^{2 log σ} → dE/dlogσ = 2σ² = 0.5 for σ = 0.5
        DiagonalGaussian g = new DiagonalGaussian(new double[] {-1.0}, new double[] {Math.log(0.5)});
        Reinforce.Gradient grad = estimate(g, x -> (x + 1) * (x + 1));
        assertEquals(0.5, grad.logSigma()[0], 0.01);
        assertEquals(0.0, grad.mean()[0], 0.01);
    }

    @Test
    void isTheWeightedMeanOfScoreFunctions() {
        DiagonalGaussian g = new DiagonalGaussian(new double[] {0, 1}, new double[] {0, Math.log(2)});
        List<double[]> xs = List.of(new double[] {1, 1}, new double[] {-2, 3});
        double[] w = {0.5, -1};
        Reinforce.Gradient grad = Reinforce.estimate(g, xs, w);
        // by hand: dμ = (x - μ)/σ²; dlogσ = (x-μ)²/σ² - 1
        assertArrayEquals(new double[] {(0.5 * 1 + -1 * -2) / 2, (0.5 * 0 + -1 * 2 / 4.0) / 2}, grad.mean(), 1e-15);
        assertArrayEquals(new double[] {(0.5 * 0 + -1 * 3) / 2, (0.5 * -1 + -1 * 0) / 2}, grad.logSigma(), 1e-15);
    }

    private static Reinforce.Gradient estimate(DiagonalGaussian g, java.util.function.DoubleUnaryOperator reward) {
        SplittableRandom rng = new SplittableRandom(11);
        List<double[]> xs = new ArrayList<>(N);
        double[] r = new double[N];
        for (int i = 0; i < N; i++) {
            double[] x = g.sample(rng);
            xs.add(x);
            r[i] = reward.applyAsDouble(x[0]);
        }
        return Reinforce.estimate(g, xs, r);
    }
}
