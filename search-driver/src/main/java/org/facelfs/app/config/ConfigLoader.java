package org.facelfs.app.config;

import org.facelfs.config.ConfigError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.facelfs.data.source.DataSection;

/**
 * Builds the effective configuration: {@code -Dkey=value} overrides over the {@code --config}
 * file over every module's {@code reference.conf} (where each key is documented with its default).
 * reference.conf is also the schema: a key it does not know is refused with the nearest one it
 * does ({@link KnownKeys}), and so is an {@code include} of a file that is not there.
 */
public final class ConfigLoader {

    /**
     * Objects whose keys reference.conf cannot list: the pairs sets (keys by format, checked by
     * {@link DataSection}) and {@code spark { }}, which takes any Spark property (app.spark.SparkSection).
     */
    private static final Set<String> OPEN_PATHS = Stream.concat(DataSection.KEYS_CHECKED_BY_READER.stream(),
            Stream.of("spark")).collect(Collectors.toUnmodifiableSet());

    private ConfigLoader() {
    }

    /**
     * @param file      the user's HOCON file, or null for the defaults alone
     * @param overrides {@code key -> value}; a value is read as HOCON ({@code [1,2]}, {@code {a=1}},
     *                  numbers, booleans) and otherwise taken as a string
     */
    public static Config load(Path file, Map<String, String> overrides) {
        Config reference = ConfigFactory.defaultReference();
        Config user = ConfigFactory.empty();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigError("--config", "file " + file + " does not exist or is not a file");
            }
            try {
                Path dir = file.toAbsolutePath().getParent();
                user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
                        .setIncluder(new RequiredIncludes(dir)));
            } catch (ConfigException e) {
                throw new ConfigError("--config", "cannot parse " + file + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            user = withOverride(user, e.getKey(), e.getValue());
        }
        try {
            Config merged = user.withFallback(reference);
            // the schema is every reference.conf alone (defaultReference also holds the JVM's system properties)
            KnownKeys.require(user.resolveWith(merged).root(), ConfigFactory.parseResources("reference.conf").root(),
                    OPEN_PATHS);
            return merged.resolve();
        } catch (ConfigException e) {
            throw new ConfigError(e.origin() == null ? "?" : e.origin().description(), e.getMessage());
        }
    }

    /**
     * {@code config} with one {@code -Dkey=value} applied. The value replaces whatever the file has at {@code key},
     * objects included: {@code -Dsearch.fixed-loss={type=softmax}} is softmax, not the file's CosFace object with
     * its type changed and its margin left behind (merging did that). One key of an object is set with
     * {@code -Dsearch.fixed-loss.type=softmax}.
     */
    private static Config withOverride(Config config, String key, String value) {
        if (key.startsWith(SparkSection.ROOT + ".")) {
            return SparkSection.override(key, value).withFallback(config);
        }
        ConfigValue parsed = override(key, value).root();
        for (String part : ConfigUtil.splitPath(key)) {
            parsed = ((ConfigObject) parsed).get(part); // getValue would refuse an explicit null
        }
        return config.withValue(key, parsed);
    }

    private static Config override(String key, String value) {
        try {
            ConfigUtil.splitPath(key);
        } catch (ConfigException e) {
            throw new ConfigError(key, "not a valid config path in -D" + key + "=" + value);
        }
        ConfigParseOptions opts = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                .setOriginDescription("-D" + key);
        try {
            return ConfigFactory.parseString(key + " = " + value, opts);
        } catch (ConfigException e) {
            return ConfigFactory.parseString(key + " = " + ConfigUtil.quoteString(value), opts);
        }
    }

    /** The effective configuration's given top-level sections as HOCON text (parseable again). */
    public static String render(Config config, Iterable<String> roots) {
        Config only = ConfigFactory.empty();
        for (String root : roots) {
            if (config.hasPath(root)) {
                only = only.withValue(root, config.getValue(root));
            }
        }
        ConfigRenderOptions opts = ConfigRenderOptions.defaults().setOriginComments(false).setJson(false);
        return only.root().render(opts);
    }
}
