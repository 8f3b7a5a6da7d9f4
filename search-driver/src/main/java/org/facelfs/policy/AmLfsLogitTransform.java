package org.facelfs.policy;

import java.util.Arrays;
import java.util.List;
import org.facelfs.loss.LossSpec;

/**
 * AM-LFS as its public re-implementations search it: {@code x = (α_1..α_K, β_1..β_K)} of the logit
 * transform {@code t(c) = α_j c + β_j} on K equal intervals of {@code c = cos θ_y ∈ [-1, 1]}, the
 * target logit becoming {@code s·t(cos θ_y)}. It starts at the identity t(c) = c (α = 1, β = 0),
 * plain normalised softmax, and is sampled and learned like every Gaussian space.
 */
public record AmLfsLogitTransform(int intervals) implements SearchSpace {

    public AmLfsLogitTransform {
        if (intervals < 1) {
            throw new IllegalArgumentException("search.am-lfs.intervals must be >= 1, got " + intervals);
        }
    }

    @Override
    public int dimension() {
        return 2 * intervals;
    }

    @Override
    public double[] initialMean() {
        double[] mu = new double[2 * intervals];
        Arrays.fill(mu, 0, intervals, 1.0);
        return mu;
    }

    @Override
    public LossSpec toLossSpec(double[] x, double scale) {
        List<Double> alpha = Arrays.stream(x, 0, intervals).boxed().toList();
        List<Double> beta = Arrays.stream(x, intervals, 2 * intervals).boxed().toList();
        return new LossSpec.AmLfsLogit(scale, alpha, beta);
    }
}
