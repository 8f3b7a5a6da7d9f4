package org.facelfs.policy;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A way of choosing the losses of a round's candidates and of learning from their rewards
 * (DESIGN.md §1.2–1.3). Immutable: {@link #learn} returns the updated policy, so a state
 * captured before an update stays valid and comparable.
 */
public sealed interface Policy permits GaussianPolicy, RandomSoftmaxPolicy, FixedPolicy {

    /** One candidate's loss, drawing whatever randomness it needs from {@code rng} only. */
    Proposal propose(RandomGenerator rng);

    /** Whether {@link #learn} can change anything; false for Random-Softmax and Fixed. */
    boolean learns();

    /**
     * The policy after one update from a round's samples (as proposed) and their normalised
     * rewards, in the same order.
     */
    Policy learn(List<List<Double>> samples, double[] normalisedRewards);

    /** What this policy has learned, for the saved state. */
    PolicyState state();

    /** This policy with a saved state put back (the inverse of {@link #state()}). */
    Policy withState(PolicyState state);
}
