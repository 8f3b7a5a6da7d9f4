package org.facelfs.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every verb that reads the run configuration shares. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "HOCON file laid over the built-in defaults (every key is documented in reference.conf).")
    Path file;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override one config key, e.g. -Dsearch.rounds=4 -Dsearch.candidates=8.")
    Map<String, String> overrides = new LinkedHashMap<>();
}
