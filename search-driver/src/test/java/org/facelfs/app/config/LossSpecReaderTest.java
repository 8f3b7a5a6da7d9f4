package org.facelfs.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.config.ConfigReader;
import org.facelfs.config.ConfigError;
import java.util.Map;
import org.facelfs.loss.LossSpec;
import org.junit.jupiter.api.Test;

/** Loss objects in HOCON: named margin keys, insightface's order, old keys, and refused degenerate margins. */
class LossSpecReaderTest {

    private static LossSpec read(String hocon) {
        return LossSpecReader.read(new ConfigReader(ConfigLoader.load(null, Map.of("search.fixed-loss", hocon))),
                "search.fixed-loss");
    }

    @Test
    void namedKeysInsightfaceOrderAndOldKeys() {
        assertEquals(new LossSpec.CosFace(32, 0.35), read("{ type = cosface, scale = 32, cosine-margin = 0.35 }"));
        assertEquals(new LossSpec.ArcFace(64, 0.5), read("{ type = arcface, scale = 64, angular-margin = 0.5 }"));
        assertEquals(new LossSpec.Combined(64, 1, 0.0, 0.5), read("{ type = combined, scale = 64, insightface = [1.0, 0.5, 0.0] }"));
        assertEquals(new LossSpec.Combined(64, 1, 0.4, 0.0), read("{ type = combined, scale = 64, insightface = [1.0, 0.0, 0.4] }"));
        assertEquals(new LossSpec.Combined(32, 1, 0.2, 0.3), read("{ type = combined, scale = 32, m1 = 1, m2 = 0.2, m3 = 0.3 }"));
        assertEquals(new LossSpec.CosFace(32, 0.35), read("{ type = cosface, scale = 32, m2 = 0.35 }"));
        assertEquals(new LossSpec.ElasticArc(64, 0.5, 0.05, 0),
                read("{ type = elasticface-arc, scale = 64, angular-margin = 0.5, margin-std = 0.05 }"));
        assertEquals(LossSpec.AmLfsLogit.identity(32, 2), read("{ type = am-lfs-t, scale = 32, alpha = [1, 1], beta = [0, 0] }"));
    }

    @Test
    void degenerateMarginsAreAConfigErrorWithTheRange() {
        ConfigError cos = assertThrows(ConfigError.class, () -> read("{ type = cosface, scale = 32, cosine-margin = 100 }"));
        assertTrue(cos.getMessage().contains("search.fixed-loss") && cos.getMessage().contains("[0, 2)"), cos.getMessage());
        ConfigError a = assertThrows(ConfigError.class, () -> read("{ type = unified-global, scale = 32, a = -1e300 }"));
        assertTrue(a.getMessage().contains("search.fixed-loss") && a.getMessage().contains("[-1e+30, 0]"), a.getMessage());
        ConfigError list = assertThrows(ConfigError.class, () -> read("{ type = combined, scale = 32, insightface = [1, 0.5] }"));
        assertTrue(list.getMessage().contains("insightface must be [m1, m2, m3]"), list.getMessage());
    }
}
