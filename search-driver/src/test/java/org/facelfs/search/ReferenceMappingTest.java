package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.DiagonalGaussian;
import org.facelfs.policy.GaussianPolicy;
import org.facelfs.policy.Mapping;
import org.facelfs.policy.Reinforce;
import org.facelfs.policy.SearchSpace;
import org.junit.jupiter.api.Test;

/**
 * How the reference code's mapping {@code a = -|x| e^{s/3}} behaves from μ = 0 (s = 32,
 * σ = 0.2, e^{s/3} ≈ 42,901), as documented in docs/search.md:
 * <ul>
 *   <li>with the reference code's ReLU on μ the gradient reaching μ is 0 at μ = 0: μ stays
 *       exactly 0 for ever (the bug);</li>
 *   <li>without the ReLU (our implementation) the expected gradient at μ = 0 is still 0 — the
 *       mapping is even in x — but single rounds are not, so μ leaves 0 by noise and then
 *       learns: with the optimum at a = -20,000 (|x*| ≈ 0.466) |μ| was ≈ 0.5 within 10 rounds;</li>
 *   <li>its resolution is too coarse for small factors: with the optimum at a = -100
 *       (|x*| ≈ 0.0023 ≪ σ) μ stays near 0 and the samples keep |a| ≈ 10^3.4–10^4.2 after 100
 *       rounds; only a learned σ (shrinking to ≈ 0.005 in 200 rounds) brings |a| down toward
 *       10^2.3–10^2.9.</li>
 * </ul>
 */
class ReferenceMappingTest {

    private static final double X_STAR_20000 = 20000 / Math.exp(32.0 / 3);

    private static SearchSettings.Builder reference(long seed) {
        return ReferenceSettings.builder().legacySearchDefaults().mapping(Mapping.REFERENCE).candidates(8).warmupRounds(0).rounds(1000).seed(seed);
    }

    private static ToDoubleFunction<LossSpec> peakAt(double a) {
        return spec -> -Math.pow(SyntheticSearch.decades(spec) - Math.log10(-a), 2);
    }

    @Test
    void withTheReferenceReluTheMeanNeverLeavesZero() {
        SearchController c = new SearchController(reference(5).referenceRelu(true).build());
        SyntheticSearch.run(c, 50, peakAt(-20000), 0.05);
        assertEquals(List.of(0.0), c.policyState().mu(), "μ moved although ReLU'(0) = 0");
        assertEquals(50, c.policyState().adamStep(), "Adam did step: the updates were all zero");
        // the rewards did carry signal: the same run without the ReLU moves
        SearchController free = new SearchController(reference(5).build());
        SyntheticSearch.run(free, 50, peakAt(-20000), 0.05);
        assertNotEquals(0.0, free.policyState().mu().get(0));
    }

    @Test
    void reluGradientIsZeroAtZeroForAnySamplesAndRewards() {
        GaussianPolicy.Options relu = new GaussianPolicy.Options(0.2, false, 0.01, true,
                org.facelfs.policy.AdamSettings.REFERENCE);
        GaussianPolicy p = GaussianPolicy.start(new SearchSpace.Global(Mapping.REFERENCE, 0), 32, relu);
        GaussianPolicy after = p.learn(List.of(List.of(0.3), List.of(-0.1), List.of(0.05)), new double[] {1.2, -0.9, -0.3});
        assertEquals(List.of(0.0), after.state().mu());
    }

    @Test
    void withoutTheReluTheMeanLeavesZeroAndFindsALargeOptimum() {
        for (long seed = 5; seed <= 7; seed++) {
            SearchController c = new SearchController(reference(seed).build());
            SyntheticSearch.run(c, 30, peakAt(-20000), 0.05);
            double mu = Math.abs(c.policyState().mu().get(0));
            assertTrue(mu > 0.35 && mu < 0.7, "seed " + seed + ": |μ| after 30 rounds = " + mu + ", |x*| = " + X_STAR_20000);
        }
    }

    @Test
    void expectedGradientAtZeroIsZeroForTheReferenceMappingButNotForLog10() {
        ToDoubleFunction<LossSpec> reward = peakAt(-20000);
        double[] ref = expectedGradient(Mapping.REFERENCE, reward);
        double[] log10 = expectedGradient(Mapping.LOG10, reward);
        // ref: estimate and its standard error; |estimate| within 4 SE of 0
        assertTrue(Math.abs(ref[0]) < 4 * ref[1], "reference mapping: E[∇μ] = " + ref[0] + " ± " + ref[1]);
        assertTrue(log10[0] > 10 * log10[1], "log10 mapping: E[∇μ] = " + log10[0] + " ± " + log10[1]);
    }

    @Test
    void smallOptimumIsOutOfReachWithFixedSigmaAndApproachedOnlyBySigmaShrinking() {
        SearchController fixed = new SearchController(reference(5).build());
        SyntheticSearch.run(fixed, 100, peakAt(-100), 0.05);
        double fixedMedian = medianDecades(fixed);
        assertTrue(fixedMedian > 3, "median log10|a| with σ = 0.2 fixed: " + fixedMedian);

        SearchController learned = new SearchController(reference(5).learnSigma(true).sigmaMin(1e-4).build());
        SyntheticSearch.run(learned, 200, peakAt(-100), 0.05);
        double sigma = learned.policyState().sigma().get(0);
        double learnedMedian = medianDecades(learned);
        assertTrue(sigma < 0.02, "σ = " + sigma);
        assertTrue(learnedMedian < fixedMedian - 0.5 && learnedMedian < 3.2,
                "median log10|a| with learned σ: " + learnedMedian + " (fixed σ: " + fixedMedian + ")");
    }

    /** Mean and standard error of r(x) ∂/∂μ log N(x; 0, 0.2) over 200,000 samples at μ = 0, s = 32. */
    private static double[] expectedGradient(Mapping mapping, ToDoubleFunction<LossSpec> reward) {
        SearchSpace space = new SearchSpace.Global(mapping, 0);
        DiagonalGaussian g = new DiagonalGaussian(new double[] {0}, new double[] {Math.log(0.2)});
        SplittableRandom rng = new SplittableRandom(3);
        int n = 200_000;
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            double[] x = g.sample(rng);
            double r = reward.applyAsDouble(space.toLossSpec(x, 32));
            terms[i] = Reinforce.estimate(g, List.of(x), new double[] {r}).mean()[0];
        }
        double mean = Arrays.stream(terms).average().orElseThrow();
        double var = Arrays.stream(terms).map(t -> (t - mean) * (t - mean)).sum() / (n - 1);
        return new double[] {mean, Math.sqrt(var / n)};
    }

    private static double medianDecades(SearchController c) {
        double[] d = c.propose(c.nextRound()).stream().mapToDouble(x -> SyntheticSearch.decades(x.spec())).sorted().toArray();
        return (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }
}
