package org.facelfs.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The config overrides the Spark-overhead benches take after their positional arguments, as the CLI does. */
final class BenchArgs {

    private BenchArgs() {
    }

    /** {@code -Dkey=value} arguments as a map, in order; anything else is refused with its text. */
    static Map<String, String> overrides(List<String> args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("-D") || eq < 3) {
                throw new IllegalArgumentException("argument '" + a + "' is not a config override -Dkey=value");
            }
            o.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return o;
    }
}
