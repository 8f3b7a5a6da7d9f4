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
}
