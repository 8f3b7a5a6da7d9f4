package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.app.config.SearchSettingsReader;
import org.facelfs.config.ConfigReader;
import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.SpaceKind;
import java.util.function.Supplier;
import org.facelfs.config.ConfigError;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AdamSettings;
import org.facelfs.policy.Mapping;
import org.facelfs.policy.RandomRange;
import org.facelfs.policy.RewardNormalisation;
import org.facelfs.policy.StepUnits;
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
        assertNull(s.warmupLoss(), "null = the loss the search starts from");
        assertEquals(Mapping.MARGIN, s.mapping());
        assertEquals(new LossSpec.CosFace(32, 0.35), s.startFrom());
        assertEquals(0.03, s.sigma());
        assertEquals(0.01, s.sigmaMin());
        assertEquals(StepUnits.SIGMA, s.stepUnits());
        assertEquals(new AdamSettings(1.2, 0.5, 0.999, 1e-8), s.adam());
        assertTrue(s.antithetic() && s.commonRandomNumbers());
        assertEquals(FinalModel.LAST_ROUND_BEST, s.finalModel());
        assertEquals(RewardNormalisation.STD, s.rewardNormalisation());
        assertEquals(10, s.bins());
        assertEquals(6, s.amLfsIntervals());
        assertTrue(s.isWarmup(1) && !s.isWarmup(2));
    }

    @Test
    void theLegacyDefaultsAreTheSearchBeforeIssue15() {
        SearchSettings s = ReferenceSettings.builder().scale(16).legacySearchDefaults().build();
        assertEquals(Mapping.LOG10, s.mapping());
        assertNull(s.startFrom());
        assertEquals(0, s.muInit());
        assertEquals(0.2, s.sigma());
        assertEquals(0.01, s.sigmaMin());
        assertEquals(StepUnits.X, s.stepUnits());
        assertEquals(AdamSettings.REFERENCE, s.adam());
        assertFalse(s.antithetic() || s.commonRandomNumbers());
        assertEquals(new LossSpec.Softmax(16), s.warmupLoss());
    }

    @Test
    void warmupRoundsThatCoverEveryRoundAreWarnedAbout() {
        assertEquals(List.of(), ReferenceSettings.builder().rounds(3).warmupRounds(2).build().warnings());
        List<String> w = ReferenceSettings.builder().rounds(2).warmupRounds(2).build().warnings();
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("search.warmup-rounds = 2 is not below search.rounds = 2") && w.get(0)
                .contains("never samples or updates a loss"), w.get(0));
        assertEquals(1, ReferenceSettings.builder().rounds(1).warmupRounds(5).policy(PolicyKind.AM_LFS).build().warnings().size());
        assertEquals(List.of(), ReferenceSettings.builder().rounds(1).policy(PolicyKind.FIXED).fixedLoss(new LossSpec.Softmax(32))
                .build().warnings(), "the fixed policy has no warm-up");
    }

    @Test
    void aStartWithoutAUnifiedFactorIsRefusedByKey() {
        expect("search.start-from", "cannot be arcface: it has no single unified factor a",
                () -> ReferenceSettings.builder().startFrom(new LossSpec.ArcFace(32, 0.5)).build());
        expect("search.start-from", "cannot be a unified-piecewise loss with 2 factors for a space of 10",
                () -> ReferenceSettings.builder().space(SpaceKind.PIECEWISE)
                        .startFrom(new LossSpec.UnifiedPiecewise(32, List.of(-1.0, -2.0))).build());
        expect("search.step-units", "unknown value 'sigmas'; allowed: x, sigma", () -> readWith("search.step-units", "sigmas"));
        expect("search.final-model", "unknown value 'best'; allowed: last-round-best, best-of-run",
                () -> readWith("search.final-model", "best"));
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

    private static SearchSettings readWith(String key, String value) {
        return SearchSettingsReader.read(new ConfigReader(ConfigLoader.load(null, Map.of(key, value))));
    }

    private static void expect(String key, String problem, Supplier<?> build) {
        ConfigError e = assertThrows(ConfigError.class, build::get);
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected «" + problem + "» in «" + e.getMessage() + "»");
    }
}
