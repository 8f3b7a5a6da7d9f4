package org.facelfs.policy;

import java.util.Collections;
import java.util.List;
import org.facelfs.config.ConfigError;
import org.facelfs.loss.LossSpec;

/**
 * Where a unified search starts ({@code search.start-from}): a named hand-crafted loss turned
 * into its factor(s) a, one per bin. Only losses with an exact unified factor qualify: softmax
 * (a = 0), CosFace (a = 1 - e^{s m2} at the search's scale s: exactly the same loss), the
 * combined margin with m1 = 1 and m3 = 0 (which is CosFace), and the unified losses themselves.
 * SphereFace and ArcFace change the target logit by an amount that depends on θ, so no single
 * a equals them; they are refused with that reason.
 */
public final class StartingLoss {

    private StartingLoss() {
    }

    /** The factors a_1..a_bins of {@code start} at scale {@code scale} (bins = 1 for the global space). */
    public static List<Double> factors(LossSpec start, int bins, double scale) {
        if (start instanceof LossSpec.UnifiedPiecewise p) {
            if (p.a().size() != bins) {
                throw new ConfigError("search.start-from", "cannot be a unified-piecewise loss with " + p.a().size()
                        + " factors for a space of " + bins + " (search.bins; the global space has 1)");
            }
            return p.a();
        }
        return Collections.nCopies(bins, globalFactor(start, scale));
    }

    /** The sample vector μ0 whose factors are those of {@code start} under {@code mapping}. */
    public static double[] mean(LossSpec start, int bins, Mapping mapping, double scale) {
        return factors(start, bins, scale).stream().mapToDouble(a -> mapping.toSample(a, scale)).toArray();
    }

    private static double globalFactor(LossSpec start, double scale) {
        if (start instanceof LossSpec.Softmax) {
            return 0;
        }
        if (start instanceof LossSpec.CosFace c) {
            return cosFaceFactor(c.m2(), scale);
        }
        if (start instanceof LossSpec.Combined c && c.m1() == 1 && c.m3() == 0) {
            return cosFaceFactor(c.m2(), scale);
        }
        if (start instanceof LossSpec.UnifiedGlobal g) {
            return g.a();
        }
        throw new ConfigError("search.start-from", "cannot be " + start.getClass().getSimpleName().toLowerCase()
                + ": it has no single unified factor a (its margin depends on θ); start from softmax, cosface, "
                + "unified-global or unified-piecewise, e.g. { type = cosface, m2 = 0.35 }");
    }

    private static double cosFaceFactor(double m2, double scale) {
        return -Math.expm1(scale * m2);
    }
}
