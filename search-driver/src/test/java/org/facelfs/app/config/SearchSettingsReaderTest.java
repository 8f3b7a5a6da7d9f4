package org.facelfs.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.search.ReferenceSettings;
import org.facelfs.config.ConfigReader;
import org.facelfs.config.ConfigError;
import java.util.Map;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.PolicyKind;
import org.facelfs.search.SearchSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchSettingsReaderTest {

    private static SearchSettings read(Map<String, String> overrides) {
        return SearchSettingsReader.read(new ConfigReader(ConfigLoader.load(null, overrides)));
    }

    @Test
    void defaultsComeOnlyFromReferenceConf() {
        // an empty builder has no defaults of its own: it refuses, naming the first key it lacks
        ConfigError e = assertThrows(ConfigError.class, () -> SearchSettings.builder().build());
        assertEquals("search.policy", e.key());
        SearchSettings fromConf = read(Map.of());
        assertEquals(4, fromConf.candidates());
        assertEquals(4, fromConf.warmupCandidates()); // warmup-candidates = 0 means search.candidates
        assertNull(fromConf.warmupLoss()); // warmup-loss = start: the loss the search starts from
        assertEquals(new LossSpec.CosFace(32, SearchSettings.DEFAULT_START_MARGIN), fromConf.startFrom()); // start-from = null
    }

    @Test
    void startAndWarmupLossesTakeTheSearchScaleWhenTheyNameNone() {
        SearchSettings s = read(Map.of("search.scale", "16", "search.start-from", "{ type = cosface, m2 = 0.2 }",
                "search.warmup-loss", "{ type = softmax }"));
        assertEquals(new LossSpec.CosFace(16, 0.2), s.startFrom());
        assertEquals(new LossSpec.Softmax(16), s.warmupLoss());
        assertEquals(new LossSpec.Softmax(32), read(Map.of("search.warmup-loss", "null")).warmupLoss(),
                "null keeps its earlier meaning: softmax");
        assertEquals(null, read(Map.of("search.start-from", "mu-init")).startFrom(), "mu-init = start at search.mu-init");
        assertEquals(new LossSpec.CosFace(32, 0.35), read(Map.of("search.start-from", "null")).startFrom());
    }

    @Test
    void theLegacySearchIsTheseKeys() {
        SearchSettings s = read(Map.of("search.mapping", "log10", "search.start-from", "mu-init", "search.sigma", "0.2",
                "search.sigma-min", "0.01", "search.step-units", "x", "search.adam.lr", "0.05", "search.antithetic", "false",
                "search.common-random-numbers", "false", "search.warmup-loss", "null"));
        assertEquals(ReferenceSettings.builder().legacySearchDefaults().seed(42).build(), s);
    }

    @Test
    void aFixedLossIsReadAsALossSpec() {
        SearchSettings s = read(Map.of("search.policy", "fixed",
                "search.fixed-loss", "{ type = arcface, scale = 64, m3 = 0.5 }"));
        assertEquals(PolicyKind.FIXED, s.policy());
        assertEquals(new LossSpec.ArcFace(64, 0.5), s.fixedLoss());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
        "search.candidates; 0; search.candidates; >= 1",
        "search.candidates; four; search.candidates; wrong type",
        "search.sigma; -0.1; search.sigma; > 0",
        "search.scale; 0; search.scale; > 0",
        "search.policy; banana; search.policy; search-softmax",
        "search.space; cubic; search.space; piecewise",
        "search.mapping; exp; search.mapping; log10",
        "search.adam.beta1; 1.5; search.adam.beta1; in [",
        "search.random.min-abs-a; -1; search.random.min-abs-a; > 0",
        "search.sigma-min; 0.5; search.sigma-min; search.sigma",
        "search.warmup-loss; { type = cosface, scale = 32, m2 = -1 }; search.warmup-loss; m2",
        "search.warmup-loss; { type = hyperface, scale = 32 }; search.warmup-loss; allowed types",
        "search.warmup-loss; { type = arcface, scale = 32, m3 = 3 }; search.warmup-loss; m3 must be in",
        "search.warmup-loss; softmax; search.warmup-loss; must be start",
        "search.start-from; cosface; search.start-from; mu-init (start at search.mu-init)",
        "search.start-from; { type = arcface, m3 = 0.5 }; search.start-from; no single unified factor",
        "search.step-units; decades; search.step-units; allowed: x, sigma",
        "search.final-model; best; search.final-model; last-round-best, best-of-run",
        "search.antithetic; maybe; search.antithetic; wrong type",
    })
    void everyBadValueNamesItsKey(String key, String value, String named, String says) {
        ConfigError e = assertThrows(ConfigError.class, () -> read(Map.of(key, value)));
        assertEquals(named, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void sphereFaceWithoutAnnealingKeysTakesTheReferenceSchedule() {
        SearchSettings s = read(Map.of("search.policy", "fixed",
                "search.fixed-loss", "{ type = sphereface, scale = 32, m1 = 4 }"));
        assertEquals(LossSpec.SphereFace.withReferenceAnnealing(32, 4), s.fixedLoss());
    }

    @Test
    void theFixedPolicyNeedsItsLoss() {
        ConfigError e = assertThrows(ConfigError.class, () -> read(Map.of("search.policy", "fixed")));
        assertEquals("search.fixed-loss", e.key());
    }
}
