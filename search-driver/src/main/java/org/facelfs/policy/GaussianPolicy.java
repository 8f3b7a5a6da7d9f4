package org.facelfs.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.facelfs.config.ConfigError;
import org.facelfs.loss.LossSpec;

/**
 * Search-Softmax (global or piecewise) and AM-LFS: a Gaussian {@code N(μ, σ)} over the search
 * space's vector, learned by REINFORCE with Adam ascent (DESIGN.md §1.3). The two methods differ
 * only in their {@link SearchSpace}.
 *
 * <p>σ is either fixed or learned as log σ (kept at or above {@code sigmaMin} so exploration
 * never collapses to nothing). {@code reluOnMean} reproduces the reference code's bug for
 * comparison only: samples are drawn around {@code max(0, μ)} and the gradient reaching μ is
 * multiplied by ReLU's derivative, 0 at μ ≤ 0, so a search started at μ = 0 never moves.
 */
public final class GaussianPolicy implements Policy {

    /** How the distribution is parameterised and optimised. */
    public record Options(double sigmaInit, boolean learnSigma, double sigmaMin, boolean reluOnMean, AdamSettings adam,
                          StepUnits stepUnits) {
        /** Steps in x-units, as before step units existed. */
        public Options(double sigmaInit, boolean learnSigma, double sigmaMin, boolean reluOnMean, AdamSettings adam) {
            this(sigmaInit, learnSigma, sigmaMin, reluOnMean, adam, StepUnits.X);
        }

        public Options {
            if (stepUnits == null) {
                throw new ConfigError("search.step-units", "must be x or sigma");
            }
            if (!(sigmaInit > 0) || !Double.isFinite(sigmaInit)) {
                throw new ConfigError("search.sigma", "must be a finite number > 0, got " + sigmaInit);
            }
            if (!(sigmaMin > 0) || sigmaMin > sigmaInit) {
                throw new ConfigError("search.sigma-min", "must be > 0 and <= search.sigma (" + sigmaInit
                        + "), got " + sigmaMin);
            }
            if (adam == null) {
                throw new ConfigError("search.adam", "must be set");
            }
        }
    }

    private final SearchSpace space;
    private final double scale;
    private final Options options;
    private final double[] mu;
    private final double[] logSigma;
    private final Adam adam;

    private GaussianPolicy(SearchSpace space, double scale, Options options, double[] mu, double[] logSigma, Adam adam) {
        this.space = space;
        this.scale = scale;
        this.options = options;
        this.mu = mu;
        this.logSigma = logSigma;
        this.adam = adam;
    }

    /** A policy at the start of a search: μ = the space's μ0, σ = {@code sigmaInit}, fresh Adam. */
    public static GaussianPolicy start(SearchSpace space, double scale, Options options) {
        int d = space.dimension();
        double[] logSigma = new double[d];
        Arrays.fill(logSigma, Math.log(options.sigmaInit()));
        return new GaussianPolicy(space, scale, options, space.initialMean(), logSigma,
                Adam.fresh(options.adam(), options.learnSigma() ? 2 * d : d));
    }

    /** The distribution samples are drawn from (its mean is ReLU(μ) in the reference-bug variant). */
    public DiagonalGaussian distribution() {
        double[] mean = options.reluOnMean() ? Arrays.stream(mu).map(m -> Math.max(0, m)).toArray() : mu;
        return new DiagonalGaussian(mean, logSigma);
    }

    /** The search space. */
    public SearchSpace space() {
        return space;
    }

    @Override
    public Proposal propose(RandomGenerator rng) {
        double[] x = distribution().sample(rng);
        return new Proposal(space.toLossSpec(x, scale), Arrays.stream(x).boxed().toList());
    }

    /**
     * The antithetic partner of {@code propose(rng)} for a generator in the same state: the
     * sample mirrored through the mean, x = μ - σz (search.antithetic).
     */
    public Proposal proposeMirrored(RandomGenerator rng) {
        double[] x = distribution().sampleMirrored(rng);
        return new Proposal(space.toLossSpec(x, scale), Arrays.stream(x).boxed().toList());
    }

    /** The loss at the mean the search starts from (μ0), e.g. for warm-up rounds. */
    public LossSpec startLoss() {
        return space.toLossSpec(space.initialMean(), scale);
    }

    @Override
    public boolean learns() {
        return true;
    }

    @Override
    public GaussianPolicy learn(List<List<Double>> samples, double[] normalisedRewards) {
        List<double[]> xs = new ArrayList<>();
        for (List<Double> s : samples) {
            if (s.size() != mu.length) {
                throw new IllegalArgumentException("sample of length " + s.size() + " for a " + mu.length + "-d policy");
            }
            xs.add(Adam.toArray(s));
        }
        Reinforce.Gradient g = Reinforce.estimate(distribution(), xs, normalisedRewards);
        int d = mu.length;
        double[] gradMu = g.mean();
        if (options.reluOnMean()) {
            for (int j = 0; j < d; j++) {
                gradMu[j] = mu[j] > 0 ? gradMu[j] : 0; // ReLU'(μ) as PyTorch defines it: 0 at μ = 0
            }
        }
        double[] grad = options.learnSigma() ? concat(gradMu, g.logSigma()) : gradMu;
        Adam.Step step = adam.ascent(grad);
        double[] mu2 = mu.clone();
        double[] logSigma2 = logSigma.clone();
        double floor = Math.log(options.sigmaMin());
        StepUnits units = options.stepUnits();
        for (int j = 0; j < d; j++) {
            mu2[j] += units.meanFactor(Math.exp(logSigma[j])) * step.delta()[j];
            if (options.learnSigma()) {
                logSigma2[j] = Math.max(floor, logSigma2[j] + units.logSigmaFactor() * step.delta()[d + j]);
            }
        }
        return new GaussianPolicy(space, scale, options, mu2, logSigma2, step.next());
    }

    @Override
    public PolicyState state() {
        return new PolicyState(Arrays.stream(mu).boxed().toList(), Arrays.stream(logSigma).boxed().toList(),
                adam.step(), adam.firstMoment(), adam.secondMoment());
    }

    @Override
    public GaussianPolicy withState(PolicyState state) {
        int d = space.dimension();
        int adamDim = options.learnSigma() ? 2 * d : d;
        if (state.mu().size() != d || state.logSigma().size() != d || state.adamM().size() != adamDim) {
            throw new IllegalArgumentException("policy state does not fit the settings: expected " + d
                    + " means, " + d + " log σ and " + adamDim + " Adam moments, got " + state.mu().size() + ", "
                    + state.logSigma().size() + " and " + state.adamM().size());
        }
        return new GaussianPolicy(space, scale, options, Adam.toArray(state.mu()), Adam.toArray(state.logSigma()),
                Adam.resume(options.adam(), state.adamStep(), state.adamM(), state.adamV()));
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
