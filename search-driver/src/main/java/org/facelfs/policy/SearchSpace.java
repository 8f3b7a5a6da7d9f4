package org.facelfs.policy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.facelfs.loss.LossSpec;

/**
 * What a Gaussian policy searches over (DESIGN.md §1.2): the length of the sample vector
 * {@code x}, where its mean starts, and how {@code x} becomes the loss a candidate trains with.
 */
public interface SearchSpace { // not sealed: AmLfsLogitTransform lives in its own file

    /** Length of the sample vector. */
    int dimension();

    /** The mean μ0 the search starts from. */
    double[] initialMean();

    /** The loss of a candidate whose sample is {@code x}, with scale {@code scale}. */
    LossSpec toLossSpec(double[] x, double scale);

    /** Search-Softmax global: one factor {@code a = mapping(x_0)} for every sample, starting at μ0 = {@code muInit}. */
    record Global(Mapping mapping, double muInit) implements SearchSpace {
        public Global {
            if (mapping == null || !Double.isFinite(muInit)) {
                throw new IllegalArgumentException("search.mapping must be set and the start μ0 finite, got " + muInit);
            }
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double[] initialMean() {
            return new double[] {muInit};
        }

        @Override
        public LossSpec toLossSpec(double[] x, double scale) {
            return new LossSpec.UnifiedGlobal(scale, mapping.toFactor(x[0], scale));
        }
    }

    /**
     * Search-Softmax piecewise: one factor {@code a_j = mapping(x_j)} per bin j of p, each bin
     * starting at its own μ0_j ({@code start}, one per bin).
     */
    record Piecewise(int bins, Mapping mapping, List<Double> start) implements SearchSpace {
        public Piecewise {
            if (bins < 1) {
                throw new IllegalArgumentException("search.bins must be >= 1, got " + bins);
            }
            start = List.copyOf(start);
            if (start.size() != bins || start.stream().anyMatch(v -> !Double.isFinite(v))) {
                throw new IllegalArgumentException("the piecewise start needs " + bins + " finite values (one per bin), got "
                        + start);
            }
        }

        /** Every bin starting at the same μ0. */
        public Piecewise(int bins, Mapping mapping, double muInit) {
            this(bins, mapping, Collections.nCopies(Math.max(bins, 0), muInit));
        }

        @Override
        public int dimension() {
            return bins;
        }

        @Override
        public double[] initialMean() {
            return start.stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        public LossSpec toLossSpec(double[] x, double scale) {
            return new LossSpec.UnifiedPiecewise(scale,
                    Arrays.stream(x).map(v -> mapping.toFactor(v, scale)).boxed().toList());
        }
    }

    /**
     * AM-LFS: {@code x = (α_1..α_K, β_1..β_K)} of {@code τ(p) = α_j p + β_j} on K intervals,
     * starting at the identity τ(p) = p (α = 1, β = 0), i.e. plain normalised softmax.
     */
    record AmLfsTransform(int intervals) implements SearchSpace {

        /**
         * σ of both AM-LFS transforms when {@code search.sigma = auto}. In t(c) = α c + β, β is a
         * CosFace margin (t(c) = c - m) and a change δ of α moves the target logit by δ cos θ_y,
         * so t is in margin units: 0.03 crosses 0 … 0.6 in 18 updates of 1.2 σ, as in the margin
         * space; τ's β is in units of p ∈ [0, 1], the same reach. The 12 parameters each move by up
         * to 1.2 σ an update whether or not the reward depends on them, so a larger σ (0.2: up to
         * 4.3 in 18 updates) mostly randomises the transform.
         */
        public static final double DEFAULT_SIGMA = 0.03;

        public AmLfsTransform {
            if (intervals < 1) {
                throw new IllegalArgumentException("search.am-lfs.intervals must be >= 1, got " + intervals);
            }
        }

        @Override
        public int dimension() {
            return 2 * intervals;
        }

        @Override
        public double[] initialMean() {
            double[] mu = new double[2 * intervals];
            Arrays.fill(mu, 0, intervals, 1.0);
            return mu;
        }

        @Override
        public LossSpec toLossSpec(double[] x, double scale) {
            List<Double> alpha = Arrays.stream(x, 0, intervals).boxed().toList();
            List<Double> beta = Arrays.stream(x, intervals, 2 * intervals).boxed().toList();
            return new LossSpec.AmLfs(scale, alpha, beta);
        }
    }
}
