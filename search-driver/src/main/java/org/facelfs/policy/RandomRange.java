package org.facelfs.policy;

import java.util.random.RandomGenerator;
import org.facelfs.config.ConfigError;

/**
 * Random-Softmax's range: {@code |a|} drawn from {@code [minAbsA, maxAbsA]}, uniformly, or
 * log-uniformly (each decade equally likely, as the paper's ablation values are spaced;
 * needs {@code minAbsA > 0}).
 */
public record RandomRange(double minAbsA, double maxAbsA, boolean logUniform) {

    /** The default: log-uniform over the paper's ablation range, |a| in [1, 10^4]. */
    public static final RandomRange DEFAULT = new RandomRange(1, 1e4, true);

    public RandomRange {
        if (!(minAbsA >= 0) || !Double.isFinite(minAbsA)) {
            throw new ConfigError("search.random.min-abs-a", "must be a finite number >= 0, got " + minAbsA);
        }
        if (!(maxAbsA >= minAbsA) || !Double.isFinite(maxAbsA)) {
            throw new ConfigError("search.random.max-abs-a", "must be finite and >= search.random.min-abs-a ("
                    + minAbsA + "), got " + maxAbsA);
        }
        if (logUniform && !(minAbsA > 0)) {
            throw new ConfigError("search.random.min-abs-a", "must be > 0 when search.random.log-uniform = true, got "
                    + minAbsA);
        }
    }

    /** One factor {@code a ≤ 0} with |a| drawn from the range. */
    public double draw(RandomGenerator rng) {
        double u = rng.nextDouble();
        double abs = logUniform
                ? Math.exp(Math.log(minAbsA) + u * (Math.log(maxAbsA) - Math.log(minAbsA)))
                : minAbsA + u * (maxAbsA - minAbsA);
        return -Math.min(maxAbsA, Math.max(minAbsA, abs));
    }
}
