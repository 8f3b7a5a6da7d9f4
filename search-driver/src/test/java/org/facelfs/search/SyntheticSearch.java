package org.facelfs.search;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.facelfs.loss.LossSpec;

/**
 * Test driver: runs a controller against a synthetic reward function of the candidate's loss,
 * standing in for "train one epoch, measure verification accuracy". Noise is drawn from the
 * candidate's own seed, so runs are reproducible.
 */
final class SyntheticSearch {

    private SyntheticSearch() {
    }

    /** Scores every candidate with {@code reward} plus N(0, noise²). */
    static List<CandidateOutcome> score(List<Candidate> candidates, ToDoubleFunction<LossSpec> reward, double noise) {
        return candidates.stream()
                .map(c -> CandidateOutcome.ok(c.id(),
                        reward.applyAsDouble(c.spec()) + noise * new SplittableRandom(c.seed()).nextGaussian()))
                .toList();
    }

    /** Runs {@code rounds} rounds from the controller's next round. */
    static SearchController run(SearchController controller, int rounds, ToDoubleFunction<LossSpec> reward, double noise) {
        for (int k = 0; k < rounds; k++) {
            int round = controller.nextRound();
            controller.observe(score(controller.propose(round), reward, noise));
        }
        return controller;
    }

    /** log10 |a| of a global unified loss. */
    static double decades(LossSpec spec) {
        return Math.log10(-((LossSpec.UnifiedGlobal) spec).a());
    }

    /** log10 |a_j| of bin j of a piecewise unified loss. */
    static double decades(LossSpec spec, int bin) {
        return Math.log10(-((LossSpec.UnifiedPiecewise) spec).a().get(bin));
    }
}
