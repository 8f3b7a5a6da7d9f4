package org.facelfs.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.facelfs.config.ConfigError;

/**
 * The {@code spark { }} section of the configuration: Spark settings for embedded runs
 * ({@code java -jar facelfs.jar search}), so they reach what {@code spark-submit --conf} reaches.
 * Key {@code spark.a.b} of the config is Spark's {@code spark.a.b}; {@code -Dspark.a.b=v} after the
 * verb sets one (any characters, e.g. {@code *}, taken literally, the value as a string).
 *
 * <p>Precedence: what is already in the SparkConf (spark-submit's {@code --conf} and
 * spark-defaults.conf, JVM {@code -Dspark.*} flags before {@code -jar}) wins; the section fills in
 * the rest. {@code spark.plugins} is the exception: both lists are kept.
 */
public record SparkSection(Map<String, String> settings) {

    public static final String ROOT = "spark";
    static final String PLUGINS = "spark.plugins";

    public SparkSection {
        settings = Map.copyOf(settings);
    }

    /** The section's settings, flattened to Spark keys. */
    public static SparkSection from(Config config) {
        Map<String, String> out = new TreeMap<>();
        if (config.hasPath(ROOT)) {
            for (Map.Entry<String, ConfigValue> e : config.getConfig(ROOT).entrySet()) {
                String key = ROOT + "." + String.join(".", ConfigUtil.splitPath(e.getKey()));
                out.put(key, text(key, e.getValue()));
            }
        }
        return new SparkSection(out);
    }

    /** The config that {@code -Dspark.x.y=value} stands for: key split at dots only, value a string. */
    public static Config override(String key, String value) {
        String path = ConfigUtil.joinPath(Arrays.asList(key.split("\\.", -1)));
        return ConfigFactory.empty().withValue(path, ConfigValueFactory.fromAnyRef(value, "-D" + key));
    }

    /** This section with one more setting ({@code spark.plugins}: one more plugin). */
    public SparkSection with(String key, String value) {
        Map<String, String> m = new TreeMap<>(settings);
        m.merge(key, value, (a, b) -> key.equals(PLUGINS) ? joinLists(a, b) : b);
        return new SparkSection(m);
    }

    /** Fills in every setting {@code conf} does not have yet; plugins are added to its list. */
    public void applyTo(SparkConf conf) {
        settings.forEach((key, value) -> {
            if (key.equals(PLUGINS)) {
                conf.set(key, joinLists(conf.get(key, ""), value));
            } else {
                conf.setIfMissing(key, value);
            }
        });
    }

    private static String joinLists(String a, String b) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : (a + "," + b).split(",")) {
            if (!s.isBlank()) {
                all.add(s.trim());
            }
        }
        return String.join(",", all);
    }

    private static String text(String key, ConfigValue v) {
        if (v.valueType() == ConfigValueType.LIST) {
            List<String> items = ((List<?>) v.unwrapped()).stream().map(x -> {
                if (x instanceof Map || x instanceof List) {
                    throw new ConfigError(key, "a Spark setting is a string, a number or a list of those");
                }
                return String.valueOf(x);
            }).toList();
            return String.join(",", items);
        }
        return String.valueOf(v.unwrapped());
    }
}
