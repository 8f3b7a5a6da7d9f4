package org.facelfs.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.config.ConfigReader;
import org.facelfs.config.ConfigError;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    enum Mode { SEARCH_GLOBAL, FIXED }

    private static ConfigReader reader(String hocon) {
        return new ConfigReader(ConfigFactory.parseString(hocon).resolve());
    }

    @Test
    void errorsNameTheFullKeyTheValueAndWhatIsAllowed() {
        ConfigReader r = reader("search { candidates = 0, sigma = -1, policy = banana, rounds = many }");
        ConfigReader search = r.section("search");
        ConfigError m = assertThrows(ConfigError.class, () -> search.intAtLeast("candidates", 1));
        assertEquals("config key 'search.candidates': must be an integer >= 1, got 0", m.getMessage());
        ConfigError s = assertThrows(ConfigError.class, () -> search.positive("sigma"));
        assertEquals("search.sigma", s.key());
        ConfigError p = assertThrows(ConfigError.class, () -> search.choice("policy", Mode.class));
        assertTrue(p.getMessage().contains("'banana'") && p.getMessage().contains("search-global, fixed"), p.getMessage());
        ConfigError t = assertThrows(ConfigError.class, () -> search.intAtLeast("rounds", 1));
        assertTrue(t.getMessage().startsWith("config key 'search.rounds': has the wrong type"), t.getMessage());
        ConfigError missing = assertThrows(ConfigError.class, () -> search.number("nope"));
        assertEquals("search.nope", missing.key());
    }

    @Test
    void kebabCaseChoicesAreAccepted() {
        assertEquals(Mode.SEARCH_GLOBAL, reader("p = search-global").choice("p", Mode.class));
    }

    @Test
    void constructorValidationBecomesAConfigErrorOnTheSection() {
        ConfigReader r = reader("loss { scale = -3 }");
        ConfigError e = assertThrows(ConfigError.class,
                () -> r.build("loss", s -> new org.facelfs.loss.LossSpec.Softmax(s.number("scale"))));
        assertEquals("loss", e.key());
        assertTrue(e.getMessage().contains("scale must be"), e.getMessage());
    }

    @Test
    void overridesBeatTheFileWhichBeatsDefaultsAndHoconValuesParse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.conf");
        Files.writeString(file, "search.bins = 1\nsearch.rounds = 2\ntrain.lr.milestones = [9]\n");
        var c = ConfigLoader.load(file, Map.of("search.rounds", "3", "train.lr.milestones", "[1, 2]",
                "run.out", "hdfs://nn:8020/x y"));
        assertEquals(1, c.getInt("search.bins"));
        assertEquals(3, c.getInt("search.rounds"));
        assertEquals(List.of(1, 2), c.getIntList("train.lr.milestones"));
        assertEquals("hdfs://nn:8020/x y", c.getString("run.out"));
        assertEquals(4, c.getInt("search.candidates")); // reference.conf's
    }

    /**
     * An object given with -D replaces the file's object whole: merging left the file's margin inside a
     * softmax (the lfw-small best-of-M control refused to start on it). One key still sets one key, and null is null.
     */
    @Test
    void anObjectOverrideReplacesTheFilesObjectAndAKeyOverrideSetsOneKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cosface.conf");
        Files.writeString(file, "search.fixed-loss { type = cosface, m2 = 0.35, scale = 32 }\n"
                + "search.warmup-loss { type = cosface, m2 = 0.35 }\n");
        var replaced = ConfigLoader.load(file, Map.of("search.fixed-loss", "{type=softmax,scale=32}",
                "search.warmup-loss", "null"));
        assertEquals(Map.of("type", "softmax", "scale", 32), replaced.getObject("search.fixed-loss").unwrapped());
        assertTrue(replaced.getIsNull("search.warmup-loss"));
        var oneKey = ConfigLoader.load(file, Map.of("search.fixed-loss.m2", "0.4"));
        assertEquals(Map.of("type", "cosface", "m2", 0.4, "scale", 32),
                oneKey.getObject("search.fixed-loss").unwrapped());
    }

    /** A config file saved by a Windows editor starts with a UTF-8 byte order mark; its first key must still count. */
    @Test
    void aByteOrderMarkBeforeTheFirstKeyIsIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bom.conf");
        Files.writeString(file, "\uFEFFsearch.candidates = 3\n");
        assertEquals(3, ConfigLoader.load(file, Map.of()).getInt("search.candidates"));
    }

    /** data.max-image-pixels' default is the readers' own (Preprocess's, which eval and the library use). */
    @Test
    void thePixelLimitHasOneDefault() {
        assertEquals(org.facelfs.data.Preprocess.DEFAULT_MAX_SOURCE_PIXELS,
                ConfigLoader.load(null, Map.of()).getLong("data.max-image-pixels"));
    }

    @Test
    void aMissingConfigFileIsNamed(@TempDir Path dir) {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(dir.resolve("none.conf"), Map.of()));
        assertTrue(e.getMessage().contains("none.conf"), e.getMessage());
    }
}
