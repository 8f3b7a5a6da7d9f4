package org.facelfs.app.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Comparator;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.facelfs.config.ConfigError;

/**
 * reference.conf as the schema: every key a user sets (in the {@code --config} file or with
 * {@code -D}) must be one that some module's reference.conf documents, so {@code search.round} or
 * {@code trian { }} is refused with the closest known key instead of silently running on defaults.
 * A key another module adds to its reference.conf is known at once. Below a key whose default is
 * not an object (a list, a loss object defaulting to null) the reader of that key checks.
 */
final class KnownKeys {

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private KnownKeys() {
    }

    /**
     * @param user       what the user set (file and overrides, before the defaults)
     * @param reference  every reference.conf merged
     * @param openPaths  objects whose keys depend on another key (a format): their reader checks them
     */
    static void require(ConfigObject user, ConfigObject reference, Set<String> openPaths) {
        check(user, reference, "", openPaths);
    }

    private static void check(ConfigObject user, ConfigObject reference, String prefix, Set<String> openPaths) {
        for (var e : user.entrySet()) {
            String path = prefix.isEmpty() ? ConfigUtil.joinPath(e.getKey()) : prefix + "." + ConfigUtil.joinPath(e.getKey());
            ConfigValue known = reference.get(e.getKey());
            if (known == null) {
                throw new ConfigError(path, "is not a known key" + closest(e.getKey(), reference.keySet(), prefix)
                        + " (every key is documented, with its default, in reference.conf)");
            }
            if (known.valueType() == ConfigValueType.OBJECT && e.getValue().valueType() == ConfigValueType.OBJECT
                    && !openPaths.contains(path)) {
                check((ConfigObject) e.getValue(), (ConfigObject) known, path, openPaths);
            }
        }
    }

    /** "; did you mean 'search.rounds'?" for the nearest sibling, or "" when none is near. */
    static String closest(String key, Set<String> known, String prefix) {
        return known.stream().min(Comparator.comparingInt((String k) -> DISTANCE.apply(key, k)).thenComparing(k -> k))
                .filter(k -> DISTANCE.apply(key, k) <= Math.max(2, key.length() / 3))
                .map(k -> "; did you mean '" + (prefix.isEmpty() ? k : prefix + "." + k) + "'?").orElse("");
    }
}
