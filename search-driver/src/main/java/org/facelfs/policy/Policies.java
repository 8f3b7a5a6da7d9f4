package org.facelfs.policy;

/** Builds the policy a {@link PolicySettings} describes, at the start of a search. */
public final class Policies {

    private Policies() {
    }

    /** The policy of {@code settings.kind()}, in its initial state. */
    public static Policy create(PolicySettings s) {
        return switch (s.kind()) {
            case SEARCH_SOFTMAX -> GaussianPolicy.start(unifiedSpace(s), s.scale(), s.gaussian());
            case AM_LFS -> GaussianPolicy.start(amLfsSpace(s), s.scale(), s.gaussian());
            case ELASTICFACE_ARC, ELASTICFACE_COS -> GaussianPolicy.start(
                    new ElasticFaceSpace(s.kind() == PolicyKind.ELASTICFACE_ARC), s.scale(), s.gaussian());
            case RANDOM_SOFTMAX -> new RandomSoftmaxPolicy(s.scale(), s.space() == SpaceKind.GLOBAL ? 0 : s.bins(),
                    s.random());
            case FIXED -> new FixedPolicy(s.fixedLoss());
        };
    }

    private static SearchSpace amLfsSpace(PolicySettings s) {
        return switch (s.amLfsTransform()) {
            case LOGIT -> new AmLfsLogitTransform(s.amLfsIntervals());
            case PROBABILITY -> new SearchSpace.AmLfsTransform(s.amLfsIntervals());
        };
    }

    private static SearchSpace unifiedSpace(PolicySettings s) {
        return switch (s.space()) {
            case GLOBAL -> new SearchSpace.Global(s.mapping(), s.muInit());
            case PIECEWISE -> new SearchSpace.Piecewise(s.bins(), s.mapping(), s.muInit());
        };
    }
}
