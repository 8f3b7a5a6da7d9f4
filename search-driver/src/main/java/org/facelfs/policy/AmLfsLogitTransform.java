package org.facelfs.policy;

import org.facelfs.loss.LossSpec;

/**
 * AM-LFS as its public re-implementations search it: {@code x = (α_1..α_K, β_1..β_K)} of the logit
 * transform {@code t(c) = α_j c + β_j} on K equal intervals of {@code c = cos θ_y ∈ [-1, 1]}, the
 * target logit becoming {@code s·t(cos θ_y)}. The vector, its split and its start at the identity
 * (α = 1, β = 0: plain normalised softmax) are those of τ's space ({@link SearchSpace.AmLfsTransform});
 * only the loss they parameterise differs.
 */
public record AmLfsLogitTransform(int intervals) implements SearchSpace {

    public AmLfsLogitTransform {
        new SearchSpace.AmLfsTransform(intervals); // validates K
    }

    private SearchSpace.AmLfsTransform vector() {
        return new SearchSpace.AmLfsTransform(intervals);
    }

    @Override
    public int dimension() {
        return vector().dimension();
    }

    @Override
    public double[] initialMean() {
        return vector().initialMean();
    }

    @Override
    public LossSpec toLossSpec(double[] x, double scale) {
        LossSpec.AmLfs split = (LossSpec.AmLfs) vector().toLossSpec(x, scale);
        return new LossSpec.AmLfsLogit(scale, split.alpha(), split.beta());
    }
}
