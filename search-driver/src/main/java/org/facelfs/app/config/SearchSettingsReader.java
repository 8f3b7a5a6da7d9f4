package org.facelfs.app.config;

import org.facelfs.config.ConfigReader;
import org.facelfs.config.ConfigError;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AdamSettings;
import org.facelfs.policy.FailedRewardRule;
import org.facelfs.policy.Mapping;
import org.facelfs.policy.RandomRange;
import org.facelfs.policy.RewardNormalisation;
import org.facelfs.policy.AmLfsVariant;
import org.facelfs.policy.PolicyKind;
import org.facelfs.search.SearchSettings;
import org.facelfs.policy.SpaceKind;

/** Maps the {@code search} section of the configuration onto {@link SearchSettings}. */
public final class SearchSettingsReader {

    private SearchSettingsReader() {
    }

    /** The validated {@code search} settings. */
    public static SearchSettings read(ConfigReader root) {
        return builder(root).build();
    }

    /** A builder holding the {@code search} section's values (for callers that change some first). */
    public static SearchSettings.Builder builder(ConfigReader root) {
        ConfigReader s = root.section("search");
        int candidates = s.intAtLeast("candidates", 1);
        int warmupCandidates = s.intAtLeast("warmup-candidates", 0);
        LossSpec fixed = LossSpecReader.read(s, "fixed-loss");
        PolicyKind policy = s.choice("policy", PolicyKind.class);
        if (policy == PolicyKind.FIXED && fixed == null) {
            throw new ConfigError(s.key("fixed-loss"), "is required when search.policy = fixed, e.g. "
                    + "{ type = cosface, scale = 32, cosine-margin = 0.35 }");
        }
        return SearchSettings.builder()
                .policy(policy)
                .space(s.choice("space", SpaceKind.class))
                .candidates(candidates)
                .rounds(s.intAtLeast("rounds", 1))
                .warmupRounds(s.intAtLeast("warmup-rounds", 0))
                .warmupCandidates(warmupCandidates)
                .scale(s.positive("scale"))
                .bins(s.intAtLeast("bins", 1))
                .amLfsIntervals(s.intAtLeast("am-lfs.intervals", 1))
                .amLfsTransform(s.choice("am-lfs.transform", AmLfsVariant.class))
                .mapping(s.choice("mapping", Mapping.class))
                .muInit(s.number("mu-init"))
                .sigma(s.positive("sigma"))
                .learnSigma(s.bool("learn-sigma"))
                .sigmaMin(s.positive("sigma-min"))
                .referenceRelu(s.bool("reference-relu"))
                .adam(s.build("adam", a -> new AdamSettings(a.positive("lr"), a.inRange("beta1", 0, 0.999999),
                        a.inRange("beta2", 0, 0.999999999), a.positive("epsilon"))))
                .rewardNormalisation(s.choice("reward-normalisation", RewardNormalisation.class))
                .failedReward(failedReward(s))
                .random(s.build("random", r -> new RandomRange(r.positive("min-abs-a"), r.positive("max-abs-a"),
                        r.bool("log-uniform"))))
                .fixedLoss(fixed)
                .seed(s.longValue("seed"))
                .warmupLoss(LossSpecReader.read(s, "warmup-loss"));
    }

    private static FailedRewardRule failedReward(ConfigReader s) {
        FailedRewardRule.Kind kind = s.choice("failed-reward", FailedRewardRule.Kind.class);
        return kind == FailedRewardRule.Kind.FIXED ? FailedRewardRule.fixed(s.number("failed-reward-value"))
                : FailedRewardRule.ROUND_MIN;
    }
}
