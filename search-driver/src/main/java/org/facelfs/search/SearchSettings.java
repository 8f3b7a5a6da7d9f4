package org.facelfs.search;

import org.facelfs.policy.AmLfsVariant;
import org.facelfs.config.ConfigError;
import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.SpaceKind;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AdamSettings;
import org.facelfs.policy.FailedRewardRule;
import org.facelfs.policy.GaussianPolicy;
import org.facelfs.policy.Mapping;
import org.facelfs.policy.PolicySettings;
import org.facelfs.policy.RandomRange;
import org.facelfs.policy.RewardNormalisation;

/**
 * Everything the search controller is configured with. Each component corresponds to one
 * configuration key (a bad value is a {@code ConfigError} carrying its key, e.g.
 * {@code search.candidates}); the defaults are only in search-driver's reference.conf, read by
 * {@code SearchSettingsReader}. Settings are saved inside the controller's state,
 * so a resumed search cannot silently change them.
 *
 * @param policy               {@code search.policy}: search-softmax (default), random-softmax, am-lfs,
 *                             elasticface-arc, elasticface-cos, fixed
 * @param space                {@code search.space}: global (default) or piecewise, for search- and random-softmax
 * @param candidates           {@code search.candidates}: M, candidates per round (default 4)
 * @param rounds               {@code search.rounds}: T, rounds (epochs) of the search (default 20)
 * @param warmupRounds         {@code search.warmup-rounds}: first rounds trained with {@code warmupLoss} and no
 *                             policy update (default 2, the reference code's "search from epoch 3");
 *                             not applied to the fixed policy
 * @param warmupCandidates     {@code search.warmup-candidates}: candidates per warm-up round (default M: copies
 *                             of the warm-up loss with different seeds, best of M kept as in the search)
 * @param warmupLoss           {@code search.warmup-loss}: the warm-up loss (default normalised softmax at {@code scale})
 * @param scale                {@code search.scale}: s of the searched losses (default 32, the paper's)
 * @param bins                 {@code search.bins}: K bins of p for the piecewise space (default 10)
 * @param amLfsIntervals       {@code search.am-lfs.intervals}: K intervals of AM-LFS's transform (default 6)
 * @param amLfsTransform       {@code search.am-lfs.transform}: logit (default; t on cos θ_y, as the public
 *                             re-implementations search) or probability (τ(p)); absent in states written before
 *                             the key existed, which searched τ(p)
 * @param mapping              {@code search.mapping}: sample x → factor a (default log10: a = -10^x)
 * @param muInit               {@code search.mu-init}: μ0 of the unified spaces (default 0; AM-LFS starts at τ(p) = p)
 * @param sigma                {@code search.sigma}: initial (or fixed) σ (default 0.2, the reference's)
 * @param learnSigma           {@code search.learn-sigma}: learn log σ too (default false)
 * @param sigmaMin             {@code search.sigma-min}: floor of a learned σ (default 0.01)
 * @param referenceRelu        {@code search.reference-relu}: reproduce the reference code's ReLU on μ (default
 *                             false; with μ0 = 0 the search never moves — for comparison only)
 * @param adam                 {@code search.adam.*}: lr 0.05, beta1 0.5, beta2 0.999, epsilon 1e-8
 * @param rewardNormalisation  {@code search.reward-normalisation}: std (default) or range
 * @param failedReward         {@code search.failed-reward}: round-min (default) or a fixed value
 * @param random               {@code search.random.*}: Random-Softmax's range of |a| (default log-uniform [1, 1e4])
 * @param fixedLoss            {@code search.fixed-loss}: the loss of the fixed policy (required for it, else null)
 * @param seed                 {@code search.seed}: the seed every sample and candidate seed derive from
 */
