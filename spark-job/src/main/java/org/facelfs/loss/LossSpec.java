package org.facelfs.loss;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * What loss a candidate trains with: one immutable value per member of the margin-softmax family
 * (DESIGN.md §1.1–1.2). Features and class weights are L2-normalised, so every member works on
 * {@code cos θ} and a scale {@code s}. JSON form: {@code {"type": "cosface", "scale": 32, "m2": 0.35}}.
 *
 * <p>The exhaustive {@code switch} over these records is where every consumer (the output layer,
 * the plain-Java reference, the report) decides what to do with each member.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LossSpec.Softmax.class, name = "softmax"),
    @JsonSubTypes.Type(value = LossSpec.SphereFace.class, name = "sphereface"),
    @JsonSubTypes.Type(value = LossSpec.CosFace.class, name = "cosface"),
    @JsonSubTypes.Type(value = LossSpec.ArcFace.class, name = "arcface"),
    @JsonSubTypes.Type(value = LossSpec.Combined.class, name = "combined"),
    @JsonSubTypes.Type(value = LossSpec.UnifiedGlobal.class, name = "unified-global"),
    @JsonSubTypes.Type(value = LossSpec.UnifiedPiecewise.class, name = "unified-piecewise"),
    @JsonSubTypes.Type(value = LossSpec.AmLfs.class, name = "am-lfs"),
})
public sealed interface LossSpec extends Serializable {

    /** The scale {@code s} applied to every cosine logit. */
    double scale();

    /** A readable formula of the loss, for logs, reports and {@code best/loss.json}. */
    String formula();

    /** Normalised softmax: {@code L = -log softmax(s cos θ)_y}. */
    record Softmax(double scale) implements LossSpec {
        public Softmax {
            requirePositive("scale", scale);
        }

        @Override
        public String formula() {
            return "L = -log softmax(%s·cos θ)_y".formatted(num(scale));
        }
    }

    /**
     * SphereFace / A-Softmax: {@code ψ(θ) = (-1)^k cos(m1 θ) - 2k} for θ in [kπ/m1, (k+1)π/m1],
     * blended with {@code cos θ} as {@code (λ cos θ + ψ)/(1 + λ)}, where
     * {@code λ = max(λmin, base · (1 + γ · iteration)^(-power))} (the reference code's annealing).
     */
    record SphereFace(double scale, int m1, double lambdaBase, double lambdaGamma, double lambdaPower,
                      double lambdaMin) implements LossSpec {
        public SphereFace {
            requirePositive("scale", scale);
            if (m1 < 1) {
                throw new IllegalArgumentException("m1 must be an integer >= 1, got " + m1);
            }
            requirePositive("lambdaBase", lambdaBase);
            requireNonNegative("lambdaGamma", lambdaGamma);
            requireNonNegative("lambdaPower", lambdaPower);
            requireNonNegative("lambdaMin", lambdaMin);
        }

        /** SphereFace with the reference code's annealing: base 1000, γ 1e-4, power 2, λmin 5. */
        public static SphereFace withReferenceAnnealing(double scale, int m1) {
            return new SphereFace(scale, m1, 1000, 1e-4, 2, 5);
        }

        /** From JSON/config: annealing fields left out take the reference code's values. */
        @com.fasterxml.jackson.annotation.JsonCreator
        static SphereFace fromJson(@com.fasterxml.jackson.annotation.JsonProperty("scale") double scale,
                                   @com.fasterxml.jackson.annotation.JsonProperty("m1") int m1,
                                   @com.fasterxml.jackson.annotation.JsonProperty("lambdaBase") Double lambdaBase,
                                   @com.fasterxml.jackson.annotation.JsonProperty("lambdaGamma") Double lambdaGamma,
                                   @com.fasterxml.jackson.annotation.JsonProperty("lambdaPower") Double lambdaPower,
                                   @com.fasterxml.jackson.annotation.JsonProperty("lambdaMin") Double lambdaMin) {
            return new SphereFace(scale, m1, lambdaBase == null ? 1000 : lambdaBase,
                    lambdaGamma == null ? 1e-4 : lambdaGamma, lambdaPower == null ? 2 : lambdaPower,
                    lambdaMin == null ? 5 : lambdaMin);
        }

        /** The blending weight λ after {@code iteration} training iterations. */
        public double lambda(long iteration) {
            return Math.max(lambdaMin, lambdaBase * Math.pow(1 + lambdaGamma * iteration, -lambdaPower));
        }

        @Override
        public String formula() {
            return ("L = -log softmax(s·f)_y, s=%s, f(θ_y) = (λ cos θ_y + (-1)^k cos(%dθ_y) - 2k)/(1+λ), "
                    + "λ = max(%s, %s·(1+%s·iter)^-%s)")
                    .formatted(num(scale), m1, num(lambdaMin), num(lambdaBase), num(lambdaGamma), num(lambdaPower));
        }
    }

