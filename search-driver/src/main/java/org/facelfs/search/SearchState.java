package org.facelfs.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.facelfs.policy.PolicyState;

/**
 * The whole search controller as data, written into {@code state.json} after every round: the
 * settings, how randomness is derived, the next round to propose, what the policy has learned
 * (μ, log σ, Adam's step and moments), the best candidates, and the history of every round.
 * {@link SearchController#restore(SearchState)} continues exactly where it stopped.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; other versions are refused
 * @param settings      the settings the search runs with
 * @param rng           the random-number scheme (generator and derivation; the seed is in the settings)
 * @param nextRound     the round {@link SearchController#propose(int)} expects next
 * @param policy        what the policy has learned
 * @param current       see {@link Best#current()}; null before any candidate finished
 * @param overall       see {@link Best#overall()}; null before any candidate finished
 * @param history       one record per observed round, in order
 */
public record SearchState(int formatVersion, SearchSettings settings, RngScheme rng, int nextRound, PolicyState policy,
                          ScoredCandidate current, ScoredCandidate overall, List<RoundRecord> history) {

    /** The version of this JSON layout. */
    public static final int FORMAT_VERSION = 1;

    /** The generator and the way per-candidate streams derive from the seed. */
    public record RngScheme(String generator, String derivation) {
        /** The scheme of {@link RandomStreams}. */
        public static final RngScheme CURRENT = new RngScheme(RandomStreams.GENERATOR, RandomStreams.DERIVATION);
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    public SearchState {
        history = List.copyOf(history);
    }

    /** The state as pretty-printed JSON (NaN rewards of failed candidates are written as "NaN"). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the search state as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a state written by {@link #toJson()}. {@code source} names where it came from (a
     * path) in the message when the text is not a valid state.
     */
    public static SearchState fromJson(String json, String source) {
        try {
            return JSON.readValue(json, SearchState.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": not a valid search state: " + e.getMessage(), e);
        }
    }
}
