package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;
import org.facelfs.config.ConfigError;

/**
 * The reward a candidate gets for the policy update when its training failed or went
 * non-finite: the round's lowest reward among the candidates that finished (the default, so a
 * failure counts as "worst seen", without inventing a scale), or a fixed value (which can push
 * the distribution away from diverging losses harder). Such a candidate is never chosen as best.
 */
public record FailedRewardRule(Kind kind, double value) {

    /** Which rule. */
    public enum Kind {
        /** The round's minimum reward among OK candidates. */
        ROUND_MIN,
        /** A fixed value. */
        FIXED;

        /** The name in JSON and configuration. */
        @JsonValue
        public String key() {
            return Choices.key(this);
        }
    }

    /** The default: the round's minimum reward. */
    public static final FailedRewardRule ROUND_MIN = new FailedRewardRule(Kind.ROUND_MIN, 0);

    public FailedRewardRule {
        if (kind == null) {
            throw new ConfigError("search.failed-reward", "must be set (round-min or fixed)");
        }
        if (!Double.isFinite(value)) {
            throw new ConfigError("search.failed-reward-value", "must be a finite number, got " + value);
        }
    }

    /** A fixed reward for failed candidates. */
    public static FailedRewardRule fixed(double value) {
        return new FailedRewardRule(Kind.FIXED, value);
    }

    /** The reward to assign, given the round's minimum reward among OK candidates. */
    public double assign(double roundMinimum) {
        return kind == Kind.ROUND_MIN ? roundMinimum : value;
    }
}
