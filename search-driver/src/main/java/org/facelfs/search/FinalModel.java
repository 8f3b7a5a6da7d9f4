package org.facelfs.search;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;
import java.util.Locale;

/**
 * Which candidate's weights a finished search hands over as {@code best/model.zip}
 * ({@code search.final-model}).
 */
public enum FinalModel {

    /**
     * The best candidate of the last round: the weights the search would continue from, trained
     * for every round. The default: a reward of an earlier round was measured on a less-trained
     * network, and the largest of many noisy rewards is biased upward (the winner's curse).
     */
    LAST_ROUND_BEST,
    /** The candidate with the highest reward of any round. */
    BEST_OF_RUN;

    /** The chosen candidate of {@code best}. */
    public ScoredCandidate of(Best best) {
        return this == LAST_ROUND_BEST ? best.current() : best.overall();
    }

    /**
     * One line naming the final model and the other candidate, e.g. "final model r0007-c01,
     * reward 0.9633 (search.final-model = last-round-best; best of run r0006-c00, reward 0.9683)".
     * The progress line's "round best" and "best of run" use the same names.
     */
    public String summary(Best best) {
        ScoredCandidate chosen = of(best);
        ScoredCandidate other = this == LAST_ROUND_BEST ? best.overall() : best.current();
        String otherName = this == LAST_ROUND_BEST ? "best of run" : "last round's best";
        return String.format(Locale.ROOT, "final model %s, reward %.4f (search.final-model = %s; %s %s, reward %.4f)",
                chosen.candidate().id(), chosen.reward(), key(), otherName, other.candidate().id(), other.reward());
    }

    /** The name used in configuration and JSON. */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
