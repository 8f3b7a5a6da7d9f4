package org.facelfs.app;

import java.util.Map;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;

/** What a finished run leaves: its directory, final state and final evaluations (JSON by set). */
public record RunSummary(RunLayout layout, RunState state, Map<String, String> evaluations) {
}
