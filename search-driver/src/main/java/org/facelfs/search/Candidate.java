package org.facelfs.search;

import java.util.List;
import java.util.Locale;
import org.facelfs.loss.LossSpec;

/**
 * One proposed training run of a round: what a worker group needs (the loss and the seed)
 * and what the policy needs back (the raw sample it drew).
 *
 * @param round  0-based round
 * @param index  0-based index within the round
 * @param id     {@code r0003-c02}: stable name for directories, logs and Spark job descriptions
 * @param spec   the loss to train with
 * @param seed   the training seed, derived from (search seed, round, index); one per round for every candidate
 *               of a searching round under search.common-random-numbers
 * @param sample the policy's raw sample (empty for fixed and warm-up losses)
 * @param warmup whether this is a warm-up candidate (fixed loss, no policy update)
 */
public record Candidate(int round, int index, String id, LossSpec spec, long seed, List<Double> sample, boolean warmup) {

    public Candidate {
        sample = List.copyOf(sample);
        if (!id.equals(idOf(round, index))) {
            throw new IllegalArgumentException("candidate id " + id + " does not match round " + round + ", index " + index);
        }
    }

    /** The id of candidate {@code index} of {@code round}, e.g. {@code r0003-c02}. */
    public static String idOf(int round, int index) {
        return String.format(Locale.ROOT, "r%04d-c%02d", round, index);
    }
}
