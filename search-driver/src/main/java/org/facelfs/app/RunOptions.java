package org.facelfs.app;

import org.facelfs.run.RunLayout;
import org.facelfs.search.SearchSettings;

/**
 * How one invocation of the search runs.
 *
 * @param layout            the output directory
 * @param settings          the controller's settings
 * @param effectiveConfig   the effective configuration as HOCON text (written to config.conf)
 * @param configFingerprint fingerprint of the parts of the configuration a resume must not change
 * @param codeVersion       facelfs version
 * @param fresh             refuse to touch an existing run (no resume)
 * @param warmStart         an earlier run to start from, or null
 * @param lease             how long the run's lease on its directory lasts unless renewed (run.lease-seconds)
 */
public record RunOptions(RunLayout layout, SearchSettings settings, String effectiveConfig, String configFingerprint,
                         String codeVersion, boolean fresh, WarmStart warmStart, java.time.Duration lease) {

    /** reference.conf's run.lease-seconds. */
    public static final java.time.Duration DEFAULT_LEASE = java.time.Duration.ofSeconds(60);

    /** Options with the default lease. */
    public RunOptions(RunLayout layout, SearchSettings settings, String effectiveConfig, String configFingerprint,
                      String codeVersion, boolean fresh, WarmStart warmStart) {
        this(layout, settings, effectiveConfig, configFingerprint, codeVersion, fresh, warmStart, DEFAULT_LEASE);
    }
}
