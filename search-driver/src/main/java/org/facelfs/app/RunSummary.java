package org.facelfs.app;

import java.util.List;
import org.facelfs.eval.VerificationReport;
import org.facelfs.run.RunLayout;
import org.facelfs.run.RunState;

/** What a finished run leaves: its directory, final state and final evaluations (one per set). */
public record RunSummary(RunLayout layout, RunState state, List<VerificationReport> evaluations) {
}
