package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.SpaceKind;
import java.util.function.Supplier;
import org.facelfs.config.ConfigError;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AdamSettings;
import org.facelfs.policy.Mapping;
import org.facelfs.policy.RandomRange;
import org.facelfs.policy.RewardNormalisation;
import org.junit.jupiter.api.Test;

/** reference.conf's defaults, and validation errors that carry the configuration key. */
class SearchSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SearchSettings s = ReferenceSettings.builder().build();
        assertEquals(PolicyKind.SEARCH_SOFTMAX, s.policy());
        assertEquals(SpaceKind.GLOBAL, s.space());
        assertEquals(4, s.candidates());
        assertEquals(4, s.warmupCandidates());
        assertEquals(2, s.warmupRounds());
        assertEquals(new LossSpec.Softmax(32), s.warmupLoss());
        assertEquals(Mapping.LOG10, s.mapping());
        assertEquals(0.2, s.sigma());
        assertEquals(AdamSettings.REFERENCE, s.adam());
        assertEquals(RewardNormalisation.STD, s.rewardNormalisation());
        assertEquals(10, s.bins());
        assertEquals(6, s.amLfsIntervals());
        assertTrue(s.isWarmup(1) && !s.isWarmup(2));
    }

    @Test
    void badValuesNameTheirKey() {
        expect("search.candidates", "must be >= 1, got 0", () -> reference().candidates(0).build());
        expect("search.sigma", "must be a finite number > 0, got -0.1", () -> reference().sigma(-0.1).build());
        expect("search.sigma-min", "must be > 0 and <= search.sigma", () -> reference().sigmaMin(0.5).build());
        expect("search.scale", "must be a finite number > 0", () -> reference().scale(0).build());
        expect("search.rounds", "must be >= 1", () -> reference().rounds(0).build());
        expect("search.warmup-rounds", "must be >= 0", () -> reference().warmupRounds(-1).build());
        expect("search.bins", "must be >= 1", () -> reference().bins(0).build());
        expect("search.fixed-loss", "is required when search.policy = fixed",
                () -> reference().policy(PolicyKind.FIXED).build());
        expect("search.adam.lr", "must be a finite number > 0", () -> new AdamSettings(0, 0.5, 0.999, 1e-8));
        expect("search.adam.beta1", "must be in [0, 1)", () -> new AdamSettings(0.05, 1, 0.999, 1e-8));
        expect("search.random.min-abs-a", "must be > 0 when search.random.log-uniform = true", () -> new RandomRange(0, 10, true));
        expect("search.random.max-abs-a", "must be finite and >= search.random.min-abs-a", () -> new RandomRange(5, 1, false));
    }

    private static SearchSettings.Builder reference() {
        return ReferenceSettings.builder();
    }

    private static void expect(String key, String problem, Supplier<?> build) {
        ConfigError e = assertThrows(ConfigError.class, build::get);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected «" + problem + "» in «" + e.getMessage() + "»");
    }
}
