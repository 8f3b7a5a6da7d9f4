package org.facelfs.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader skipped and why, for the run summary: a count per {@link Kind} and the first
 * {@link #maxMessages()} messages, each naming the file (and record or line) and what was done.
 * Thread-safe, because folders are decoded in parallel.
 */
public final class InputProblems implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Why an input was skipped. */
    public enum Kind {
        /** A file that could not be decoded as an image (truncated, damaged). */
        CORRUPT_IMAGE,
        /** A file of length zero. */
        ZERO_BYTE_FILE,
        /** A file whose name or content is not a supported image (JPEG, PNG, PGM/PPM). */
        NOT_AN_IMAGE,
        /** An image whose header declares more pixels than the limit (a decompression bomb); never decoded. */
        TOO_LARGE_IMAGE,
        /** An identity folder with no usable image. */
        EMPTY_IDENTITY,
        /** An identity with fewer usable images than the configured minimum. */
        TOO_FEW_IMAGES
    }

    private final int maxMessages;
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    private final List<String> messages = new ArrayList<>();

    /** Keeps the first 20 messages. */
    public InputProblems() {
        this(20);
    }

    public InputProblems(int maxMessages) {
        if (maxMessages < 0) {
            throw new IllegalArgumentException("maxMessages must be >= 0, got " + maxMessages);
        }
        this.maxMessages = maxMessages;
    }

    /** Records one skipped input; {@code message} names the file and what was done. */
    public synchronized void record(Kind kind, String message) {
        counts.merge(kind, 1, Integer::sum);
        if (messages.size() < maxMessages) {
            messages.add(kind + ": " + message);
        }
    }

    public synchronized int count(Kind kind) {
        return counts.getOrDefault(kind, 0);
    }

    /** Total skipped inputs of every kind. */
    public synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Counts per kind (only kinds that occurred), in enum order. */
    public synchronized Map<Kind, Integer> counts() {
        return Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    /** The first messages, in the order recorded. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    public int maxMessages() {
        return maxMessages;
    }

    /** Adds another report's counts and messages to this one (e.g. per-task reports on the driver). */
    public synchronized void addAll(InputProblems other) {
        Map<Kind, Integer> theirCounts = other.counts();
        List<String> theirMessages = other.messages();
        theirCounts.forEach((k, n) -> counts.merge(k, n, Integer::sum));
        for (String m : theirMessages) {
            if (messages.size() >= maxMessages) {
                break;
            }
            messages.add(m);
        }
    }

    /** One line per kind plus the kept messages, for logs and the run summary. */
    public synchronized String summary() {
        if (counts.isEmpty()) {
            return "input problems: none";
        }
        StringBuilder sb = new StringBuilder("input problems: ").append(total()).append(" skipped");
        counts.forEach((k, n) -> sb.append("\n  ").append(k).append(": ").append(n));
        int shown = messages.size();
        if (shown > 0) {
            sb.append("\n  first ").append(shown).append(" message(s):");
            messages.forEach(m -> sb.append("\n    ").append(m));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
