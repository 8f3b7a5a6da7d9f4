package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.policy.AmLfsVariant;
import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.SpaceKind;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.facelfs.loss.LossSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Gaussian policies learn toward a known optimum of a synthetic reward, with the search
 * defaults before issue 15 ({@link SearchSettings.Builder#legacySearchDefaults()}: a = -10^x from
 * μ0 = 0, σ = 0.2, Adam lr 0.05 in x-units, betas 0.5/0.999, independent samples), std
 * normalisation, M = 8, no warm-up: the long-run behaviour of the update rule; the reach of the
 * current defaults is {@link DefaultCadenceTest} and the reach bench. Reward noise N(0, 0.05²) unless stated.
 *
 * <p>Measured (seeds 1–3, global, optimum a = -100 i.e. x = 2): μ = 0.93–0.96 after 20 rounds,
 * 1.96–2.04 after 60: Adam moves μ by about lr = 0.05 per round, so one decade of a takes
 * ~20 rounds at the default learning rate. Piecewise (K = 10, optimum x_j = 0.25 j, seed 1):
 * the mean of μ_j over rounds 101–200 is within 0.04 of every optimum. AM-LFS (K = 6, seed 3,
 * noise 0.01): the distance of the averaged μ to the optimum fell from 0.487 (identity) to
 * 0.122, worst component 0.065. Learned σ (optimum x = 1, seed 2): μ = 1.03, σ = 0.064 after
 * 100 rounds. Because Adam's step stays ≈ lr, μ keeps jittering by about lr round to round
 * around the optimum; the tests therefore compare averages over many rounds.
 */
class SearchSoftmaxLearningTest {

    private static final double NOISE = 0.05;

    private static SearchSettings.Builder base(long seed) {
        return ReferenceSettings.builder().legacySearchDefaults().candidates(8).warmupRounds(0).rounds(1000).seed(seed);
    }

    @Test
    void globalMeanMovesFromZeroToTheOptimumAtMinus100() {
        ToDoubleFunction<LossSpec> reward = spec -> -Math.pow(SyntheticSearch.decades(spec) - 2, 2);
        for (long seed = 1; seed <= 3; seed++) {
            SearchController c = new SearchController(base(seed).build());
            SyntheticSearch.run(c, 20, reward, NOISE);
            double mu20 = mu(c, 0);
            assertTrue(mu20 > 0.7 && mu20 < 1.2, "seed " + seed + ": μ after 20 rounds = " + mu20 + ", expected ≈ 20·lr");
            SyntheticSearch.run(c, 40, reward, NOISE);
            assertEquals(2, mu(c, 0), 0.15, "seed " + seed + ": μ after 60 rounds");
            SyntheticSearch.run(c, 40, reward, NOISE);
            double avg = averageMu(c, 40, 0);
            System.out.printf("global seed %d: μ = %.3f after 20 rounds, mean μ over rounds 61–100 = %.3f%n", seed, mu20, avg);
            assertEquals(2, avg, 0.08, "seed " + seed + ": mean μ over rounds 61–100");
        }
    }

    @Test
    void piecewiseLearnsADifferentOptimumInEachBin() {
        // optimum x_j = 0.25 j, i.e. a_j from -1 (bin 0) to -10^2.25 ≈ -178 (bin 9)
        ToDoubleFunction<LossSpec> reward = spec -> {
            double sum = 0;
            for (int j = 0; j < 10; j++) {
                sum -= Math.pow(SyntheticSearch.decades(spec, j) - 0.25 * j, 2);
            }
            return sum;
        };
        SearchController c = new SearchController(base(1).space(SpaceKind.PIECEWISE).build());
        SyntheticSearch.run(c, 200, reward, NOISE);
        double worst = 0;
        for (int j = 0; j < 10; j++) {
            double avg = averageMu(c, 100, j);
            worst = Math.max(worst, Math.abs(avg - 0.25 * j));
        }
        System.out.printf("piecewise: worst |mean μ_j - optimum_j| over rounds 101–200 = %.3f%n", worst);
        assertTrue(worst < PIECEWISE_TOLERANCE, "largest |mean μ_j - optimum_j| over rounds 101–200 = " + worst);
    }

    private static final double PIECEWISE_TOLERANCE = 0.15;

    /** Both AM-LFS transforms (τ(p) and the default logit t) share the vector (α, β) and its search. */
    @ParameterizedTest
    @EnumSource(AmLfsVariant.class)
    void amLfsLearnsTowardASyntheticTransformFromTheIdentity(AmLfsVariant transform) {
        double[] target = {1.2, 0.9, 1.1, 0.8, 1.3, 1.0, 0.1, -0.1, 0.05, 0.0, -0.05, 0.15};
        ToDoubleFunction<LossSpec> reward = spec -> {
            List<Double> alpha = spec instanceof LossSpec.AmLfs am ? am.alpha() : ((LossSpec.AmLfsLogit) spec).alpha();
            List<Double> beta = spec instanceof LossSpec.AmLfs am ? am.beta() : ((LossSpec.AmLfsLogit) spec).beta();
            double sum = 0;
            for (int j = 0; j < 6; j++) {
                sum -= Math.pow(alpha.get(j) - target[j], 2) + Math.pow(beta.get(j) - target[6 + j], 2);
            }
            return sum;
        };
        SearchController c = new SearchController(base(3).policy(PolicyKind.AM_LFS).amLfsTransform(transform).build());
        double start = distance(c.policyState().mu(), target);
        SyntheticSearch.run(c, 200, reward, 0.01);
        double worst = 0;
        List<Double> averaged = new java.util.ArrayList<>();
        for (int j = 0; j < 12; j++) {
            averaged.add(averageMu(c, 100, j));
            worst = Math.max(worst, Math.abs(averaged.get(j) - target[j]));
        }
        System.out.printf("AM-LFS: distance to optimum %.3f at the identity, %.3f for mean μ over rounds 101–200, worst component %.3f%n",
                start, distance(averaged, target), worst);
        assertTrue(worst < AMLFS_TOLERANCE, "largest |mean μ_j - optimum_j| over rounds 101–200 = " + worst);
        assertTrue(distance(averaged, target) < start / 3, "distance to optimum did not shrink to a third");
    }

    private static final double AMLFS_TOLERANCE = 0.12;

    @Test
    void learnedSigmaShrinksOnceTheMeanHasArrived() {
        ToDoubleFunction<LossSpec> reward = spec -> -Math.pow(SyntheticSearch.decades(spec) - 1, 2);
        SearchController c = new SearchController(base(2).learnSigma(true).build());
        SyntheticSearch.run(c, 100, reward, NOISE);
        assertEquals(1, mu(c, 0), 0.15);
        double sigma = c.policyState().sigma().get(0);
        System.out.printf("learned σ: μ = %.3f, σ = %.4f after 100 rounds%n", mu(c, 0), sigma);
        assertTrue(sigma < 0.1, "σ after 100 rounds = " + sigma + ", started at 0.2");
        assertTrue(sigma >= 0.01, "σ fell below search.sigma-min: " + sigma);
    }

    private static double mu(SearchController c, int j) {
        return c.policyState().mu().get(j);
    }

    /** The mean of μ_j after each of the last {@code rounds} observed rounds (from the history). */
    private static double averageMu(SearchController c, int rounds, int j) {
        List<RoundRecord> history = c.history();
        return history.subList(history.size() - rounds, history.size()).stream()
                .mapToDouble(r -> r.mu().get(j)).average().orElseThrow();
    }

    private static double distance(List<Double> mu, double[] target) {
        double ss = 0;
        for (int j = 0; j < target.length; j++) {
            ss += Math.pow(mu.get(j) - target[j], 2);
        }
        return Math.sqrt(ss);
    }
}
