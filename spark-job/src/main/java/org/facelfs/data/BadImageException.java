package org.facelfs.data;

/**
 * An image that cannot be decoded; {@link #kind()} says how the caller should count the skip.
 * Readers that may skip (image folders) count it in {@link InputProblems}; readers that may not
 * (pairs files) turn it into a {@link DataFormatException}.
 */
public class BadImageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final InputProblems.Kind kind;

    public BadImageException(InputProblems.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public InputProblems.Kind kind() {
        return kind;
    }
}
