package org.facelfs.train;

/** How training one candidate ended. */
public enum CandidateStatus {
    /** Trained and evaluated; the reward is meaningful. */
    OK,
    /** The training loss became NaN or infinite; training stopped early, no reward. */
    NON_FINITE,
    /** Any other failure (bad input, out of memory, I/O); the reason says which. */
    FAILED
}
