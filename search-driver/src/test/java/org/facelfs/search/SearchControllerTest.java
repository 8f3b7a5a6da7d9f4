package org.facelfs.search;

import org.facelfs.outcome.CandidateStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.facelfs.policy.PolicyKind;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.FailedRewardRule;
import org.facelfs.policy.PolicyState;
import org.junit.jupiter.api.Test;

/** The controller's round protocol: warm-up, ids and seeds, failures, best, bad calls. */
class SearchControllerTest {

    private static final SearchSettings SEARCH = ReferenceSettings.builder().candidates(4).rounds(6).seed(9).build();
    /** The default start, CosFace 0.35 at s = 32, as the global factor it is exactly: a = 1 - e^{32 · 0.35}. */
    private static final LossSpec START = new LossSpec.UnifiedGlobal(32, -Math.expm1(32 * 0.35));

    @Test
    void warmupTrainsTheStartLossByDefaultAndSoftmaxWhenAsked() {
        assertEquals(START.formula(), new SearchController(SEARCH).warmupLoss().formula());
        assertEquals(new LossSpec.Softmax(32),
                new SearchController(SEARCH.toBuilder().legacySearchDefaults().build()).propose(0).get(0).spec());
        assertEquals(new LossSpec.UnifiedGlobal(32, 0), new SearchController(SEARCH.toBuilder()
                .startFrom(new LossSpec.Softmax(32)).build()).propose(0).get(0).spec());
    }

    @Test
    void antitheticCandidatesComeInPairsMirroredThroughTheMean() {
        SearchController c = new SearchController(SEARCH.toBuilder().warmupRounds(0).candidates(5).build());
        List<Candidate> cs = c.propose(0);
        double mu = c.policyState().mu().get(0);
        for (int pair = 0; pair < 2; pair++) {
            double x = cs.get(2 * pair).sample().get(0);
            double mirrored = cs.get(2 * pair + 1).sample().get(0);
            assertNotEquals(mu, x);
            assertEquals(mu, (x + mirrored) / 2, 1e-12, "pair " + pair);
        }
        double odd = cs.get(4).sample().get(0);
        assertTrue(cs.subList(0, 4).stream().noneMatch(x -> Math.abs(x.sample().get(0) - odd) < 1e-12), "the odd one draws alone");
        List<Candidate> independent = new SearchController(SEARCH.toBuilder().warmupRounds(0).candidates(5).antithetic(false)
                .build()).propose(0);
        assertEquals(cs.get(0), independent.get(0), "candidate 0 draws the same either way");
        assertNotEquals(2 * mu - cs.get(0).sample().get(0), independent.get(1).sample().get(0), 1e-9);
    }

    @Test
    void commonRandomNumbersGiveEveryCandidateOfASearchingRoundTheSameDataSeed() {
        SearchController c = new SearchController(SEARCH);
        for (int round = 0; round < 4; round++) {
            List<Candidate> cs = c.propose(round);
            long distinct = cs.stream().map(Candidate::seed).distinct().count();
            assertEquals(round < 2 ? 4 : 1, distinct, "round " + round + (round < 2 ? " (warm-up: one seed each)" : ""));
            c.observe(rewards(cs, 0.5, 0.7, 0.6, 0.4));
        }
        assertNotEquals(c.history().get(2).candidates().get(0).candidate().seed(),
                c.history().get(3).candidates().get(0).candidate().seed(), "the seed changes with the round");
        List<Candidate> off = new SearchController(SEARCH.toBuilder().warmupRounds(0).commonRandomNumbers(false).build())
                .propose(0);
        assertEquals(4, off.stream().map(Candidate::seed).distinct().count());
        SearchSettings fixed = SEARCH.toBuilder().policy(PolicyKind.FIXED).fixedLoss(new LossSpec.Softmax(32)).build();
        assertEquals(4, new SearchController(fixed).propose(0).stream().map(Candidate::seed).distinct().count(),
                "the best-of-M control keeps one seed per copy");
    }

