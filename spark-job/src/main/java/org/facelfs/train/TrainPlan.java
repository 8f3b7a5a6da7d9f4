package org.facelfs.train;

import java.io.Serializable;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.batch.FaceBatchIterator;
import org.facelfs.data.source.TrainingSource;
import org.facelfs.data.source.VerificationSource;

/**
 * How every candidate of a run trains and is rewarded: the same for all candidates and rounds
 * (only the loss, the seed and the starting weights differ). Sent to the tasks.
 *
 * @param data               training images
 * @param reward             the verification set whose k-fold accuracy is the reward
 * @param batchSize          training minibatch size
 * @param iterationsPerRound minibatches per round; 0 = one epoch
 * @param flip               random horizontal flip augmentation
 * @param optimizer          SGD settings and learning-rate schedule over rounds
 * @param threads            CPU threads of one candidate (OpenMP/BLAS); 0 = ND4J's default
 * @param devices            devices training one candidate data-parallel (ParallelWrapper); 1 = plain
 * @param evalBatchSize      images per forward pass when computing the reward
 * @param flipFusion         embed image + mirror for verification (insightface protocol)
 * @param progressSeconds    seconds between progress lines in the executor log
 */
public record TrainPlan(TrainingSource data, VerificationSource reward, int batchSize, int iterationsPerRound,
                        boolean flip, Optimizer optimizer, int threads, int devices, int evalBatchSize,
                        boolean flipFusion, double progressSeconds) implements Serializable {

    public TrainPlan {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch-size must be >= 1, got " + batchSize);
        }
        if (iterationsPerRound < 0) {
            throw new IllegalArgumentException("iterations-per-round must be >= 0 (0 = one epoch), got "
                    + iterationsPerRound);
        }
        if (threads < 0 || devices < 1 || evalBatchSize < 1) {
            throw new IllegalArgumentException("threads >= 0, devices >= 1 and eval-batch-size >= 1 needed, got "
                    + threads + ", " + devices + ", " + evalBatchSize);
        }
    }

    /** This plan with {@code n} CPU threads per candidate (known once the Spark master is). */
    public TrainPlan withThreads(int n) {
        return new TrainPlan(data, reward, batchSize, iterationsPerRound, flip, optimizer, n, devices, evalBatchSize,
                flipFusion, progressSeconds);
    }

    /**
     * The round's minibatches of {@code data} for the candidate seeded {@code seed}: shuffled and
     * flipped from the seed, so a task, a retried task and a group of executors see the same batches.
     */
    public FaceBatchIterator batches(FaceDataset data, long seed, int round) {
        return FaceBatchIterator.builder(data).batchSize(batchSize).seed(seed).shuffle(true).flip(flip)
                .numClasses(data.numClasses()).epoch(round).build();
    }

    /** Minibatches per round for a training set of {@code images}: the configured count, or one epoch. */
    public int iterationsFor(int images) {
        return iterationsPerRound > 0 ? iterationsPerRound : (images + batchSize - 1) / batchSize;
    }
}
