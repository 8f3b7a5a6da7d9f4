package org.facelfs.config;

/**
 * A user-facing configuration problem: names the key, says what is wrong and what is allowed.
 * The command line prints its message alone (no stack trace) and exits non-zero.
 */
public final class ConfigError extends RuntimeException {

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