    @Test
    void warmupRoundsTrainMCopiesOfTheWarmupLossWithoutUpdating() {
        SearchController c = new SearchController(SEARCH);
        PolicyState start = c.policyState();
        for (int round = 0; round < 2; round++) {
            List<Candidate> cs = c.propose(round);
            assertEquals(4, cs.size());
            assertTrue(cs.stream().allMatch(x -> x.warmup() && x.spec().equals(START) && x.sample().isEmpty()));
            assertEquals(4, cs.stream().map(Candidate::seed).distinct().count(), "seeds differ between copies");
            RoundRecord r = c.observe(rewards(cs, 0.5, 0.7, 0.6, 0.4));
            assertFalse(r.updated());
            assertEquals(start, c.policyState());
            assertEquals(Candidate.idOf(round, 1), r.bestId());
        }
        List<Candidate> search = c.propose(2);
        assertTrue(search.stream().noneMatch(Candidate::warmup));
        assertTrue(search.stream().allMatch(x -> x.spec() instanceof LossSpec.UnifiedGlobal && x.sample().size() == 1));
        assertTrue(c.observe(rewards(search, 0.5, 0.7, 0.6, 0.4)).updated());
        assertNotEquals(start.mu(), c.policyState().mu());
    }

    @Test
    void warmupCanProposeASingleCandidateWithAGivenLoss() {
        LossSpec cosface = new LossSpec.CosFace(32, 0.35);
        SearchController c = new SearchController(SEARCH.toBuilder().warmupCandidates(1).warmupLoss(cosface).build());
        List<Candidate> cs = c.propose(0);
        assertEquals(1, cs.size());
        assertEquals(cosface, cs.get(0).spec());
    }

    @Test
    void idsAndSeedsAreDerivedFromRoundAndIndex() {
        List<Candidate> a = new SearchController(SEARCH).propose(0);
        assertEquals(List.of("r0000-c00", "r0000-c01", "r0000-c02", "r0000-c03"), a.stream().map(Candidate::id).toList());
        assertEquals(RandomStreams.trainingSeed(9, 0, 2), a.get(2).seed());
        List<Candidate> otherSeed = new SearchController(SEARCH.toBuilder().seed(10).build()).propose(0);
        assertNotEquals(a.get(0).seed(), otherSeed.get(0).seed());
        assertEquals(a, new SearchController(SEARCH).propose(0), "propose is deterministic");
    }

    @Test
    void failedCandidatesGetTheRoundMinimumAndAreNeverBest() {
        SearchController c = new SearchController(SEARCH.toBuilder().warmupRounds(0).build());
        List<Candidate> cs = c.propose(0);
        List<CandidateOutcome> outcomes = List.of(
                CandidateOutcome.ok(cs.get(0).id(), 0.61),
                new CandidateOutcome(cs.get(1).id(), 0.99, CandidateStatus.FAILED, Map.of()), // high but failed
                CandidateOutcome.failed(cs.get(2).id(), CandidateStatus.NON_FINITE),
                CandidateOutcome.ok(cs.get(3).id(), 0.64));
        RoundRecord r = c.observe(outcomes);
        assertEquals(List.of(0.61, 0.61, 0.61, 0.64), r.candidates().stream().map(CandidateRecord::assignedReward).toList());
        assertEquals(cs.get(3).id(), r.bestId());
        assertEquals(cs.get(3), c.best().orElseThrow().current().candidate());
        assertTrue(r.updated());
        // the only positive weight is the best candidate's
        assertTrue(r.candidates().get(3).normalisedReward() > 0 && r.candidates().get(1).normalisedReward() < 0);
    }

    @Test
    void failedRewardCanBeAFixedValue() {
        SearchController c = new SearchController(SEARCH.toBuilder().warmupRounds(0).failedReward(FailedRewardRule.fixed(0)).build());
        List<Candidate> cs = c.propose(0);
        RoundRecord r = c.observe(List.of(CandidateOutcome.ok(cs.get(0).id(), 0.61), CandidateOutcome.ok(cs.get(1).id(), 0.62),
                CandidateOutcome.failed(cs.get(2).id(), CandidateStatus.FAILED), CandidateOutcome.ok(cs.get(3).id(), 0.64)));
        assertEquals(0.0, r.candidates().get(2).assignedReward());
    }

