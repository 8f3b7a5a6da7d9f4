package org.facelfs.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.facelfs.config.ConfigError;
import org.facelfs.config.ConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 5: reference.conf is the schema. A key it does not document, a fraction where an
 * integer is meant, or an include of a missing file is an error naming the key or file: before,
 * each ran silently on defaults (or on 2 for 2.5).
 */
class ConfigTyposTest {

    @TempDir
    Path dir;

    private ConfigError refused(String hocon) throws IOException {
        Path file = Files.writeString(dir.resolve("run.conf"), hocon);
        return assertThrows(ConfigError.class, () -> JobConfig.read(new ConfigReader(ConfigLoader.load(file, Map.of()))));
    }

    @Test
    void anUnknownOverrideNamesTheNearestKnownKey() {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, Map.of("search.round", "2")));
        assertEquals("search.round", e.key());
        assertTrue(e.getMessage().contains("did you mean 'search.rounds'?"), e.getMessage());
    }

    @Test
    void unknownKeysInTheFileAreRefusedAtAnyDepth() throws IOException {
        ConfigError key = refused("search { candidtes = 1 }");
        assertEquals("search.candidtes", key.key());
        assertTrue(key.getMessage().contains("did you mean 'search.candidates'?"), key.getMessage());

        ConfigError section = refused("trian { batch-size = 8 }");
        assertEquals("trian", section.key());
        assertTrue(section.getMessage().contains("did you mean 'train'?"), section.getMessage());

        ConfigError deep = refused("train.lr { shedule = cosine }");
        assertEquals("train.lr.shedule", deep.key());
        assertTrue(deep.getMessage().contains("did you mean 'train.lr.schedule'?"), deep.getMessage());

        // spark { } takes any Spark property
        ConfigLoader.load(null, Map.of("spark.executor.memory", "2g"));

        ConfigError far = refused("search.banana = 1");
        assertTrue(!far.getMessage().contains("did you mean"), far.getMessage());
    }

    @Test
    void setsOfAnyFormatKeepTheirKeysAndTyposInThemAreRefused() throws IOException {
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), "a.png,b.png,1\n");
        String lfw = "data.reward { format = csv, name = mine, file = \"" + pairs + "\" }";
        Path ok = Files.writeString(dir.resolve("ok.conf"), lfw);
        JobConfig job = JobConfig.read(new ConfigReader(ConfigLoader.load(ok, Map.of())));
        assertEquals("mine", job.plan().reward().name());

        ConfigError reward = refused("data.reward { format = lfw, pairz = p.txt, images = i }");
        assertEquals("data.reward.pairz", reward.key());
        ConfigError eval = refused("data.eval = [{ format = bin, fiel = x.bin }]");
        assertEquals("data.eval[0].fiel", eval.key());
    }

    @Test
    void aFractionWhereAnIntegerIsMeantIsRefused() throws IOException {
        ConfigError e = refused("search.candidates = 2.5");
        assertEquals("search.candidates", e.key());
        assertTrue(e.getMessage().contains("must be an integer, got 2.5"), e.getMessage());
        ConfigError list = refused("train.lr.milestones = [2, 3.5]");
        assertEquals("train.lr.milestones[1]", list.key());
        assertEquals(4, JobConfig.read(new ConfigReader(ConfigLoader.load(null, Map.of("search.candidates", "4.0"))))
                .search().candidates());
    }

    @Test
    void anIncludeOfAMissingFileIsRefusedWithTheFileNamed() throws IOException {
        Files.writeString(dir.resolve("common.conf"), "search.candidates = 3\n");
        Path good = Files.writeString(dir.resolve("good.conf"), "include \"common.conf\"\nsearch.rounds = 5\n");
        JobConfig job = JobConfig.read(new ConfigReader(ConfigLoader.load(good, Map.of())));
        assertEquals(3, job.search().candidates());
        assertEquals(5, job.search().rounds());

        Path bad = Files.writeString(dir.resolve("bad.conf"), "include \"comon.conf\"\nsearch.rounds = 5\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(bad, Map.of()));
        assertEquals("--config", e.key());
        assertTrue(e.getMessage().contains("comon.conf"), e.getMessage());

        Path badFile = Files.writeString(dir.resolve("bad2.conf"), "include file(\"" + dir.resolve("nope.conf") + "\")\n");
        ConfigError f = assertThrows(ConfigError.class, () -> ConfigLoader.load(badFile, Map.of()));
        assertTrue(f.getMessage().contains("nope.conf"), f.getMessage());
    }
}