public record SearchSettings(
        PolicyKind policy,
        SpaceKind space,
        int candidates,
        int rounds,
        int warmupRounds,
        int warmupCandidates,
        LossSpec warmupLoss,
        double scale,
        int bins,
        int amLfsIntervals,
        AmLfsVariant amLfsTransform,
        Mapping mapping,
        double muInit,
        double sigma,
        boolean learnSigma,
        double sigmaMin,
        boolean referenceRelu,
        AdamSettings adam,
        RewardNormalisation rewardNormalisation,
        FailedRewardRule failedReward,
        RandomRange random,
        LossSpec fixedLoss,
        long seed) {

    public SearchSettings {
        require(policy != null, "search.policy",
                "must be one of search-softmax, random-softmax, am-lfs, elasticface-arc, elasticface-cos, fixed");
        require(space != null, "search.space", "must be global or piecewise");
        require(candidates >= 1, "search.candidates", "must be >= 1, got " + candidates);
        require(rounds >= 1, "search.rounds", "must be >= 1, got " + rounds);
        require(warmupRounds >= 0, "search.warmup-rounds", "must be >= 0, got " + warmupRounds);
        require(warmupCandidates >= 1, "search.warmup-candidates", "must be >= 1, got " + warmupCandidates);
        require(scale > 0 && Double.isFinite(scale), "search.scale", "must be a finite number > 0, got " + scale);
        require(bins >= 1, "search.bins", "must be >= 1, got " + bins);
        require(amLfsIntervals >= 1, "search.am-lfs.intervals", "must be >= 1, got " + amLfsIntervals);
        if (amLfsTransform == null) {
            amLfsTransform = AmLfsVariant.PROBABILITY; // a state.json from before the key: those runs searched τ(p)
        }
        require(mapping != null, "search.mapping", "must be set (reference or log10)");
        require(Double.isFinite(muInit), "search.mu-init", "must be a finite number, got " + muInit);
        require(sigma > 0 && Double.isFinite(sigma), "search.sigma", "must be a finite number > 0, got " + sigma);
        require(sigmaMin > 0 && sigmaMin <= sigma, "search.sigma-min",
                "must be > 0 and <= search.sigma (" + sigma + "), got " + sigmaMin);
        require(adam != null, "search.adam", "must be set");
        require(rewardNormalisation != null, "search.reward-normalisation", "must be std or range");
        require(failedReward != null, "search.failed-reward", "must be round-min or fixed");
        require(random != null, "search.random", "must be set");
        require(policy != PolicyKind.FIXED || fixedLoss != null, "search.fixed-loss",
                "is required when search.policy = fixed");
        if (warmupLoss == null) {
            warmupLoss = new LossSpec.Softmax(scale);
        }
    }

    /** The part of these settings that builds the policy. */
    public PolicySettings policySettings() {
        return new PolicySettings(policy, space, scale, bins, amLfsIntervals, amLfsTransform, mapping, muInit,
                new GaussianPolicy.Options(sigma, learnSigma, sigmaMin, referenceRelu, adam), random, fixedLoss);
    }

    /** Whether {@code round} (0-based) is a warm-up round: fixed warm-up loss, no policy update. */
    public boolean isWarmup(int round) {
        return policy != PolicyKind.FIXED && round < warmupRounds;
    }

    /** The number of candidates proposed in {@code round}. */
    public int candidatesIn(int round) {
        return isWarmup(round) ? warmupCandidates : candidates;
    }

    /** An empty builder: every setting must be given (the defaults are reference.conf's). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigError(key, problem);
        }
    }

    /** Mutable builder for {@link SearchSettings}; {@link #build()} validates. */
    public static final class Builder {
        private PolicyKind policy;
        private SpaceKind space;
        private int candidates;
        private int rounds;
        private int warmupRounds;
        private Integer warmupCandidates;
        private LossSpec warmupLoss;
        private double scale;
        private int bins;
        private int amLfsIntervals;
        private AmLfsVariant amLfsTransform;
        private Mapping mapping;
        private double muInit;
        private double sigma;
        private boolean learnSigma;
        private double sigmaMin;
        private boolean referenceRelu;
        private AdamSettings adam;
        private RewardNormalisation rewardNormalisation;
        private FailedRewardRule failedReward;
        private RandomRange random;
        private LossSpec fixedLoss;
        private long seed;

        private Builder() {
        }

        private Builder(SearchSettings s) {
            policy = s.policy;
            space = s.space;
            candidates = s.candidates;
            rounds = s.rounds;
            warmupRounds = s.warmupRounds;
            warmupCandidates = s.warmupCandidates;
            warmupLoss = s.warmupLoss;
            scale = s.scale;
            bins = s.bins;
            amLfsIntervals = s.amLfsIntervals;
            amLfsTransform = s.amLfsTransform;
            mapping = s.mapping;
            muInit = s.muInit;
            sigma = s.sigma;
            learnSigma = s.learnSigma;
            sigmaMin = s.sigmaMin;
            referenceRelu = s.referenceRelu;
            adam = s.adam;
            rewardNormalisation = s.rewardNormalisation;
            failedReward = s.failedReward;
            random = s.random;
            fixedLoss = s.fixedLoss;
            seed = s.seed;
        }

        public Builder policy(PolicyKind v) { policy = v; return this; }
        public Builder space(SpaceKind v) { space = v; return this; }
        public Builder candidates(int v) { candidates = v; return this; }
        public Builder rounds(int v) { rounds = v; return this; }
        public Builder warmupRounds(int v) { warmupRounds = v; return this; }
        /** Unset or 0 means the same as {@code candidates}. */
        public Builder warmupCandidates(int v) { warmupCandidates = v; return this; }
        /** Unset (the default) means normalised softmax at {@code scale}. */
        public Builder warmupLoss(LossSpec v) { warmupLoss = v; return this; }
        public Builder scale(double v) { scale = v; return this; }
        public Builder bins(int v) { bins = v; return this; }
        public Builder amLfsIntervals(int v) { amLfsIntervals = v; return this; }
        public Builder amLfsTransform(AmLfsVariant v) { amLfsTransform = v; return this; }
        public Builder mapping(Mapping v) { mapping = v; return this; }
        public Builder muInit(double v) { muInit = v; return this; }
        public Builder sigma(double v) { sigma = v; return this; }
        public Builder learnSigma(boolean v) { learnSigma = v; return this; }
        public Builder sigmaMin(double v) { sigmaMin = v; return this; }
        public Builder referenceRelu(boolean v) { referenceRelu = v; return this; }
        public Builder adam(AdamSettings v) { adam = v; return this; }
        public Builder rewardNormalisation(RewardNormalisation v) { rewardNormalisation = v; return this; }
        public Builder failedReward(FailedRewardRule v) { failedReward = v; return this; }
        public Builder random(RandomRange v) { random = v; return this; }
        public Builder fixedLoss(LossSpec v) { fixedLoss = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        /** The validated settings; throws {@link IllegalArgumentException} naming the offending key. */
        public SearchSettings build() {
            return new SearchSettings(policy, space, candidates, rounds, warmupRounds,
                    warmupCandidates == null || warmupCandidates == 0 ? candidates : warmupCandidates, warmupLoss, scale,
                    bins, amLfsIntervals, amLfsTransform, mapping, muInit, sigma, learnSigma, sigmaMin, referenceRelu, adam,
                    rewardNormalisation,
                    failedReward, random, fixedLoss, seed);
        }
    }
}
