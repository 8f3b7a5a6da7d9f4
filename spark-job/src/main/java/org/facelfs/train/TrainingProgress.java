package org.facelfs.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a candidate's training (iterations, images, mean loss) and logs a progress line at most
 * every {@code everySeconds} seconds: iteration k/n, images per second, recent loss.
 */
final class TrainingProgress {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);

    private final String candidate;
    private final int iterations;
    private final long everyNanos;
    private final long start = System.nanoTime();
    private long lastLog = start;
    private int done;
    private long images;
    private double lossSum;

    TrainingProgress(String candidate, int iterations, double everySeconds) {
        this.candidate = candidate;
        this.iterations = iterations;
        this.everyNanos = (long) (everySeconds * 1e9);
    }

    void step(double loss, int batchImages) {
        done++;
        images += batchImages;
        lossSum += loss;
        long now = System.nanoTime();
        if (everyNanos > 0 && now - lastLog >= everyNanos) {
            lastLog = now;
            LOG.info(String.format(Locale.ROOT, "%s: iteration %d/%d, %.1f img/s, loss %.4f (mean %.4f)", candidate,
                    done, iterations, images / ((now - start) / 1e9), loss, meanLoss()));
        }
    }

    double meanLoss() {
        return done == 0 ? Double.NaN : lossSum / done;
    }

    long images() {
        return images;
    }
}
