package org.facelfs.run;

/** A checkpoint on resume that cannot be trusted; the message names the file and the way out. */
public final class CorruptCheckpointException extends RuntimeException {
    public CorruptCheckpointException(String problem) {
        super(problem + ". Nothing was changed. Restore the file from a backup, or start a new run in another "
                + "output directory (or pass --fresh with a new --out).");
    }
}
