package org.facelfs.app.config;

import com.typesafe.config.ConfigValueType;
import org.facelfs.config.ConfigError;
import org.facelfs.config.ConfigReader;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AdamSettings;
import org.facelfs.policy.FailedRewardRule;
import org.facelfs.policy.Mapping;
import org.facelfs.policy.RandomRange;
import org.facelfs.policy.RewardNormalisation;
import org.facelfs.policy.StepUnits;
import org.facelfs.search.FinalModel;
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
        double scale = s.positive("scale");
        SearchSettings.Builder b = SearchSettings.builder()
                .policy(policy)
                .space(s.choice("space", SpaceKind.class))
                .candidates(candidates)
                .rounds(s.intAtLeast("rounds", 1))
                .warmupRounds(s.intAtLeast("warmup-rounds", 0))
                .warmupCandidates(warmupCandidates)
                .scale(scale)
                .bins(s.intAtLeast("bins", 1))
                .amLfsIntervals(s.intAtLeast("am-lfs.intervals", 1))
                .amLfsTransform(s.choice("am-lfs.transform", AmLfsVariant.class))
                .mapping(s.choice("mapping", Mapping.class))
                .startFrom(startFrom(s, scale))
                .muInit(s.number("mu-init"))
                .learnSigma(s.bool("learn-sigma"))
                .referenceRelu(s.bool("reference-relu"))
                .stepUnits(s.choice("step-units", StepUnits.class))
                .antithetic(s.bool("antithetic"))
                .commonRandomNumbers(s.bool("common-random-numbers"))
                .finalModel(s.choice("final-model", FinalModel.class))
                .adam(s.build("adam", a -> new AdamSettings(a.positive("lr"), a.inRange("beta1", 0, 0.999999),
                        a.inRange("beta2", 0, 0.999999999), a.positive("epsilon"))))
                .rewardNormalisation(s.choice("reward-normalisation", RewardNormalisation.class))
                .failedReward(failedReward(s))
                .random(s.build("random", r -> new RandomRange(r.positive("min-abs-a"), r.positive("max-abs-a"),
                        r.bool("log-uniform"))))
                .fixedLoss(fixed)
                .seed(s.longValue("seed"))
                .warmupLoss(warmupLoss(s, scale));
        Double sigma = autoOrPositive(s, "sigma", "the space's own σ, docs/search.md");
        Double sigmaMin = autoOrPositive(s, "sigma-min", "a third of search.sigma");
        b = sigma == null ? b.autoSigma() : b.sigma(sigma);
        return sigmaMin == null ? b.autoSigmaMin() : b.sigmaMin(sigmaMin);
    }

    /** The word {@code auto} (null here) or a finite number > 0 (a quoted number too, as HOCON reads it). */
    private static Double autoOrPositive(ConfigReader s, String key, String autoMeans) {
        boolean word = s.raw().getValue(key).valueType() == ConfigValueType.STRING;
        if (word && s.string(key).equals("auto")) {
            return null;
        }
        try {
            return s.positive(key);
        } catch (ConfigError e) {
            if (word) {
                throw new ConfigError(s.key(key), "must be auto (" + autoMeans + ") or a number > 0; got '"
                        + s.string(key) + "'");
            }
            throw e;
        }
    }

    /** {@code start} (the default) = the loss the search starts from (null here); null = softmax; else a loss object. */
    private static LossSpec warmupLoss(ConfigReader s, double scale) {
        return lossOrWord(s, "warmup-loss", scale, new LossSpec.Softmax(scale), "start",
                "start (the loss the search starts from), null (softmax)");
    }

    /** null (the default) = CosFace m2 = 0.35; {@code mu-init} = start at search.mu-init (null here); else a loss object. */
    private static LossSpec startFrom(ConfigReader s, double scale) {
        return lossOrWord(s, "start-from", scale, new LossSpec.CosFace(scale, SearchSettings.DEFAULT_START_MARGIN),
                "mu-init", "null (CosFace m2 = 0.35), mu-init (start at search.mu-init)");
    }

    /**
     * A loss object (scale defaulting to search.scale), null (= {@code ifNull}) or the one word
     * {@code word} (returned as null). The defaults in reference.conf are words or null, never
     * objects: HOCON would merge a user's loss object into a default object's fields.
     */
    private static LossSpec lossOrWord(ConfigReader s, String key, double scale, LossSpec ifNull, String word, String allowed) {
        if (s.isNull(key)) {
            return ifNull;
        }
        if (s.raw().getValue(key).valueType() == ConfigValueType.STRING) {
            String v = s.string(key);
            if (!v.equals(word)) {
                throw new ConfigError(s.key(key), "must be " + allowed + " or a loss object, e.g. "
                        + "{ type = cosface, m2 = 0.35 }; got '" + v + "'");
            }
            return null;
        }
        return LossSpecReader.readWithDefaultScale(s, key, scale);
    }

    private static FailedRewardRule failedReward(ConfigReader s) {
        FailedRewardRule.Kind kind = s.choice("failed-reward", FailedRewardRule.Kind.class);
        return kind == FailedRewardRule.Kind.FIXED ? FailedRewardRule.fixed(s.number("failed-reward-value"))
                : FailedRewardRule.ROUND_MIN;
    }
}
