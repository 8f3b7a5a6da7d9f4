package org.facelfs.app;

import java.util.Map;
import org.facelfs.app.run.RunLayout;
import org.facelfs.app.run.RunState;
import org.facelfs.app.summary.RunStatus;

/**
 * What a finished run leaves: its directory, final state, final evaluations (JSON by set) and how
 * it ended (the exit code).
 */
public record RunSummary(RunLayout layout, RunState state, Map<String, String> evaluations, RunStatus status) {

    public RunSummary(RunLayout layout, RunState state, Map<String, String> evaluations) {
        this(layout, state, evaluations, RunStatus.DONE);
    }

    public RunSummary withStatus(RunStatus s) {
        return new RunSummary(layout, state, evaluations, s);
    }
}
