package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.facelfs.policy.SpaceKind;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.Mapping;
import org.junit.jupiter.api.Test;

/**
 * The search at its default cadence — M = 4, two warm-up rounds, the default space (margin m,
 * from CosFace 0.35), σ, step rule, antithetic pairs — on noise-free synthetic rewards: μ moves
 * toward the better side at every update while the optimum is further than a step away, and
 * gets there within the paper's ~18 updates.
 */
class DefaultCadenceTest {

    private static final int WARMUP = 2;

    private static SearchSettings.Builder defaults(long seed) {
        return ReferenceSettings.builder().rounds(WARMUP + 18).seed(seed);
    }

    /** -(m - optimum)² in the candidate's CosFace-equivalent margin. */
    private static ToDoubleFunction<LossSpec> peakAt(double optimum) {
        return spec -> -Math.pow(Mapping.marginOf(((LossSpec.UnifiedGlobal) spec).a(), 32) - optimum, 2);
    }

    @Test
    void theDefaultsAreTheCadenceThisTestMeans() {
        SearchSettings s = defaults(1).build();
        assertEquals(4, s.candidates());
        assertEquals(WARMUP, s.warmupRounds());
        assertEquals(0.35, new SearchController(s).policyState().mu().get(0), 1e-12);
    }

    @Test
    void aSmallerMarginIsBetterSoEveryUpdateLowersTheMargin() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Double> mu = muPerRound(defaults(seed).build(), peakAt(0.15));
            assertEquals(0.35, mu.get(WARMUP - 1), 1e-12, "warm-up rounds do not update");
            for (int k = WARMUP; k < WARMUP + 5; k++) { // the first 5 updates: 0.2 away, ≤ 0.036 a step
                assertTrue(mu.get(k) < mu.get(k - 1), "seed " + seed + ", update " + (k - WARMUP + 1) + ": μ " + mu.get(k - 1)
                        + " -> " + mu.get(k));
            }
            assertEquals(0.15, mu.get(mu.size() - 1), 0.03, "seed " + seed + ": μ after 18 updates");
        }
    }

    @Test
    void aLargerMarginIsBetterSoEveryUpdateRaisesTheMargin() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Double> mu = muPerRound(defaults(seed).build(), peakAt(0.55));
            for (int k = WARMUP; k < WARMUP + 5; k++) {
                assertTrue(mu.get(k) > mu.get(k - 1), "seed " + seed + ", update " + (k - WARMUP + 1) + ": μ " + mu.get(k - 1)
                        + " -> " + mu.get(k));
            }
            assertEquals(0.55, mu.get(mu.size() - 1), 0.03, "seed " + seed + ": μ after 18 updates");
        }
    }

    @Test
    void fromSoftmaxTheMarginCrossesTheUsefulRangeIn18Updates() {
        ToDoubleFunction<LossSpec> larger = spec -> Mapping.marginOf(((LossSpec.UnifiedGlobal) spec).a(), 32);
        for (long seed = 1; seed <= 10; seed++) {
            List<Double> mu = muPerRound(defaults(seed).startFrom(new LossSpec.Softmax(32)).build(), larger);
            assertEquals(0, mu.get(WARMUP - 1), 1e-12);
            double last = mu.get(mu.size() - 1);
            assertTrue(last > 0.5, "seed " + seed + ": m after 18 updates = " + last + ", expected ≈ 18 · 1.2 · 0.03");
        }
    }

    @Test
    void theLegacySearchMovesTheSameWayButCoversATenthOfTheDistance() {
        // the measurement: from a = -1 (m = 0.022) the old defaults reach m ≤ 0.078 in 18 updates
        ToDoubleFunction<LossSpec> larger = spec -> spec instanceof LossSpec.UnifiedGlobal g ? Math.log10(-g.a()) : 0;
        SearchSettings legacy = defaults(1).legacySearchDefaults().build();
        List<Double> mu = muPerRound(legacy, larger);
        for (int k = WARMUP; k < mu.size(); k++) {
            assertTrue(mu.get(k) > mu.get(k - 1), "update " + (k - WARMUP + 1));
        }
        double m = Mapping.marginOf(Mapping.LOG10.toFactor(mu.get(mu.size() - 1), 32), 32);
        assertTrue(m < 0.08, "legacy margin after 18 updates = " + m);
    }

    @Test
    void piecewiseBinsStartWhereTheyAreToldAndEachMovesTowardItsOwnOptimum() {
        // 4 bins share M = 4 rewards, so a bin's step is noisier than the global one: within 0.05 (~1.5 steps)
        List<Double> startA = List.of(-10.0, -100.0, -1000.0, -1e4); // m = 0.075, 0.144, 0.216, 0.288
        double[] startM = startA.stream().mapToDouble(a -> Mapping.marginOf(a, 32)).toArray();
        double[] optimum = {startM[0] + 0.15, startM[1] - 0.06, startM[2] + 0.1, startM[3] - 0.15};
        ToDoubleFunction<LossSpec> reward = spec -> {
            if (!(spec instanceof LossSpec.UnifiedPiecewise p)) {
                return 0; // warm-up
            }
            List<Double> a = p.a();
            double r = 0;
            for (int j = 0; j < a.size(); j++) {
                r -= Math.pow(Mapping.marginOf(a.get(j), 32) - optimum[j], 2);
            }
            return r;
        };
        for (long seed = 1; seed <= 5; seed++) {
            SearchSettings s = defaults(seed).space(SpaceKind.PIECEWISE).bins(4)
                    .startFrom(new LossSpec.UnifiedPiecewise(32, startA)).build();
            SearchController c = new SearchController(s);
            for (int j = 0; j < 4; j++) {
                assertEquals(startM[j], c.policyState().mu().get(j), 1e-9, "bin " + j + " starts at its own margin");
            }
            SyntheticSearch.run(c, s.rounds(), reward, 0);
            for (int j = 0; j < 4; j++) {
                double moved = c.policyState().mu().get(j) - startM[j];
                double wanted = optimum[j] - startM[j];
                assertTrue(Math.signum(moved) == Math.signum(wanted) && Math.abs(moved - wanted) < 0.05,
                        "seed " + seed + ", bin " + j + ": moved " + moved + ", the optimum is " + wanted + " away");
            }
        }
    }

    /** μ_0 after each round (warm-up rounds included). */
    private static List<Double> muPerRound(SearchSettings s, ToDoubleFunction<LossSpec> reward) {
        SearchController c = SyntheticSearch.run(new SearchController(s), s.rounds(), reward, 0);
        return c.history().stream().map(r -> r.mu().get(0)).toList();
    }
}
