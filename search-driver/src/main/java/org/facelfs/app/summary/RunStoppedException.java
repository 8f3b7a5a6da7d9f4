package org.facelfs.app.summary;

/** A search that stopped before its last round, with the status (and exit code) that says why. */
public final class RunStoppedException extends RuntimeException {

    private final RunStatus status;

    public RunStoppedException(RunStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public RunStatus status() {
        return status;
    }
}
