package org.facelfs.search;

import java.util.Map;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.app.config.SearchSettingsReader;
import org.facelfs.config.ConfigReader;

/** The tests' defaults come from where the product's do: reference.conf's {@code search} section. */
public final class ReferenceSettings {

    private ReferenceSettings() {
    }

    /** A builder holding reference.conf's search settings. */
    public static SearchSettings.Builder builder() {
        return SearchSettingsReader.builder(new ConfigReader(ConfigLoader.load(null, Map.of())));
    }
}
