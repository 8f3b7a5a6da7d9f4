package org.facelfs.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import org.facelfs.config.Choices;

/**
 * How one Gaussian sample {@code x} becomes a modulating factor {@code a ≤ 0} of the unified
 * margin loss (DESIGN.md §1.2). The policy's REINFORCE gradient is taken on {@code x}, never on
 * {@code a}, so a mapping decides only which factors a given mean can reach and how finely.
 */
public enum Mapping {

    /**
     * The reference code's mapping {@code a = -|x| · e^{s/3}}. It is symmetric in {@code x}, so
     * at {@code μ = 0} the expected reward is an even function of μ and its gradient is zero in
     * expectation: μ only leaves 0 by sampling noise and then drifts to {@code +|x*|} or
     * {@code -|x*|}. Its resolution is set by the scale: at s = 32, {@code e^{s/3} ≈ 42,901}, so
     * σ = 0.2 already spreads |a| over thousands and a factor like -100 (|x| ≈ 0.0023) is out of
     * reach unless σ itself shrinks. (The reference code also applied a ReLU to μ, whose gradient
     * at μ = 0 is zero: μ never moves. That variant is {@code search.reference-relu}, kept only to
     * reproduce the bug.)
     *
     * <p>Default σ 0.2: the official code's own ({@code scale = 0.2}, the standard deviation of its
     * {@code torch} Gaussian). Its margin is logarithmic in |x| (m ≈ 1/3 + ln|x| / s at s = 32), so no
     * σ crosses 0 … 0.6: in σ units 18 updates reach 18 · 1.2 · 0.2 ≈ 4.3 in x, from the CosFace-0.35
     * start (|x| = 1.7) down to x = 0 (softmax) or up to |x| = 6 (m = 0.39).
     */
    REFERENCE(0.2) {
        @Override
        public double toFactor(double x, double scale) {
            return -Math.abs(x) * Math.exp(scale / 3);
        }

        @Override
        public double toSample(double a, double scale) {
            return -a / Math.exp(scale / 3);
        }
    },

    /**
     * {@code a = -10^x} (the default before the margin mapping). One unit of x is one decade of |a|, so the paper's ablation
     * range 0 … -10^4 (Table 3: -1, -10, -100, -1000, -10^4) is {@code x ≤ 4} and is sampled evenly
     * on the log scale it was designed on. Every x is valid (no clamp, no dead zone, no symmetry),
     * so from μ = 0 (a ≈ -1, a mild margin) the REINFORCE gradient is non-zero as soon as the
     * reward depends on a. a is never exactly 0, but x = -3 gives a = -0.001, softmax for all
     * practical purposes. x is capped at {@value #MAX_DECADES} decades so a stays finite.
     *
     * <p>Default σ 0.2 decades (the value earlier log10 runs used): 18 updates at 1.2 σ reach
     * 4.3 decades, Table 3's whole range -1 … -10^4, e.g. from the CosFace-0.35 start (x = 4.86)
     * down to x = 0.5 (a = -3).
     */
    LOG10(0.2) {
        @Override
        public double toFactor(double x, double scale) {
            return -Math.pow(10, Math.min(x, MAX_DECADES));
        }

        @Override
        public double toSample(double a, double scale) {
            return a > -Math.pow(10, MIN_DECADES) ? MIN_DECADES : Math.log10(-a);
        }
    },

    /**
     * The default: x is the CosFace-equivalent margin m, {@code a = 1 - e^{s m}}. A global factor
     * a is exactly CosFace's additive margin m at the same scale s (DESIGN.md §1.1: p_m =
     * p/(a p + 1 - a) with this a is e^{s(cos θ_y - m)} over the same sum), so x reads in the unit
     * face engineers choose margins in: 0 = softmax, 0.35 = CosFace's recommended margin, the
     * useful range about 0 … 0.6. x &lt; 0 (a negative margin, a &gt; 0) maps to softmax (a = 0);
     * x is capped at {@value #MAX_MARGIN} so a stays finite.
     *
     * <p>Default σ 0.03 of margin: 18 updates at 1.2 σ reach 0.65, the whole useful range.
     */
    MARGIN(0.03) {
        @Override
        public double toFactor(double x, double scale) {
            return Math.min(0, -Math.expm1(scale * Math.min(x, MAX_MARGIN)));
        }

        @Override
        public double toSample(double a, double scale) {
            return Math.log1p(-a) / scale;
        }
    };

    private final double defaultSigma;

    Mapping(double defaultSigma) {
        this.defaultSigma = defaultSigma;
    }

    /**
     * σ of the unified spaces under this mapping when {@code search.sigma = auto}, in its x-units,
     * sized so that the paper's ~18 updates of at most {@code adam.lr} (1.2) σ each cross the
     * mapping's useful range (docs/search.md, "σ per space").
     */
    public double defaultSigma() {
        return defaultSigma;
    }

    /** The CosFace-equivalent margin of a global factor: {@code m = ln(1 - a) / s}. */
    public static double marginOf(double a, double scale) {
        return MARGIN.toSample(a, scale);
    }

    /** The largest margin {@link #MARGIN} maps: {@code a ≥ 1 - e^{s}}. */
    public static final double MAX_MARGIN = 1;

    /** What {@link #LOG10} maps a factor of (almost) 0 back to: a = -10^-3, softmax in practice. */
    public static final double MIN_DECADES = -3;

    /** The largest exponent {@link #LOG10} maps: {@code a ≥ -10^6}. */
    public static final double MAX_DECADES = 6;

    /** The factor {@code a ≤ 0} for sample {@code x} under loss scale {@code scale}. */
    public abstract double toFactor(double x, double scale);

    /**
     * The sample whose factor is {@code a}: the inverse of {@link #toFactor} where it has one
     * (the positive branch for {@link #REFERENCE}; {@link #MIN_DECADES} for a ≈ 0 under
     * {@link #LOG10}). Used to start a search at a named loss.
     */
    public abstract double toSample(double a, double scale);

    /** The name used in configuration and JSON ({@code search.mapping}). */
    @JsonValue
    public String key() {
        return Choices.key(this);
    }
}
