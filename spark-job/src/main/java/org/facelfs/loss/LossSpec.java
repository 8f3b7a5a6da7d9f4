package org.facelfs.loss;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * What loss a candidate trains with: one immutable value per member of the margin-softmax family
 * (DESIGN.md §1.1–1.2). Features and class weights are L2-normalised, so every member works on
 * {@code cos θ} and a scale {@code s}. JSON form: {@code {"type": "cosface", "scale": 32, "cosine-margin": 0.35}}.
 *
 * <p>Margin keys are named ({@code multiplicative}, {@code cosine-margin}, {@code angular-margin});
 * the Java accessors keep the paper's notation {@code m1, m2, m3} (m2 cosine, m3 angular), which is
 * <em>not</em> insightface's order (its {@code margin_list} has m2 angular, m3 cosine): the combined
 * margin also takes {@code insightface = [m1, m2, m3]} in insightface's order. The old keys
 * {@code m1, m2, m3} still load, in the paper's notation, with one warning ({@link LegacyMarginNames}).
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
    @JsonSubTypes.Type(value = LossSpec.AmLfsLogit.class, name = "am-lfs-t"),
    @JsonSubTypes.Type(value = LossSpec.ElasticArc.class, name = "elasticface-arc"),
    @JsonSubTypes.Type(value = LossSpec.ElasticCos.class, name = "elasticface-cos"),
    @JsonSubTypes.Type(value = LossSpec.CurricularFace.class, name = "curricularface"),
    @JsonSubTypes.Type(value = LossSpec.AdaFace.class, name = "adaface"),
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
    record SphereFace(double scale, @JsonProperty("multiplicative") int m1, double lambdaBase, double lambdaGamma, double lambdaPower,
                      double lambdaMin) implements LossSpec {
        public SphereFace {
            requirePositive("scale", scale);
            if (m1 < 1) {
                throw new IllegalArgumentException("multiplicative m1 must be an integer >= 1, got " + m1);
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
        @JsonCreator
        static SphereFace fromJson(@JsonProperty("scale") double scale,
                                   @JsonProperty("multiplicative") Integer multiplicative,
                                   @JsonProperty("m1") Integer m1, // the same in both notations: no warning
                                   @JsonProperty("lambdaBase") Double lambdaBase,
                                   @JsonProperty("lambdaGamma") Double lambdaGamma,
                                   @JsonProperty("lambdaPower") Double lambdaPower,
                                   @JsonProperty("lambdaMin") Double lambdaMin) {
            if (multiplicative != null && m1 != null) {
                throw new IllegalArgumentException("sphereface: give multiplicative or m1, not both");
            }
            int m = multiplicative != null ? multiplicative : m1 != null ? m1 : 0;
            return new SphereFace(scale, m, lambdaBase == null ? 1000 : lambdaBase,
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

    /** CosFace / AM-Softmax: {@code f = cos θ - m2}, m2 the cosine margin ({@code cosine-margin}). */
    record CosFace(double scale, @JsonProperty("cosine-margin") double m2) implements LossSpec {
        public CosFace {
            requirePositive("scale", scale);
            requireCosineMargin(m2);
        }

        @JsonCreator
        static CosFace fromJson(@JsonProperty("scale") double scale, @JsonProperty("cosine-margin") Double cosine,
                                @JsonProperty("m2") Double m2) {
            return new CosFace(scale, LegacyMarginNames.pick("cosface", "cosine-margin", cosine, "m2", m2, Double.NaN));
        }

        @Override
        public String formula() {
            return "L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos θ_y - %s".formatted(num(scale), num(m2));
        }
    }

    /**
     * ArcFace: {@code f = cos(θ + m3)}, and {@code cos θ - m3 sin m3} where {@code θ + m3 > π};
     * m3 the angular margin ({@code angular-margin}).
     */
    record ArcFace(double scale, @JsonProperty("angular-margin") double m3) implements LossSpec {
        public ArcFace {
            requirePositive("scale", scale);
            requireAngularMargin("angular-margin m3", m3);
        }

        @JsonCreator
        static ArcFace fromJson(@JsonProperty("scale") double scale, @JsonProperty("angular-margin") Double angular,
                                @JsonProperty("m3") Double m3) {
            return new ArcFace(scale, LegacyMarginNames.pick("arcface", "angular-margin", angular, "m3", m3, Double.NaN));
        }

        @Override
        public String formula() {
            return "L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos(θ_y + %s) (cos θ_y - %s·sin %s past π)"
                    .formatted(num(scale), num(m3), num(m3), num(m3));
        }
    }

    /**
     * The combined margin {@code f = cos(m1 θ + m3) - m2} in the paper's notation: m1 multiplicative
     * ({@code multiplicative}), m2 cosine ({@code cosine-margin}), m3 angular ({@code angular-margin}).
     * insightface writes the same margin as {@code margin_list = (m1, m2, m3)} with m2 angular and
     * m3 cosine; {@code insightface = [m1, m2, m3]} takes that order (ArcFace is [1.0, 0.5, 0.0],
     * CosFace [1.0, 0.0, 0.4]).
     */
    record Combined(double scale, @JsonProperty("multiplicative") double m1, @JsonProperty("cosine-margin") double m2,
                    @JsonProperty("angular-margin") double m3) implements LossSpec {
        public Combined {
            requirePositive("scale", scale);
            if (!(m1 >= 1) || Double.isInfinite(m1)) {
                throw new IllegalArgumentException("multiplicative m1 must be a finite number >= 1, got " + m1);
            }
            requireCosineMargin(m2);
            requireAngularMargin("angular-margin m3", m3);
        }

        /** insightface's {@code margin_list = (m1, m2, m3)}: m2 is the angular margin, m3 the cosine one. */
        public static Combined fromInsightface(double scale, double m1, double angular, double cosine) {
            return new Combined(scale, m1, cosine, angular);
        }

        @JsonCreator
        static Combined fromJson(@JsonProperty("scale") double scale,
                                 @JsonProperty("multiplicative") Double multiplicative,
                                 @JsonProperty("cosine-margin") Double cosine,
                                 @JsonProperty("angular-margin") Double angular,
                                 @JsonProperty("insightface") List<Double> insightface,
                                 @JsonProperty("m1") Double m1, @JsonProperty("m2") Double m2,
                                 @JsonProperty("m3") Double m3) {
            if (insightface != null) {
                if (multiplicative != null || cosine != null || angular != null || m1 != null || m2 != null || m3 != null) {
                    throw new IllegalArgumentException("combined: insightface = [m1, m2, m3] replaces the other margin keys");
                }
                if (insightface.size() != 3 || insightface.contains(null)) {
                    throw new IllegalArgumentException("combined: insightface must be [m1, m2, m3] "
                            + "(multiplicative, angular, cosine: insightface's margin_list), got " + insightface);
                }
                return fromInsightface(scale, insightface.get(0), insightface.get(1), insightface.get(2));
            }
            if (m2 != null || m3 != null) {
                LegacyMarginNames.warnOnce("combined");
            }
            if (multiplicative != null && m1 != null) {
                throw new IllegalArgumentException("combined: give multiplicative or m1, not both");
            }
            return new Combined(scale, multiplicative != null ? multiplicative : m1 != null ? m1 : 1.0,
                    LegacyMarginNames.pick("combined", "cosine-margin", cosine, "m2", m2, 0.0),
                    LegacyMarginNames.pick("combined", "angular-margin", angular, "m3", m3, 0.0));
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
            requireFactor("a", a);
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
                requireFactor("a[" + j + "]", a.get(j));
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

    /**
     * AM-LFS with the logit transform {@code t}, the space both public AM-LFS re-implementations
     * search: the target logit is {@code s·t(cos θ_y)} with {@code t(c) = α_j c + β_j} on interval j
     * of {@code K = alpha.size()} equal intervals of {@code c ∈ [-1, 1]}; {@code L = -log p} on those
     * logits. The identity is α = 1, β = 0 (plain normalised softmax).
     */
    record AmLfsLogit(double scale, List<Double> alpha, List<Double> beta) implements LossSpec {
        public AmLfsLogit {
            requirePositive("scale", scale);
            if (alpha == null || beta == null || alpha.isEmpty() || alpha.size() != beta.size()) {
                throw new IllegalArgumentException("alpha and beta must hold one value per interval (same K >= 1)");
            }
            alpha = List.copyOf(alpha);
            beta = List.copyOf(beta);
            for (int j = 0; j < alpha.size(); j++) {
                requireFinite("alpha[" + j + "]", alpha.get(j));
                requireFinite("beta[" + j + "]", beta.get(j));
            }
        }

        /** The identity transform t(c) = c on {@code k} intervals: plain normalised softmax. */
        public static AmLfsLogit identity(double scale, int k) {
            return new AmLfsLogit(scale, java.util.Collections.nCopies(k, 1.0), java.util.Collections.nCopies(k, 0.0));
        }

        /** The interval of {@code c = cos θ_y} (clamped to [-1, 1]); an edge belongs to the upper interval. */
        public int interval(double c) {
            int k = alpha.size();
            return Math.min(k - 1, Math.max(0, (int) Math.floor((c + 1) / 2 * k)));
        }

        @Override
        public String formula() {
            return ("L = -log softmax(s·f)_y, s=%s, f(θ_y) = t(cos θ_y) = α_j·cos θ_y + β_j on interval j of %d "
                    + "of [-1, 1], α = %s, β = %s").formatted(num(scale), alpha.size(), nums(alpha), nums(beta));
        }
    }

    /**
     * ElasticFace-Arc (Boutros et al., CVPRW 2022): ArcFace with a margin drawn for every sample and
     * step from {@code N(m, σ_m)}: {@code f = cos(θ + m_i)} (ArcFace's fallback past π). The draws are
     * seeded by {@code seed}, the network's iteration count and the sample's row
     * ({@link ElasticMargins}), so a step is deterministic and checkable.
     */
    record ElasticArc(double scale, @JsonProperty("angular-margin") double m, @JsonProperty("margin-std") double sigma,
                      long seed) implements LossSpec {
        public ElasticArc {
            requirePositive("scale", scale);
            requireAngularMargin("angular-margin", m);
            requireNonNegative("margin-std", sigma);
        }

        @Override
        public String formula() {
            return "L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos(θ_y + m_i), m_i ~ N(%s, %s) per sample (seed %d)"
                    .formatted(num(scale), num(m), num(sigma), seed);
        }
    }

    /** ElasticFace-Cos: CosFace with a per-sample margin {@code m_i ~ N(m, σ_m)}: {@code f = cos θ - m_i}. */
    record ElasticCos(double scale, @JsonProperty("cosine-margin") double m, @JsonProperty("margin-std") double sigma,
                      long seed) implements LossSpec {
        public ElasticCos {
            requirePositive("scale", scale);
            requireCosineMargin(m);
            requireNonNegative("margin-std", sigma);
        }

        @Override
        public String formula() {
            return "L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos θ_y - m_i, m_i ~ N(%s, %s) per sample (seed %d)"
                    .formatted(num(scale), num(m), num(sigma), seed);
        }
    }

    /**
     * CurricularFace (Huang et al., CVPR 2020): ArcFace's target {@code cos(θ_y + m)} (fallback past
     * π), and every hard negative, {@code cos θ_j > cos(θ_y + m)}, re-weighted to
     * {@code cos θ_j (t + cos θ_j)}. {@code t} is the running mean of {@code cos θ_y}, updated before
     * each training step as {@code t ← 0.01 mean(cos θ_y) + 0.99 t} from 0 ({@link RunningStatistics});
     * the spec carries it, so it is saved with the model and kept across rounds.
     */
    record CurricularFace(double scale, @JsonProperty("angular-margin") double m, double t) implements LossSpec {
        public CurricularFace {
            requirePositive("scale", scale);
            requireAngularMargin("angular-margin", m);
            requireFinite("t", t);
        }

        /** The paper's head at scale {@code scale}: m = 0.5, t = 0 (no step taken yet). */
        public static CurricularFace start(double scale, double m) {
            return new CurricularFace(scale, m, 0);
        }

        @Override
        public String formula() {
            return ("L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos(θ_y + %s); hard negatives (cos θ_j > cos(θ_y + %s)) "
                    + "→ cos θ_j·(t + cos θ_j), t = running mean of cos θ_y (from %s)")
                    .formatted(num(scale), num(m), num(m), num(t));
        }
    }

    /**
     * AdaFace (Kim et al., CVPR 2022): a margin that adapts to the embedding's norm ‖x‖ (taken
     * before normalisation, as an image-quality proxy). With {@code ŝ = clip(h (‖x‖ - μ_b)/(σ_b + 1e-3), -1, 1)}
     * ({@code ‖x‖} clipped to [0.001, 100], treated as a constant), the target is
     * {@code cos(clip(θ_y - m ŝ, ε, π - ε)) - (m + m ŝ)}. μ_b, σ_b are running batch statistics of the
     * norms ({@code ← 0.01·batch + 0.99·previous}, from 20 and 100), updated before each training step.
     */
    record AdaFace(double scale, double margin, double h, @JsonProperty("batch-mean") double batchMean,
                   @JsonProperty("batch-std") double batchStd) implements LossSpec {
        public AdaFace {
            requirePositive("scale", scale);
            if (!(margin >= 0 && margin < 1)) {
                throw new IllegalArgumentException("margin must be in [0, 1) (the additive part m (1 + ŝ) reaches 2m), got "
                        + num(margin));
            }
            requireNonNegative("h", h);
            requireFinite("batch-mean", batchMean);
            requirePositive("batch-std", batchStd);
        }

        /** The paper's head: running statistics at their initial values (mean 20, std 100). */
        public static AdaFace start(double scale, double margin, double h) {
            return new AdaFace(scale, margin, h, 20, 100);
        }

        @JsonCreator
        static AdaFace fromJson(@JsonProperty("scale") double scale, @JsonProperty("margin") Double margin,
                                @JsonProperty("h") Double h, @JsonProperty("batch-mean") Double batchMean,
                                @JsonProperty("batch-std") Double batchStd) {
            return new AdaFace(scale, margin == null ? 0.4 : margin, h == null ? 0.333 : h,
                    batchMean == null ? 20 : batchMean, batchStd == null ? 100 : batchStd);
        }

        @Override
        public String formula() {
            return ("L = -log softmax(s·f)_y, s=%s, f(θ_y) = cos(θ_y - %s·ŝ) - %s·(1 + ŝ), ŝ = clip(%s·(‖x‖ - μ_b)/σ_b, -1, 1), "
                    + "μ_b, σ_b running norm mean and std (from %s, %s)").formatted(num(scale), num(margin), num(margin), num(h),
                    num(batchMean), num(batchStd));
        }
    }

    /**
     * The most negative modulating factor accepted, {@code a ≥ -1e30}: the layer forms
     * {@code s·(1 - a)} in float (≤ 3.4e38), and a global a is already the CosFace margin
     * {@code ln(1 - a)/s} (1.08 at a = -1e15, s = 32; the search's log10 mapping stops at -1e6).
     */
    double MIN_FACTOR = -1e30;

    /**
     * The cosine margin's range [0, 2): at m ≥ 2 the target logit {@code s(cos θ_y - m) ≤ -s} is
     * below every other class's {@code s cos θ_j ≥ -s} for every angle, the target can never win.
     */
    double MAX_COSINE_MARGIN = 2;

    private static void requireFactor(String name, double a) {
        if (!(a <= 0 && a >= MIN_FACTOR)) {
            throw new IllegalArgumentException(name + " must be a number in [" + num(MIN_FACTOR) + ", 0], got " + num(a)
                    + " (a ≤ 0; below -1e30 the gradient weight leaves float range, and a global a is a CosFace margin "
                    + "ln(1 - a)/s, 2.2 at a = -1e30 and s = 32)");
        }
    }

    private static void requireCosineMargin(double m2) {
        if (!(m2 >= 0 && m2 < MAX_COSINE_MARGIN)) {
            throw new IllegalArgumentException("cosine-margin m2 must be in [0, 2), got " + num(m2)
                    + " (at m2 >= 2 the margined target logit s(cos θ - m2) is below every other class's: it can never win)");
        }
    }

    private static void requireAngularMargin(String name, double m3) {
        if (!(m3 >= 0 && m3 < Math.PI / 2)) {
            throw new IllegalArgumentException(name + " must be in [0, π/2), got " + num(m3));
        }
    }

    private static void requireFinite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + v);
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

    private static String num(double v) {
        String text = String.format(Locale.ROOT, "%.6g", v);
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("\\.?0+$", "");
        }
        return e < 0 ? mantissa : mantissa + text.substring(e);
    }

    private static String nums(List<Double> vs) {
        return vs.stream().map(LossSpec::num).toList().toString();
    }
}
