package org.facelfs.data;

/**
 * Input that cannot be used and cannot safely be skipped: a bad line in a pairs file, a missing
 * image a pair refers to, a broken RecordIO index, a malformed pickle. The message names the
 * file and the line or record.
 */
public class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code e} or one of its causes is bad input: its message says all, so logs keep it
     * without a stack trace (docs/reliability.md: bad input gives a message, not a trace).
     */
    public static boolean isBadInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataFormatException) {
                return true;
            }
        }
        return false;
    }
}
