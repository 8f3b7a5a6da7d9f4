package org.facelfs.search;

import org.facelfs.outcome.CandidateStatus;
import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.SpaceKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.facelfs.loss.LossSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Stop after round k, write the state as JSON, read it back, continue: the proposals and the
 * final state (as JSON text) are identical to a run that never stopped, for every policy.
 */
class StateRoundTripTest {

    private static final int ROUNDS = 7;

    static Stream<SearchSettings> everyPolicy() {
        SearchSettings.Builder b = ReferenceSettings.builder().candidates(4).rounds(ROUNDS).warmupRounds(2).seed(123);
        return Stream.of(
                b.build(),
                ReferenceSettings.builder().legacySearchDefaults().candidates(4).rounds(ROUNDS).warmupRounds(2).seed(123).build(),
                ReferenceSettings.builder().candidates(5).rounds(ROUNDS).finalModel(FinalModel.BEST_OF_RUN).seed(8).build(),
                b.space(SpaceKind.PIECEWISE).learnSigma(true).build(),
                ReferenceSettings.builder().policy(PolicyKind.AM_LFS).candidates(3).rounds(ROUNDS).seed(5).build(),
                ReferenceSettings.builder().policy(PolicyKind.RANDOM_SOFTMAX).candidates(3).rounds(ROUNDS).seed(5).build(),
                ReferenceSettings.builder().policy(PolicyKind.FIXED).fixedLoss(new LossSpec.ArcFace(64, 0.5))
                        .candidates(2).rounds(ROUNDS).seed(5).build());
    }

    /** The settings keys that issue 15 added; a state.json written before has none of them. */
    private static final List<String> KEYS_ADDED_BY_ISSUE_15 = List.of("startFrom", "stepUnits", "antithetic",
            "commonRandomNumbers", "finalModel");

    @Test
    void aStateWrittenBeforeTheNewKeysResumesAsTheSearchOfThen() throws Exception {
        SearchSettings legacy = ReferenceSettings.builder().legacySearchDefaults().candidates(4).rounds(ROUNDS).seed(77).build();
        SearchController unbroken = new SearchController(legacy);
        SyntheticSearch.run(unbroken, 3, spec -> spec instanceof LossSpec.UnifiedGlobal g ? g.a() : 0, 0.01);
        ObjectNode old = (ObjectNode)
                new ObjectMapper().readTree(unbroken.state().toJson());
        ((ObjectNode) old.get("settings")).remove(KEYS_ADDED_BY_ISSUE_15);
        SearchController resumed = SearchController.restore(SearchState.fromJson(old.toString(), "old state.json"));
        assertEquals(legacy, resumed.settings(), "missing keys mean the behaviour before they existed");
        for (int round = 3; round < ROUNDS; round++) {
            List<Candidate> cs = unbroken.propose(round);
            assertEquals(cs, resumed.propose(round));
            unbroken.observe(outcomes(cs));
            resumed.observe(outcomes(cs));
        }
        assertEquals(unbroken.state().toJson(), resumed.state().toJson());
    }

    @ParameterizedTest
    @MethodSource("everyPolicy")
    void restoreAfterEveryRoundContinuesExactlyLikeAnUnbrokenRun(SearchSettings settings) {
        SearchController unbroken = new SearchController(settings);
        List<List<Candidate>> unbrokenProposals = new ArrayList<>();
        List<String> unbrokenStates = new ArrayList<>();
        while (!unbroken.finished()) {
            List<Candidate> cs = unbroken.propose(unbroken.nextRound());
            unbrokenProposals.add(cs);
            unbroken.observe(outcomes(cs));
            unbrokenStates.add(unbroken.state().toJson());
        }

        for (int k = 1; k < ROUNDS; k++) {
            String saved = unbrokenStates.get(k - 1);
            SearchController resumed = SearchController.restore(SearchState.fromJson(saved, "state.json"));
            assertEquals(saved, resumed.state().toJson(), "state after restore, k = " + k);
            while (!resumed.finished()) {
                int round = resumed.nextRound();
                List<Candidate> cs = resumed.propose(round);
                assertEquals(unbrokenProposals.get(round), cs, "proposals of round " + round + " after restoring at " + k);
                resumed.observe(outcomes(cs));
                assertEquals(unbrokenStates.get(round), resumed.state().toJson(), "state after round " + round);
            }
        }
    }

    @Test
    void stateJsonHoldsTheLearnedDistributionAdamAndTheRandomScheme() {
        SearchController c = new SearchController(everyPolicy().findFirst().orElseThrow());
        for (int k = 0; k < 4; k++) {
            c.observe(outcomes(c.propose(k)));
        }
        String json = c.state().toJson();
        for (String field : List.of("\"settings\"", "\"policy\"", "\"mu\"", "\"logSigma\"", "\"adamStep\" : 2", "\"adamM\"",
                "\"adamV\"", "\"rng\"", "\"generator\" : \"java.util.SplittableRandom\"", "\"history\"", "\"current\"",
                "\"overall\"", "\"nextRound\" : 4", "\"type\" : \"unified-global\"", "\"reward\" : \"NaN\"")) {
            assertTrue(json.contains(field), "state JSON lacks " + field + ":\n" + json);
        }
    }

    @Test
    void corruptOrForeignStatesAreRefusedWithTheSourceNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchState.fromJson("{\"formatVersion\": 1, \"settings\": {", "/out/state.json"));
        assertTrue(e.getMessage().startsWith("/out/state.json: not a valid search state"), e.getMessage());

        String json = new SearchController(everyPolicy().findFirst().orElseThrow()).state().toJson();
        SearchState otherScheme = SearchState.fromJson(json.replace("java.util.SplittableRandom", "other"), "s");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchController.restore(otherScheme))
                .getMessage().contains("random-number scheme"));
        String badCandidates = json.replace("\"candidates\" : 4", "\"candidates\" : 0");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SearchState.fromJson(badCandidates, "/out/state.json"));
        assertTrue(bad.getMessage().contains("/out/state.json") && bad.getMessage().contains("'search.candidates': must be >= 1"),
                bad.getMessage());
    }

    /** Rewards from the spec and seed; the second candidate of round 3 fails, to exercise NaN in the state. */
    private static List<CandidateOutcome> outcomes(List<Candidate> cs) {
        List<CandidateOutcome> out = new ArrayList<>(SyntheticSearch.score(cs, spec -> 0.6 + 1e-3 * (spec.hashCode() % 97), 0.02));
        if (cs.get(0).round() == 3) {
            out.set(1, CandidateOutcome.failed(cs.get(1).id(), CandidateStatus.NON_FINITE));
        }
        return out;
    }
}
