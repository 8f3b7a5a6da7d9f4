package org.facelfs.config;

/**
 * A user-facing configuration problem: names the key, says what is wrong and what is allowed.
 * The command line prints its message alone (no stack trace) and exits non-zero. Validation in
 * value types (e.g. {@code SearchSettings}) throws it too, so the key travels as data, never
 * parsed back out of a sentence. (It is an {@link IllegalArgumentException}: a bad setting is a
 * bad argument to whatever it configures.)
 */
public final class ConfigError extends IllegalArgumentException {

    private final String key;

    public ConfigError(String key, String problem) {
        super("config key '" + key + "': " + problem);
        this.key = key;
    }

    /** The offending key, e.g. {@code search.candidates}. */
    public String key() {
        return key;
    }
}
