package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.SpaceKind;
import java.util.List;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.PolicyState;
import org.facelfs.policy.RandomRange;
import org.junit.jupiter.api.Test;

/** Random-Softmax and Fixed: best-of-M selection without learning. */
class BaselinePoliciesTest {

    @Test
    void randomSoftmaxDrawsWithinTheRangeAndIgnoresRewards() {
        SearchSettings s = ReferenceSettings.builder().policy(PolicyKind.RANDOM_SOFTMAX).candidates(8).rounds(30)
                .warmupRounds(0).seed(4).build();
        SearchController high = new SearchController(s);
        SearchController low = new SearchController(s);
        // opposite reward functions: a learner would be pushed in opposite directions
        SyntheticSearch.run(high, 30, spec -> SyntheticSearch.decades(spec), 0.01);
        SyntheticSearch.run(low, 30, spec -> -SyntheticSearch.decades(spec), 0.01);
        assertEquals(PolicyState.NONE, high.policyState());
        assertEquals(high.propose(30), low.propose(30), "proposals do not depend on the rewards seen");
        for (RoundRecord r : high.history()) {
            assertTrue(r.candidates().stream().allMatch(c -> {
                double a = ((LossSpec.UnifiedGlobal) c.candidate().spec()).a();
                return a <= -1 && a >= -1e4 && c.candidate().sample().equals(List.of(a));
            }), "round " + r.round());
            assertTrue(!r.updated());
        }
        // best-of-M still selected: the highest reward of each round
        RoundRecord last = high.history().get(29);
        double max = last.candidates().stream().mapToDouble(CandidateRecord::reward).max().orElseThrow();
        assertEquals(max, high.best().orElseThrow().current().reward());
    }

    @Test
    void logUniformDrawsEveryDecadeEquallyOftenUniformDoesNot() {
        double logHalf = fractionBelow100(true);
        double uniform = fractionBelow100(false);
        // |a| in [1, 1e4]: P(|a| < 100) = 0.5 log-uniformly, 99/9999 ≈ 0.0099 uniformly; 20,000 draws
        assertEquals(0.5, logHalf, 0.015);
        assertEquals(0.0099, uniform, 0.004);
    }

    private static double fractionBelow100(boolean log) {
        RandomRange range = new RandomRange(1, 1e4, log);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(8);
        int below = 0;
        for (int i = 0; i < 20_000; i++) {
            double a = range.draw(rng);
            assertTrue(a <= -1 && a >= -1e4, "a = " + a);
            below += -a < 100 ? 1 : 0;
        }
        return below / 20_000.0;
    }

    @Test
    void randomSoftmaxPiecewiseDrawsOneFactorPerBin() {
        SearchSettings s = ReferenceSettings.builder().policy(PolicyKind.RANDOM_SOFTMAX).space(SpaceKind.PIECEWISE).bins(5)
                .warmupRounds(0).seed(4).build();
        Candidate c = new SearchController(s).propose(0).get(0);
        assertEquals(5, ((LossSpec.UnifiedPiecewise) c.spec()).a().size());
    }

    @Test
    void fixedProposesMCopiesOfItsLossWithDifferentSeedsAndNeverLearns() {
        LossSpec cosface = new LossSpec.CosFace(64, 0.35);
        SearchSettings s = ReferenceSettings.builder().policy(PolicyKind.FIXED).fixedLoss(cosface).candidates(3).rounds(5)
                .seed(1).build();
        SearchController c = new SearchController(s);
        List<Candidate> first = c.propose(0);
        assertTrue(first.stream().allMatch(x -> x.spec().equals(cosface) && !x.warmup()), "no warm-up for a fixed loss");
        assertEquals(3, first.stream().map(Candidate::seed).distinct().count());
        SyntheticSearch.run(c, 5, spec -> 0.9, 0.01);
        assertEquals(PolicyState.NONE, c.policyState());
        assertTrue(c.history().stream().noneMatch(RoundRecord::updated));
        assertTrue(c.history().stream().allMatch(r -> r.candidates().size() == 3));
    }

    @Test
    void fixedDefaultsToOneCandidateWhenAskedForTheBaselineProtocol() {
        SearchSettings s = ReferenceSettings.builder().policy(PolicyKind.FIXED).fixedLoss(new LossSpec.Softmax(64))
                .candidates(1).build();
        assertEquals(1, new SearchController(s).propose(0).size());
    }
}
