package org.facelfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.facelfs.config.ConfigError;
import org.facelfs.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class GpuRequestTest {

    @Test
    void askingForGpusOnACpuBuildFailsAtStartNamingTheKeyAndTheFix() {
        ConfigError e = assertThrows(ConfigError.class, () -> SearchApplication.run(
                ConfigLoader.load(null, Map.of("cluster.gpus-per-candidate", "1")), false, line -> { }));
        assertEquals("cluster.gpus-per-candidate", e.key());
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
    }
}
