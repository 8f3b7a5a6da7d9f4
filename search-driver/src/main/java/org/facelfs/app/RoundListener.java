package org.facelfs.app;

/**
 * Told by {@link SearchRun} after each completed round, once its history and {@code state.json}
 * are written: what a monitor needs without reaching into the loop.
 */
@FunctionalInterface
public interface RoundListener {

    /** A listener that ignores every round. */
    RoundListener NONE = round -> { };

    void roundCompleted(CompletedRound round);
}