    /** CosFace / AM-Softmax: {@code f = cos θ - m2}. */
    record CosFace(double scale, double m2) implements LossSpec {
        public CosFace {
            requirePositive("scale", scale);
            requireNonNegative("m2", m2);
        }

        @Override
        public String formula() {
            return "L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos θ_y - %s".formatted(num(scale), num(m2));
        }
    }

    /** ArcFace: {@code f = cos(θ + m3)}, and {@code cos θ - m3 sin m3} where {@code θ + m3 > π}. */
    record ArcFace(double scale, double m3) implements LossSpec {
        public ArcFace {
            requirePositive("scale", scale);
            if (!(m3 >= 0 && m3 < Math.PI / 2)) {
                throw new IllegalArgumentException("m3 must be in [0, π/2), got " + m3);
            }
        }

        @Override
        public String formula() {
            return "L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos(θ_y + %s) (cos θ_y - %s·sin %s past π)"
                    .formatted(num(scale), num(m3), num(m3), num(m3));
        }
    }

    /** The combined margin of insightface: {@code f = cos(m1 θ + m3) - m2}. */
    record Combined(double scale, double m1, double m2, double m3) implements LossSpec {
        public Combined {
            requirePositive("scale", scale);
            if (!(m1 >= 1)) {
                throw new IllegalArgumentException("m1 must be >= 1, got " + m1);
            }
            requireNonNegative("m2", m2);
            if (!(m3 >= 0 && m3 < Math.PI / 2)) {
                throw new IllegalArgumentException("m3 must be in [0, π/2), got " + m3);
            }
        }

        @Override
        public String formula() {
            return "L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos(%s·θ_y + %s) - %s"
                    .formatted(num(scale), num(m1), num(m3), num(m2));
        }
    }

    /**
     * Search-Softmax, global space: one modulating factor {@code a ≤ 0} for every sample,
     * {@code L = -log p + log(1 - a + a p)}.
     */
    record UnifiedGlobal(double scale, double a) implements LossSpec {
        public UnifiedGlobal {
            requirePositive("scale", scale);
            requireNonPositive("a", a);
        }

        @Override
        public String formula() {
            return "L = -log p + log(1 - a + a·p), p = softmax(%s·cos θ)_y, a = %s".formatted(num(scale), num(a));
        }
    }

    /**
     * Search-Softmax, piecewise space: {@code K = a.size()} equal bins of {@code p} on [0, 1],
     * the factor {@code a_j} of the bin that {@code p} falls in.
     */
    record UnifiedPiecewise(double scale, List<Double> a) implements LossSpec {
        public UnifiedPiecewise {
            requirePositive("scale", scale);
            if (a == null || a.isEmpty()) {
                throw new IllegalArgumentException("a must hold one factor per bin (K >= 1)");
            }
            a = List.copyOf(a);
            for (int j = 0; j < a.size(); j++) {
                requireNonPositive("a[" + j + "]", a.get(j));
            }
        }

        /** The index of the bin that probability {@code p} falls in. */
        public int bin(double p) {
            return Math.min(a.size() - 1, Math.max(0, (int) Math.floor(p * a.size())));
        }

        @Override
        public String formula() {
            return "L = -log p + log(1 - a_j + a_j·p), p = softmax(%s·cos θ)_y in bin j of %d, a = %s"
                    .formatted(num(scale), a.size(), nums(a));
        }
    }

    /**
     * AM-LFS: piecewise-linear {@code τ(p) = α_j p + β_j} on {@code K = alpha.size()} equal
     * intervals of {@code p}, {@code L = -log τ(p)}. The identity is α = 1, β = 0.
     */
    record AmLfs(double scale, List<Double> alpha, List<Double> beta) implements LossSpec {
        public AmLfs {
            requirePositive("scale", scale);
            if (alpha == null || beta == null || alpha.isEmpty() || alpha.size() != beta.size()) {
                throw new IllegalArgumentException("alpha and beta must hold one value per interval (same K >= 1)");
            }
            alpha = List.copyOf(alpha);
            beta = List.copyOf(beta);
        }

        /** The identity transform τ(p) = p on {@code k} intervals: plain normalised softmax. */
        public static AmLfs identity(double scale, int k) {
            return new AmLfs(scale, java.util.Collections.nCopies(k, 1.0), java.util.Collections.nCopies(k, 0.0));
        }

        /** The index of the interval that probability {@code p} falls in. */
        public int interval(double p) {
            return Math.min(alpha.size() - 1, Math.max(0, (int) Math.floor(p * alpha.size())));
        }

        @Override
        public String formula() {
            return "L = -log τ(p), τ(p) = α_j·p + β_j on interval j of %d, p = softmax(%s·cos θ)_y, α = %s, β = %s"
                    .formatted(alpha.size(), num(scale), nums(alpha), nums(beta));
        }
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
        }
    }

    private static void requireNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }

    private static void requireNonPositive(String name, double v) {
        if (!(v <= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number <= 0, got " + v);
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }

    private static String nums(List<Double> vs) {
        return vs.stream().map(LossSpec::num).toList().toString();
    }
}
