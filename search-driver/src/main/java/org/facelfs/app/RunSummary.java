package org.facelfs.app;

import java.util.List;
import org.facelfs.app.summary.RunStatus;
import org.facelfs.eval.VerificationReport;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;

/**
 * What a finished run leaves: its directory, final state, final evaluations (one per set) and how
 * it ended (the exit code).
 */
public record RunSummary(RunLayout layout, RunState state, List<VerificationReport> evaluations, RunStatus status) {

    public RunSummary(RunLayout layout, RunState state, List<VerificationReport> evaluations) {
        this(layout, state, evaluations, RunStatus.DONE);
    }

    public RunSummary withStatus(RunStatus s) {
        return new RunSummary(layout, state, evaluations, s);
    }
}
