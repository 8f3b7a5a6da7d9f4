package org.facelfs.policy;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.DoubleStream;
import org.facelfs.loss.LossSpec;

/**
 * Random-Softmax (Search-Softmax paper, Table 5): every round each candidate draws its factor(s)
 * {@code a} afresh from a fixed range; nothing is learned, and only the best-of-M weight
 * selection remains. With {@code bins = 0} one global factor, otherwise one factor per bin of p.
 */
public record RandomSoftmaxPolicy(double scale, int bins, RandomRange range) implements Policy {

    public RandomSoftmaxPolicy {
        if (bins < 0) {
            throw new IllegalArgumentException("search.bins must be >= 0 for random-softmax (0 = global), got " + bins);
        }
        if (range == null) {
            throw new IllegalArgumentException("search.random must be set for random-softmax");
        }
    }

    /** The sample is the drawn factors themselves. */
    @Override
    public Proposal propose(RandomGenerator rng) {
        List<Double> a = DoubleStream.generate(() -> range.draw(rng)).limit(Math.max(1, bins)).boxed().toList();
        LossSpec spec = bins == 0 ? new LossSpec.UnifiedGlobal(scale, a.get(0)) : new LossSpec.UnifiedPiecewise(scale, a);
        return new Proposal(spec, a);
    }

    @Override
    public boolean learns() {
        return false;
    }

    @Override
    public RandomSoftmaxPolicy learn(List<List<Double>> samples, double[] normalisedRewards) {
        return this;
    }

    @Override
    public PolicyState state() {
        return PolicyState.NONE;
    }

    @Override
    public RandomSoftmaxPolicy withState(PolicyState state) {
        return this;
    }
}
