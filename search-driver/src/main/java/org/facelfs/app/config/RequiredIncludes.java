package org.facelfs.app.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseable;
import java.io.File;
import java.nio.file.Path;

/**
 * Makes every {@code include} of a configuration file required: Typesafe Config skips a missing
 * include without a word (only {@code include required(...)} fails), so a mistyped include would
 * run on defaults. Relative names resolve against the including file, as Typesafe's own includer.
 */
final class RequiredIncludes implements ConfigIncluder, ConfigIncluderFile {

    private final Path base;

    /** @param base the directory of the top-level file */
    RequiredIncludes(Path base) {
        this.base = base;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        ConfigParseable relative = context.relativeTo(what);
        if (relative != null) {
            try {
                return relative.parse(context.parseOptions().setAllowMissing(false));
            } catch (ConfigException.IO missing) {
                throw new ConfigException.IO(ConfigOriginFactory.newSimple("include \"" + what + "\""),
                        "no such file beside the including file (HOCON would skip it silently and run without its "
                                + "settings)", missing);
            }
        }
        return includeFile(context, base.resolve(what).toFile());
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File file) {
        return ConfigFactory.parseFile(file, context.parseOptions().setAllowMissing(false)).root();
    }
}
