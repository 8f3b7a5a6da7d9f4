package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.AmLfsVariant;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.config.ConfigReader;
import org.facelfs.app.config.SearchSettingsReader;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AmLfsLogitTransform;
import org.facelfs.policy.SearchSpace;
import org.junit.jupiter.api.Test;

/**
 * AM-LFS's two transforms: the logit transform t (default, what the public re-implementations
 * search) and τ(p): the space, the configuration key and old states (the search learning both:
 * SearchSoftmaxLearningTest).
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
        SearchController logit = new SearchController(ReferenceSettings.builder().policy(PolicyKind.AM_LFS)
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
        SearchController c = new SearchController(ReferenceSettings.builder().policy(PolicyKind.AM_LFS)
                .amLfsTransform(AmLfsVariant.PROBABILITY).candidates(2).rounds(3).build());
        ObjectMapper json = new ObjectMapper();
        ObjectNode state = (ObjectNode) json.readTree(c.state().toJson());
        ((ObjectNode) state.get("settings")).remove("amLfsTransform");
        SearchState old = SearchState.fromJson(json.writeValueAsString(state), "old state.json");
        assertEquals(AmLfsVariant.PROBABILITY, old.settings().amLfsTransform());
        assertTrue(json.readTree(c.state().toJson()).get("settings").has("amLfsTransform"));
    }

    private static SearchSettings settingsOf(Map<String, String> overrides) {
        return SearchSettingsReader.read(new ConfigReader(ConfigLoader.load(null, overrides)));
    }
}