    @Test
    void okWithNonFiniteRewardCountsAsNonFinite() {
        assertEquals(CandidateStatus.NON_FINITE, CandidateOutcome.ok("r0000-c00", Double.NaN).status());
    }

    @Test
    void roundWhereAllFailedKeepsThePolicyAndThePreviousBest() {
        SearchController c = new SearchController(SEARCH.toBuilder().warmupRounds(0).build());
        List<Candidate> r0 = c.propose(0);
        c.observe(rewards(r0, 0.5, 0.8, 0.6, 0.7));
        PolicyState afterR0 = c.policyState();
        Best bestAfterR0 = c.best().orElseThrow();
        List<Candidate> r1 = c.propose(1);
        RoundRecord rec = c.observe(r1.stream().map(x -> CandidateOutcome.failed(x.id(), CandidateStatus.FAILED)).toList());
        assertFalse(rec.updated());
        assertNull(rec.bestId());
        assertEquals(afterR0, c.policyState());
        assertEquals(bestAfterR0, c.best().orElseThrow());
        assertEquals(2, c.nextRound());
    }

    @Test
    void bestTracksTheLastRoundAndTheOverallMaximum() {
        SearchController c = new SearchController(SEARCH.toBuilder().warmupRounds(0).build());
        assertTrue(c.best().isEmpty());
        List<Candidate> r0 = c.propose(0);
        c.observe(rewards(r0, 0.5, 0.9, 0.6, 0.7));
        List<Candidate> r1 = c.propose(1);
        c.observe(rewards(r1, 0.8, 0.6, 0.85, 0.7));
        Best best = c.best().orElseThrow();
        assertEquals(r1.get(2), best.current().candidate());
        assertEquals(0.85, best.current().reward());
        assertEquals(r0.get(1), best.overall().candidate());
        assertEquals(0.9, best.overall().reward());
    }

    @Test
    void roundsMustBeProposedAndObservedInOrder() {
        SearchController c = new SearchController(SEARCH);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.propose(1));
        assertTrue(e.getMessage().contains("round 1 requested") && e.getMessage().contains("at round 0"), e.getMessage());
        List<Candidate> cs = c.propose(0);
        List<CandidateOutcome> missing = rewards(cs.subList(0, 3), 0.1, 0.2, 0.3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.observe(missing)).getMessage()
                .contains("no outcome for candidate r0000-c03"));
        List<CandidateOutcome> dup = new ArrayList<>(rewards(cs, 0.1, 0.2, 0.3, 0.4));
        dup.add(CandidateOutcome.ok("r0000-c01", 0.5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.observe(dup)).getMessage()
                .contains("two outcomes for candidate r0000-c01"));
        List<CandidateOutcome> extra = new ArrayList<>(rewards(cs, 0.1, 0.2, 0.3, 0.4));
        extra.add(CandidateOutcome.ok("r0000-c07", 0.5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.observe(extra)).getMessage()
                .contains("unknown candidates [r0000-c07]"));
        assertEquals(0, c.nextRound(), "a refused observe changes nothing");
        c.observe(rewards(cs, 0.1, 0.2, 0.3, 0.4));
        assertEquals(1, c.nextRound());
    }

    @Test
    void finishedAfterTheConfiguredRounds() {
        SearchController c = new SearchController(SEARCH.toBuilder().rounds(2).build());
        SyntheticSearch.run(c, 2, spec -> 0.5, 0.01);
        assertTrue(c.finished());
    }

    static List<CandidateOutcome> rewards(List<Candidate> cs, double... r) {
        return java.util.stream.IntStream.range(0, cs.size())
                .mapToObj(i -> CandidateOutcome.ok(cs.get(i).id(), r[i])).collect(Collectors.toList());
    }
}
