package org.facelfs.search;

import java.util.ArrayList;
import java.util.List;
import org.facelfs.config.ConfigError;
import org.facelfs.policy.AmLfsVariant;
import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.SpaceKind;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AdamSettings;
import org.facelfs.policy.FailedRewardRule;
import org.facelfs.policy.GaussianPolicy;
import org.facelfs.policy.Mapping;
import org.facelfs.policy.Policies;
import org.facelfs.policy.PolicySettings;
import org.facelfs.policy.RandomRange;
import org.facelfs.policy.RewardNormalisation;
import org.facelfs.policy.StartingLoss;
import org.facelfs.policy.StepUnits;

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
 * @param warmupLoss           {@code search.warmup-loss}: the warm-up loss; null (the default) = the loss the
 *                             search starts from ({@code Policies.warmupLoss}), as the reference code warms up
 * @param scale                {@code search.scale}: s of the searched losses (default 32, the paper's)
 * @param bins                 {@code search.bins}: K bins of p for the piecewise space (default 10)
 * @param amLfsIntervals       {@code search.am-lfs.intervals}: K intervals of AM-LFS's transform (default 6)
 * @param amLfsTransform       {@code search.am-lfs.transform}: logit (default; t on cos θ_y, as the public
 *                             re-implementations search) or probability (τ(p)); absent in states written before
 *                             the key existed, which searched τ(p)
 * @param mapping              {@code search.mapping}: sample x → factor a (default margin: x = m, a = 1 - e^{s m})
 * @param startFrom            {@code search.start-from}: the named loss μ0 of the unified spaces is taken from
 *                             (default CosFace m2 = 0.35); null = {@code muInit}
 * @param muInit               {@code search.mu-init}: μ0 of the unified spaces when {@code startFrom} is null
 *                             (AM-LFS starts at τ(p) = p)
 * @param sigma                {@code search.sigma}: initial (or fixed) σ in x-units; {@code auto} (the default)
 *                             is the space's own ({@link Policies#defaultSigma}: 0.03 of margin, 0.2 decades
 *                             under log10, ...), resolved when the settings are built, so a state records the number
 * @param learnSigma           {@code search.learn-sigma}: learn log σ too (default false)
 * @param sigmaMin             {@code search.sigma-min}: floor of a learned σ; {@code auto} (the default) = a third
 *                             of {@code sigma} ({@link Policies#defaultSigmaMin}: 0.01 of margin)
 * @param referenceRelu        {@code search.reference-relu}: reproduce the reference code's ReLU on μ (default
 *                             false; with μ0 = 0 the search never moves — for comparison only)
 * @param stepUnits            {@code search.step-units}: x or sigma (default): the unit of Adam's step on μ
 * @param adam                 {@code search.adam.*}: lr 1.2 (in step units: μ moves about 1.2 σ per update at most), beta1 0.5, beta2
 *                             0.999, epsilon 1e-8
 * @param antithetic           {@code search.antithetic}: candidates in mirrored pairs x = μ ± σz (default true)
 * @param commonRandomNumbers  {@code search.common-random-numbers}: every candidate of a searching round trains
 *                             with the same data order and augmentation (default true)
 * @param finalModel           {@code search.final-model}: last-round-best (default) or best-of-run
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
        LossSpec startFrom,
        double muInit,
        double sigma,
        boolean learnSigma,
        double sigmaMin,
        boolean referenceRelu,
        StepUnits stepUnits,
        AdamSettings adam,
        boolean antithetic,
        boolean commonRandomNumbers,
        FinalModel finalModel,
        RewardNormalisation rewardNormalisation,
        FailedRewardRule failedReward,
        RandomRange random,
        LossSpec fixedLoss,
        long seed) {

    /** The start reference.conf's {@code search.start-from = null} means: CosFace's recommended margin. */
    public static final double DEFAULT_START_MARGIN = 0.35;

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
        require(mapping != null, "search.mapping", "must be set (margin, log10 or reference)");
        if (startFrom != null && (policy == PolicyKind.SEARCH_SOFTMAX || policy == PolicyKind.RANDOM_SOFTMAX)) {
            StartingLoss.factors(startFrom, space == SpaceKind.GLOBAL ? 1 : bins, scale); // refuses a loss with no factor a
        }
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
        // states written before these keys existed hold none of them: they mean the behaviour of then
        if (stepUnits == null) {
            stepUnits = StepUnits.X;
        }
        if (finalModel == null) {
            finalModel = FinalModel.LAST_ROUND_BEST;
        }
    }

    /** Settings that run but are likely not what was meant, one sentence each naming the keys. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (policy != PolicyKind.FIXED && warmupRounds >= rounds) {
            out.add(("search.warmup-rounds = %d is not below search.rounds = %d: every round is a warm-up round, so "
                    + "this %s run never samples or updates a loss (lower search.warmup-rounds, or raise search.rounds; "
                    + "for a hand-crafted loss use search.policy = fixed)").formatted(warmupRounds, rounds, policy.key()));
        }
        return out;
    }

    /** The part of these settings that builds the policy. */
    public PolicySettings policySettings() {
        return new PolicySettings(policy, space, scale, bins, amLfsIntervals, amLfsTransform, mapping, startFrom, muInit,
                new GaussianPolicy.Options(sigma, learnSigma, sigmaMin, referenceRelu, adam, stepUnits), random,
                fixedLoss, warmupLoss);
    }

    /** Whether {@code round} (0-based) is a warm-up round: fixed warm-up loss, no policy update. */
    public boolean isWarmup(int round) {
        return policy != PolicyKind.FIXED && round < warmupRounds;
    }

    /** The number of candidates proposed in {@code round}. */
    public int candidatesIn(int round) {
        return isWarmup(round) ? warmupCandidates : candidates;
    }

    /** An empty builder: every setting but σ and σ-min (auto) must be given (the defaults are reference.conf's). */
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
        private boolean softmaxWarmup;
        private LossSpec startFrom;
        private double muInit;
        private Double sigma; // null = auto
        private boolean learnSigma;
        private Double sigmaMin; // null = auto
        private boolean referenceRelu;
        private StepUnits stepUnits;
        private AdamSettings adam;
        private boolean antithetic;
        private boolean commonRandomNumbers;
        private FinalModel finalModel;
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
            startFrom = s.startFrom;
            muInit = s.muInit;
            sigma = s.sigma;
            learnSigma = s.learnSigma;
            sigmaMin = s.sigmaMin;
            referenceRelu = s.referenceRelu;
            stepUnits = s.stepUnits;
            adam = s.adam;
            antithetic = s.antithetic;
            commonRandomNumbers = s.commonRandomNumbers;
            finalModel = s.finalModel;
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
        /** Unset or null (the default) means the loss the search starts from. */
        public Builder warmupLoss(LossSpec v) { warmupLoss = v; return this; }
        public Builder scale(double v) { scale = v; return this; }
        public Builder bins(int v) { bins = v; return this; }
        public Builder amLfsIntervals(int v) { amLfsIntervals = v; return this; }
        public Builder amLfsTransform(AmLfsVariant v) { amLfsTransform = v; return this; }
        public Builder mapping(Mapping v) { mapping = v; return this; }
        /** Null means start at {@code muInit}; reference.conf's null is CosFace m2 = {@value #DEFAULT_START_MARGIN}. */
        public Builder startFrom(LossSpec v) { startFrom = v; return this; }
        public Builder muInit(double v) { muInit = v; return this; }
        public Builder sigma(double v) { sigma = v; return this; }
        /** {@code search.sigma = auto} (also the state of an empty builder): the space's σ, resolved in {@link #build()}. */
        public Builder autoSigma() { sigma = null; return this; }
        public Builder learnSigma(boolean v) { learnSigma = v; return this; }
        public Builder sigmaMin(double v) { sigmaMin = v; return this; }
        /** {@code search.sigma-min = auto}: a third of σ. */
        public Builder autoSigmaMin() { sigmaMin = null; return this; }
        public Builder referenceRelu(boolean v) { referenceRelu = v; return this; }
        public Builder stepUnits(StepUnits v) { stepUnits = v; return this; }
        public Builder adam(AdamSettings v) { adam = v; return this; }
        public Builder antithetic(boolean v) { antithetic = v; return this; }
        public Builder commonRandomNumbers(boolean v) { commonRandomNumbers = v; return this; }
        public Builder finalModel(FinalModel v) { finalModel = v; return this; }
        public Builder rewardNormalisation(RewardNormalisation v) { rewardNormalisation = v; return this; }
        public Builder failedReward(FailedRewardRule v) { failedReward = v; return this; }
        public Builder random(RandomRange v) { random = v; return this; }
        public Builder fixedLoss(LossSpec v) { fixedLoss = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        /**
         * The search defaults before the search space was given meaningful units (issue 15): a =
         * -10^x from μ0 = 0 (a = -1), σ 0.2 decades (floor 0.01), Adam lr 0.05 in x-units, independent samples,
         * per-candidate data order, softmax warm-up. Earlier runs' settings, for comparison.
         */
        public Builder legacySearchDefaults() {
            mapping = Mapping.LOG10;
            startFrom(null);
            muInit = 0;
            sigma = 0.2;
            sigmaMin = 0.01;
            stepUnits = StepUnits.X;
            adam = AdamSettings.REFERENCE;
            antithetic = false;
            commonRandomNumbers = false;
            softmaxWarmup = true;
            return this;
        }

        /** The validated settings; throws {@link IllegalArgumentException} naming the offending key. */
        public SearchSettings build() {
            // auto needs the policy and mapping; without them the constructor names those keys first
            double sigma = this.sigma != null ? this.sigma
                    : policy == null || mapping == null ? Double.NaN : Policies.defaultSigma(policy, mapping);
            double sigmaMin = this.sigmaMin != null ? this.sigmaMin : Policies.defaultSigmaMin(sigma);
            return new SearchSettings(policy, space, candidates, rounds, warmupRounds,
                    warmupCandidates == null || warmupCandidates == 0 ? candidates : warmupCandidates,
                    warmupLoss == null && softmaxWarmup ? new LossSpec.Softmax(scale) : warmupLoss, scale, bins,
                    amLfsIntervals, amLfsTransform, mapping, startFrom, muInit, sigma, learnSigma, sigmaMin,
                    referenceRelu, stepUnits, adam, antithetic, commonRandomNumbers, finalModel, rewardNormalisation,
                    failedReward, random, fixedLoss, seed);
        }
    }
}
