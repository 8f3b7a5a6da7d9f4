package org.facelfs.search;

import java.util.SplittableRandom;

/**
 * Counter-based randomness for the search: every random number a candidate needs comes from a
 * generator seeded by a hash of (run seed, round, candidate index, purpose). Nothing random is
 * carried from round to round, so the "RNG state" of a search is just its seed, and a search
 * restored after round k proposes exactly what an unbroken run would.
 */
public final class RandomStreams {

    /** The generator, recorded in the state so a state from another scheme is refused. */
    public static final String GENERATOR = "java.util.SplittableRandom";

    /** How the per-candidate generators are derived, recorded in the state. */
    public static final String DERIVATION =
            "SplittableRandom(mix64 chain of seed, round, candidate, stream); stream 1 = policy sample, 2 = training seed";

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long SAMPLE_STREAM = 1;
    private static final long TRAINING_SEED_STREAM = 2;

    private RandomStreams() {
    }

    /** The generator a policy draws candidate {@code index} of {@code round} from. */
    public static SplittableRandom forSample(long seed, int round, int index) {
        return new SplittableRandom(hash(seed, round, index, SAMPLE_STREAM));
    }

    /** The training seed handed to candidate {@code index} of {@code round}. */
    public static long trainingSeed(long seed, int round, int index) {
        return hash(seed, round, index, TRAINING_SEED_STREAM);
    }

    /** Chains SplitMix64's finaliser over the four values (distinct inputs → independent-looking outputs). */
    static long hash(long seed, long round, long index, long stream) {
        long h = mix64(seed + GOLDEN_GAMMA);
        h = mix64(h ^ mix64(round + 2 * GOLDEN_GAMMA));
        h = mix64(h ^ mix64(index + 3 * GOLDEN_GAMMA));
        return mix64(h ^ mix64(stream + 4 * GOLDEN_GAMMA));
    }

    /** SplitMix64's output function (Steele, Lea and Flood, 2014). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
