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
 */
public record RunOptions(RunLayout layout, SearchSettings settings, String effectiveConfig, String configFingerprint,
                         String codeVersion, boolean fresh, WarmStart warmStart) {
}
