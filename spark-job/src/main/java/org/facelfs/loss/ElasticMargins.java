package org.facelfs.loss;

import java.util.SplittableRandom;

/**
 * ElasticFace's per-sample margins {@code m_i ~ N(m, σ_m)}, drawn afresh every training step as
 * the official code does, but from a generator seeded by the spec's seed and the network's
 * iteration count: the same step draws the same margins (so a score after a backward pass, a
 * gradient check and a resumed run see the margins the step used), the next step new ones.
 * Row i of the batch takes the i-th draw.
 */
public final class ElasticMargins {

    private ElasticMargins() {
    }

    /** The margins of the {@code n} rows of the batch of step {@code iteration}. */
    public static double[] draw(double mean, double sigma, long seed, long iteration, int n) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + iteration);
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = sigma == 0 ? mean : mean + sigma * rng.nextGaussian();
        }
        return m;
    }
}
