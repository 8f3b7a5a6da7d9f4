package org.facelfs.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.List;

/**
 * The model's learning rate as a pure function of training progress. In the search one round is
 * one epoch (DESIGN.md §1.3), so the schedule runs over rounds; {@link #lrAt} takes the round and
 * the iteration within it, so the trainer can set the rate every iteration.
 *
 * <p>Progress is measured in rounds, {@code p = round + iterationInRound / itersPerRound}, with
 * rounds counted from 0. Linear warm-up over the first {@code warmupRounds} (may be fractional)
 * multiplies the rate by {@code min(1, (p + 1/itersPerRound) / warmupRounds)}, so the first
 * iteration already has a small non-zero rate and the warm-up ends exactly at its last iteration.
 *
 * <p>Kept instead of ND4J's {@code ISchedule} (docs/architecture.md): M2.1 has no cosine, and its
 * schedules count the network's own iterations or epochs, while this rate follows rounds of a
 * network restored each round and must be set once per round on data-parallel workers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LrSchedule.MultiStep.class, name = "multi-step"),
    @JsonSubTypes.Type(value = LrSchedule.Cosine.class, name = "cosine"),
})
public sealed interface LrSchedule extends Serializable {

    /** The peak rate (after warm-up, before any decay). */
    double baseLr();

    /** Rounds of linear warm-up (0 = none). */
    double warmupRounds();

    /** The rate after warm-up at fractional progress {@code p} rounds. */
    double decayed(double p);

    /**
     * Learning rate for iteration {@code iterationInRound} (0-based) of round {@code round}
     * (0-based) when a round has {@code itersPerRound} iterations.
     */
    default double lrAt(int round, int iterationInRound, int itersPerRound) {
        if (round < 0 || iterationInRound < 0 || itersPerRound < 1 || iterationInRound >= itersPerRound) {
            throw new IllegalArgumentException("need round >= 0, 0 <= iterationInRound < itersPerRound, got round "
                    + round + ", iteration " + iterationInRound + ", itersPerRound " + itersPerRound);
        }
        double p = round + (double) iterationInRound / itersPerRound;
        double lr = decayed(p);
        if (warmupRounds() > 0) {
            lr *= Math.min(1.0, (p + 1.0 / itersPerRound) / warmupRounds());
        }
        return lr;
    }

    /**
     * Step decay: the rate is multiplied by {@code gamma} at the start of each milestone round
     * (round {@code m} and later use {@code baseLr · gamma^(milestones ≤ round)}), as PyTorch's
     * MultiStepLR with epochs counted from 0. The paper: base 0.1, milestones 4, 8, 10 of 20, gamma 0.1.
     */
    record MultiStep(double baseLr, List<Integer> milestones, double gamma, double warmupRounds)
            implements LrSchedule {
        public MultiStep {
            checkCommon(baseLr, warmupRounds);
            milestones = List.copyOf(milestones == null ? List.of() : milestones);
            for (int i = 0; i < milestones.size(); i++) {
                if (milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
                    throw new IllegalArgumentException("milestones must be increasing rounds >= 1, got " + milestones);
                }
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
            }
        }

        @Override
        public double decayed(double p) {
            int passed = 0;
            for (int m : milestones) {
                if (p >= m) {
                    passed++;
                }
            }
            return baseLr * Math.pow(gamma, passed);
        }
    }

    /**
     * Cosine annealing from {@code baseLr} at the end of warm-up to {@code minLr} at
     * {@code totalRounds}: {@code minLr + (baseLr - minLr)(1 + cos(π q))/2} with
     * {@code q = (p - warmupRounds) / (totalRounds - warmupRounds)} clamped to [0, 1].
     */
    record Cosine(double baseLr, int totalRounds, double minLr, double warmupRounds) implements LrSchedule {
        public Cosine {
            checkCommon(baseLr, warmupRounds);
            if (totalRounds < 1 || warmupRounds >= totalRounds) {
                throw new IllegalArgumentException("totalRounds must be >= 1 and > warmupRounds, got "
                        + totalRounds + " (warm-up " + warmupRounds + ")");
            }
            if (!(minLr >= 0 && minLr <= baseLr)) {
                throw new IllegalArgumentException("minLr must be in [0, baseLr], got " + minLr);
            }
        }

        @Override
        public double decayed(double p) {
            double q = Math.min(1.0, Math.max(0.0, (p - warmupRounds) / (totalRounds - warmupRounds)));
            return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * q));
        }
    }

    private static void checkCommon(double baseLr, double warmupRounds) {
        if (!(baseLr > 0) || Double.isInfinite(baseLr)) {
            throw new IllegalArgumentException("baseLr must be a positive number, got " + baseLr);
        }
        if (!(warmupRounds >= 0) || Double.isInfinite(warmupRounds)) {
            throw new IllegalArgumentException("warmupRounds must be >= 0, got " + warmupRounds);
        }
    }
}
