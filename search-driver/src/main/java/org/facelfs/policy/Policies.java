package org.facelfs.policy;

import org.facelfs.search.SearchSettings;
import org.facelfs.policy.FixedPolicy;
import org.facelfs.policy.GaussianPolicy;
import org.facelfs.policy.Policy;
import org.facelfs.policy.RandomSoftmaxPolicy;
import org.facelfs.policy.SearchSpace;

/** Builds the policy a {@link SearchSettings} describes, at the start of a search. */
public final class Policies {

    private Policies() {
    }

    /** The policy of {@code settings.policy()}, in its initial state. */
    public static Policy create(SearchSettings s) {
        return switch (s.policy()) {
            case SEARCH_SOFTMAX -> GaussianPolicy.start(unifiedSpace(s), s.scale(), gaussianOptions(s));
            case AM_LFS -> GaussianPolicy.start(new SearchSpace.AmLfsTransform(s.amLfsIntervals()), s.scale(),
                    gaussianOptions(s));
            case RANDOM_SOFTMAX -> new RandomSoftmaxPolicy(s.scale(), s.space() == SpaceKind.GLOBAL ? 0 : s.bins(),
                    s.random());
            case FIXED -> new FixedPolicy(s.fixedLoss());
        };
    }

    private static SearchSpace unifiedSpace(SearchSettings s) {
        return switch (s.space()) {
            case GLOBAL -> new SearchSpace.Global(s.mapping(), s.muInit());
            case PIECEWISE -> new SearchSpace.Piecewise(s.bins(), s.mapping(), s.muInit());
        };
    }

    private static GaussianPolicy.Options gaussianOptions(SearchSettings s) {
        return new GaussianPolicy.Options(s.sigma(), s.learnSigma(), s.sigmaMin(), s.referenceRelu(), s.adam());
    }
}
