package org.facelfs.app.summary;

/**
 * How a search ended, for schedulers: the {@code status} of {@code summary.json} and the exit code
 * of {@code facelfs search} (docs/cluster.md, "Monitoring a nightly run").
 */
public enum RunStatus {
    /** Every round ran; failed candidates at most run.max-failed-fraction. */
    DONE("done", 0),
    /**
     * An error stopped the run (bad input or configuration, every candidate of a round failed, output
     * not writable). state.json keeps the last completed round: fix the cause, run the same command.
     */
    FAILED("failed", 2),
    /** Every round ran, but more than run.max-failed-fraction of the candidates failed. */
    CANDIDATES_FAILED("candidates-failed", 3),
    /**
     * Stopped from outside (the Spark context shut down under it: SIGTERM, the application killed,
     * preemption). state.json keeps the last completed round: the same command resumes.
     */
    INTERRUPTED("interrupted", 4);

    private final String key;
    private final int exitCode;

    RunStatus(String key, int exitCode) {
        this.key = key;
        this.exitCode = exitCode;
    }

    public String key() {
        return key;
    }

    public int exitCode() {
        return exitCode;
    }
}
