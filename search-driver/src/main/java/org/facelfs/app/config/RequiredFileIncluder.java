package org.facelfs.app.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseable;

/**
 * HOCON ignores an {@code include "other.conf"} whose file is missing; for a run configuration
 * that silently drops a whole preset (a config shipped without the file it includes would train
 * the built-in defaults). This includer makes every include of a named file (one with an
 * extension) required; extension-less names and {@code classpath(...)}/{@code url(...)} keep
 * HOCON's own rules.
 */
final class RequiredFileIncluder implements ConfigIncluder {

    private ConfigIncluder fallback;

    @Override
    public ConfigIncluder withFallback(ConfigIncluder next) {
        fallback = next;
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        ConfigParseable relative = hasExtension(what) ? context.relativeTo(what) : null;
        if (relative == null) {
            return fallback.include(context, what);
        }
        try {
            return relative.parse(context.parseOptions().setAllowMissing(false));
        } catch (ConfigException.IO missing) {
            throw new ConfigException.IO(ConfigOriginFactory.newSimple("include \"" + what + "\""),
                    "no such file beside the including file (HOCON would skip it silently and run without its "
                            + "settings)", missing);
        }
    }

    private static boolean hasExtension(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.lastIndexOf('.') > 0;
    }
}
