package org.facelfs.policy;

import java.util.Arrays;
import org.facelfs.loss.LossSpec;

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

    /**
     * σ when {@code search.sigma = auto}: the default of the space the policy samples, in its
     * x-units (docs/search.md, "σ per space"). Random-Softmax and the fixed policy sample no
     * Gaussian; they get the mapping's value, which nothing reads.
     */
    public static double defaultSigma(PolicyKind kind, Mapping mapping) {
        return switch (kind) {
            case SEARCH_SOFTMAX, RANDOM_SOFTMAX, FIXED -> mapping.defaultSigma();
            case AM_LFS -> SearchSpace.AmLfsTransform.DEFAULT_SIGMA;
            case ELASTICFACE_ARC, ELASTICFACE_COS -> ElasticFaceSpace.DEFAULT_SIGMA;
        };
    }

    /**
     * The floor of a learned σ when {@code search.sigma-min = auto}: a third of the initial σ, in
     * the same x-units (0.01 of margin for the margin space's 0.03), so every space may shrink its
     * exploration by the same factor.
     */
    public static double defaultSigmaMin(double sigma) {
        return sigma / 3;
    }

    /**
     * The loss of the warm-up rounds: {@code search.warmup-loss} when set, else the loss the
     * search starts from (the loss at μ0 for the Gaussian policies; {@code search.start-from},
     * or softmax without one, for Random-Softmax; the fixed loss for the fixed policy).
     */
    public static LossSpec warmupLoss(PolicySettings s) {
        if (s.warmupLoss() != null) {
            return s.warmupLoss();
        }
        Policy policy = create(s);
        if (policy instanceof GaussianPolicy g) {
            return g.startLoss();
        }
        if (s.kind() == PolicyKind.FIXED) {
            return s.fixedLoss();
        }
        return s.startFrom() != null ? s.startFrom() : new LossSpec.Softmax(s.scale());
    }

    private static SearchSpace amLfsSpace(PolicySettings s) {
        return switch (s.amLfsTransform()) {
            case LOGIT -> new AmLfsLogitTransform(s.amLfsIntervals());
            case PROBABILITY -> new SearchSpace.AmLfsTransform(s.amLfsIntervals());
        };
    }

    private static SearchSpace unifiedSpace(PolicySettings s) {
        int bins = s.space() == SpaceKind.GLOBAL ? 1 : s.bins();
        double[] start = s.startFrom() == null ? null : StartingLoss.mean(s.startFrom(), bins, s.mapping(), s.scale());
        return switch (s.space()) {
            case GLOBAL -> new SearchSpace.Global(s.mapping(), start == null ? s.muInit() : start[0]);
            case PIECEWISE -> start == null ? new SearchSpace.Piecewise(s.bins(), s.mapping(), s.muInit())
                    : new SearchSpace.Piecewise(s.bins(), s.mapping(), Arrays.stream(start).boxed().toList());
        };
    }
}
