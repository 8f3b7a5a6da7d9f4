package org.facelfs.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facelfs search}: runs the loss-function search described by a HOCON config. */
@Command(name = "search", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Run the loss-function search (embedded Spark local[*] unless spark-submit sets a master).")
final class SearchCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "HOCON file laid over the built-in defaults (reference.conf).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (any Hadoop FileSystem URI); overrides run.out.")
    String out;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override one config key, e.g. -Dsearch.rounds=4.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    @Override
    public Integer call() {
        System.err.println("search: not implemented yet");
        return 2;
    }
}
