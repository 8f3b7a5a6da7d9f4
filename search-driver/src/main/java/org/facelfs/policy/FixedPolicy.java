package org.facelfs.policy;

import java.util.List;
import java.util.random.RandomGenerator;
import org.facelfs.loss.LossSpec;

/**
 * One given loss for every candidate and round: the baselines (softmax, SphereFace, CosFace,
 * ArcFace, combined) and the warm-up rounds. With M &gt; 1 the candidates differ only in their
 * seeds, which makes "best of M models with a hand-crafted loss" a control for the search.
 */
public record FixedPolicy(LossSpec spec) implements Policy {

    public FixedPolicy {
        if (spec == null) {
            throw new IllegalArgumentException("search.fixed-loss must be set for a fixed policy");
        }
    }

    @Override
    public Proposal propose(RandomGenerator rng) {
        return new Proposal(spec, List.of());
    }

    @Override
    public boolean learns() {
        return false;
    }

    @Override
    public FixedPolicy learn(List<List<Double>> samples, double[] normalisedRewards) {
        return this;
    }

    @Override
    public PolicyState state() {
        return PolicyState.NONE;
    }

    @Override
    public FixedPolicy withState(PolicyState state) {
        return this;
    }
}
