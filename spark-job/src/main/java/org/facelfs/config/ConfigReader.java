package org.facelfs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed, validated reads of the effective configuration. Every failure is a {@link ConfigError}
 * naming the full key, the value found and what is allowed.
 */
public final class ConfigReader {

    private final Config config;
    private final String prefix;

    public ConfigReader(Config config) {
        this(config, "");
    }

    private ConfigReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** A reader of the section {@code path}, whose errors still name full keys. */
    public ConfigReader section(String path) {
        try {
            return new ConfigReader(config.getConfig(path), key(path) + ".");
        } catch (ConfigException e) {
            throw error(path, e);
        }
    }

    public boolean has(String path) {
        return config.hasPath(path);
    }

    public Config raw() {
        return config;
    }

    public String key(String path) {
        return prefix + path;
    }

    public String string(String path) {
        try {
            return config.getString(path);
        } catch (ConfigException e) {
            throw error(path, e);
        }
    }

    public boolean bool(String path) {
        try {
            return config.getBoolean(path);
        } catch (ConfigException e) {
            throw error(path, e);
        }
    }

    public int intAtLeast(String path, int min) {
        long v = whole(path);
        if (v > Integer.MAX_VALUE) {
            throw new ConfigError(key(path), "must be an integer <= " + Integer.MAX_VALUE + ", got " + v);
        }
        if (v < min) {
            throw new ConfigError(key(path), "must be an integer >= " + min + ", got " + v);
        }
        return (int) v;
    }

    public long longValue(String path) {
        return whole(path);
    }

    /** An integer: {@code 2.5} is refused (Typesafe Config would truncate it to 2), {@code 2.0} is 2. */
    private long whole(String path) {
        Number n;
        try {
            n = config.getNumber(path);
        } catch (ConfigException e) {
            throw error(path, e);
        }
        return wholeValue(key(path), n);
    }

    private static long wholeValue(String key, Number n) {
        if (n instanceof Integer || n instanceof Long) {
            return n.longValue();
        }
        double d = n.doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE) {
            throw new ConfigError(key, "must be an integer, got " + n);
        }
        return (long) d;
    }

    public double number(String path) {
        double v;
        try {
            v = config.getDouble(path);
        } catch (ConfigException e) {
            throw error(path, e);
        }
        if (!Double.isFinite(v)) {
            throw new ConfigError(key(path), "must be a finite number, got " + v);
        }
        return v;
    }

    public double positive(String path) {
        double v = number(path);
        if (!(v > 0)) {
            throw new ConfigError(key(path), "must be > 0, got " + v);
        }
        return v;
    }

    public double nonNegative(String path) {
        double v = number(path);
        if (!(v >= 0)) {
            throw new ConfigError(key(path), "must be >= 0, got " + v);
        }
        return v;
    }

    public double inRange(String path, double min, double max) {
        double v = number(path);
        if (!(v >= min && v <= max)) {
            throw new ConfigError(key(path), "must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    public List<Double> numbers(String path) {
        try {
            return config.getDoubleList(path);
        } catch (ConfigException e) {
            throw error(path, e);
        }
    }

    public List<Integer> ints(String path) {
        List<Number> numbers;
        try {
            numbers = config.getNumberList(path);
        } catch (ConfigException e) {
            throw error(path, e);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            long v = wholeValue(key(path) + "[" + i + "]", numbers.get(i));
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new ConfigError(key(path) + "[" + i + "]", "must be a 32-bit integer, got " + v);
            }
            out.add((int) v);
        }
        return out;
    }

    public List<String> strings(String path) {
        try {
            return config.getStringList(path);
        } catch (ConfigException e) {
            throw error(path, e);
        }
    }

    /** A value that must be one of the enum's constants, written in kebab-case. */
    public <E extends Enum<E>> E choice(String path, Class<E> type) {
        String v = string(path);
        return Choices.parse(type, v).orElseThrow(() -> new ConfigError(key(path), "unknown value '" + v
                + "'; allowed: " + String.join(", ", Choices.keys(type))));
    }


    /** Whether {@code path} is absent or explicitly null. */
    public boolean isNull(String path) {
        return !config.hasPathOrNull(path) || config.getIsNull(path);
    }

    /** The value at {@code path} as compact JSON (for objects read with Jackson). */
    public String json(String path) {
        try {
            return config.getValue(path).render(com.typesafe.config.ConfigRenderOptions.concise());
        } catch (ConfigException e) {
            throw error(path, e);
        }
    }

    /** Builds a value from a section, turning a constructor's IllegalArgumentException into a ConfigError. */
    public <T> T build(String path, Function<ConfigReader, T> builder) {
        ConfigReader s = section(path);
        try {
            return builder.apply(s);
        } catch (ConfigError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigError(key(path), e.getMessage());
        }
    }

    /** Reads each element of a list of objects with {@code builder}; errors name the index. */
    public <T> List<T> objects(String path, Function<ConfigReader, T> builder) {
        List<? extends Config> items;
        try {
            items = config.getConfigList(path);
        } catch (ConfigException e) {
            throw error(path, e);
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ConfigReader item = new ConfigReader(items.get(i), key(path) + "[" + i + "].");
            try {
                out.add(builder.apply(item));
            } catch (ConfigError e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ConfigError(key(path) + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }


    private ConfigError error(String path, ConfigException e) {
        if (e instanceof ConfigException.Missing) {
            return new ConfigError(key(path), "is missing (no default in reference.conf either)");
        }
        if (e instanceof ConfigException.WrongType) {
            String origin = e.origin() == null ? "" : " (" + e.origin().description() + ")";
            String msg = e.getMessage();
            int idx = msg.indexOf(": " + path);
            return new ConfigError(key(path), "has the wrong type" + origin + ": "
                    + (idx >= 0 ? msg.substring(idx + 2) : msg));
        }
        return new ConfigError(key(path), e.getMessage());
    }
}
