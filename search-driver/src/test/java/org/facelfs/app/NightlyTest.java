package org.facelfs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyTest {

    @Test
    void tonightWarmStartsFromTheNewestEarlierNightThatCompletedARound(@TempDir Path base) throws Exception {
        FileStore store = FileStore.withDefaults();
        LocalDate today = LocalDate.of(2026, 11, 28);
        assertTrue(Nightly.previousNight(store, base.toString(), today).isEmpty(), "first night: nothing to start from");
        for (String night : new String[] {"2026-11-25", "2026-11-26", "2026-11-28"}) {
            Files.createDirectories(base.resolve(night));
            Files.writeString(base.resolve(night).resolve("state.json"), "{}");
        }
        Files.createDirectories(base.resolve("2026-11-27")); // died before its first round: no state.json
        Files.createDirectories(base.resolve("notes"));
        String prev = Nightly.previousNight(store, base.toString(), today).orElseThrow();
        assertTrue(prev.endsWith("/2026-11-26"), prev);
        assertEquals(base + "/2026-11-28", Nightly.outFor(base + "/", today));
    }
}
