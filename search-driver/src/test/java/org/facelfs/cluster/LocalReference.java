package org.facelfs.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facelfs.cli.SearchApplication;
import org.facelfs.app.config.ConfigLoader;

/** The reference every cluster run is compared with: the same config run on embedded Spark local[2]. */
public final class LocalReference {

    /** The tiny search of the Spark tests: 2 rounds x 2 candidates, seconds per round. */
    public static final Path TINY = Path.of("src/test/resources/tiny.conf");

    private LocalReference() {
    }

    /** Runs the search in this JVM on local[2] into {@code out} (a path or URI); returns its progress lines. */
    public static List<String> run(Path config, String out, Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>(overrides);
        o.put("run.out", out);
        o.put("run.master", "local[2]");
        List<String> lines = new ArrayList<>();
        SearchApplication.run(ConfigLoader.load(config, o), false, lines::add);
        return lines;
    }
}
