package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.app.config.ConfigReader;
import org.facelfs.app.config.SearchSettingsReader;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AmLfsLogitTransform;
import org.facelfs.policy.SearchSpace;
import org.junit.jupiter.api.Test;

/**
 * AM-LFS's two transforms: the logit transform t (default, what the public re-implementations
 * search) and τ(p); the space, the configuration key, old states, and the search learning t.
 */
class AmLfsVariantTest {

    @Test
    void logitSpaceStartsAtTheIdentityAndSplitsAlphaFromBeta() {
        SearchSpace t = new AmLfsLogitTransform(6);
        assertEquals(12, t.dimension());
        assertEquals(LossSpec.AmLfsLogit.identity(32, 6), t.toLossSpec(t.initialMean(), 32));
        LossSpec.AmLfsLogit spec = (LossSpec.AmLfsLogit) new AmLfsLogitTransform(2)
                .toLossSpec(new double[] {1.1, 0.9, 0.05, -0.02}, 8);
        assertEquals(List.of(1.1, 0.9), spec.alpha());
        assertEquals(List.of(0.05, -0.02), spec.beta());
        assertEquals(8, spec.scale());
    }

    @Test
    void theDefaultIsTheLogitTransformAndProbabilityIsTheOption() {
        SearchController logit = new SearchController(SearchSettings.builder().policy(PolicyKind.AM_LFS)
                .warmupRounds(0).build());
        assertTrue(logit.propose(0).get(0).spec() instanceof LossSpec.AmLfsLogit);
        SearchSettings tau = settingsOf(Map.of("search.policy", "am-lfs", "search.am-lfs.transform", "probability",
                "search.warmup-rounds", "0"));
        assertEquals(AmLfsVariant.PROBABILITY, tau.amLfsTransform());
        assertTrue(new SearchController(tau).propose(0).get(0).spec() instanceof LossSpec.AmLfs);
        assertEquals(AmLfsVariant.LOGIT, settingsOf(Map.of("search.policy", "am-lfs")).amLfsTransform());
    }

    /** A state.json written before search.am-lfs.transform existed searched τ(p), and resumes as τ(p). */
    @Test
    void aStateWithoutTheKeyIsTheProbabilityTransform() throws Exception {
        SearchController c = new SearchController(SearchSettings.builder().policy(PolicyKind.AM_LFS)
                .amLfsTransform(AmLfsVariant.PROBABILITY).candidates(2).rounds(3).build());
        ObjectMapper json = new ObjectMapper();
        ObjectNode state = (ObjectNode) json.readTree(c.state().toJson());
        ((ObjectNode) state.get("settings")).remove("amLfsTransform");
        SearchState old = SearchState.fromJson(json.writeValueAsString(state), "old state.json");
        assertEquals(AmLfsVariant.PROBABILITY, old.settings().amLfsTransform());
        assertTrue(json.readTree(c.state().toJson()).get("settings").has("amLfsTransform"));
    }

    /** The search moves t's (α, β) towards a synthetic optimum, as it does for τ (SearchSoftmaxLearningTest). */
    @Test
    void theSearchLearnsTheLogitTransform() {
        double[] target = {1.2, 0.9, 1.1, 0.8, 1.3, 1.0, 0.1, -0.1, 0.05, 0.0, -0.05, 0.15};
        ToDoubleFunction<LossSpec> reward = spec -> {
            LossSpec.AmLfsLogit t = (LossSpec.AmLfsLogit) spec;
            double sum = 0;
            for (int j = 0; j < 6; j++) {
                sum -= Math.pow(t.alpha().get(j) - target[j], 2) + Math.pow(t.beta().get(j) - target[6 + j], 2);
            }
            return sum;
        };
        SearchController c = new SearchController(SearchSettings.builder().policy(PolicyKind.AM_LFS).candidates(8)
                .rounds(200).warmupRounds(0).seed(3).build());
        double start = distance(c.policyState().mu(), target);
        SyntheticSearch.run(c, 200, reward, 0.01);
        // μ fluctuates round to round at σ = 0.2: its mean over rounds 101-200, as for τ
        List<RoundRecord> last = c.history().subList(100, 200);
        List<Double> averaged = new java.util.ArrayList<>();
        for (int j = 0; j < target.length; j++) {
            int k = j;
            averaged.add(last.stream().mapToDouble(r -> r.mu().get(k)).average().orElseThrow());
        }
        double end = distance(averaged, target);
        assertTrue(end < start / 3, "distance to the optimum " + start + " -> " + end);
    }

    private static double distance(List<Double> mu, double[] target) {
        double d = 0;
        for (int j = 0; j < target.length; j++) {
            d += Math.pow(mu.get(j) - target[j], 2);
        }
        return Math.sqrt(d);
    }

    private static SearchSettings settingsOf(Map<String, String> overrides) {
        return SearchSettingsReader.read(new ConfigReader(ConfigLoader.load(null, overrides)));
    }
}
