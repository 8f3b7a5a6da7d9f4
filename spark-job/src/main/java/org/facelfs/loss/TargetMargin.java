package org.facelfs.loss;

/**
 * The margin function {@code f(m, θ_y)} of DESIGN.md §1.1 as a function of {@code c = cos θ_y}: the
 * direct-margin members replace the target logit {@code s·c} by {@code s·f(c)}. Both the DL4J layer and
 * the plain-Java reference take {@code f} and its slope {@code f'(c)} from here, so that the guards
 * below are defined once.
 *
 * <p>Guards, each chosen so that {@code slope} is the exact derivative of {@code value}:
 * <ul>
 *   <li>{@code c} is clamped to [-1, 1] first (rounding of normalised vectors can leave |c| = 1 + 1e-7);
 *       the clamp is treated as the identity in the slope (straight-through), since the excess is
 *       rounding only.</li>
 *   <li>ArcFace: where {@code θ + m3 > π} (that is {@code c < -cos m3}) the value is
 *       {@code c - m3 sin m3}, which keeps {@code f} monotone (insightface's fallback).</li>
 *   <li>Angular forms {@code cos(m1 θ + m3)} have slope {@code m1 sin(m1 θ + m3) / sin θ}, infinite at
 *       {@code c = ±1}. Within {@link #EDGE} of ±1 the function is continued by its tangent at
 *       {@code ±(1 - EDGE)}, so the slope stays finite (≤ ~m1/√(2·EDGE) ≈ 700·m1).</li>
 *   <li>SphereFace uses Chebyshev polynomials ({@code cos(m1 θ) = T_m1(c)}, slope {@code m1 U_{m1-1}(c)}),
 *       which have no singularity at all; {@code k} is piecewise constant.</li>
 * </ul>
 */
public abstract class TargetMargin {

    TargetMargin() {
    }

    /** Distance from ±1 inside which angular margins are continued linearly. */
    public static final double EDGE = 1e-6;

    /** The identity {@code f(c) = c}: softmax, unified and AM-LFS members. */
    public static final TargetMargin NONE = new TargetMargin() {
        @Override
        public double value(double c) {
            return c;
        }

        @Override
        public double slope(double c) {
            return 1;
        }
    };

    /** {@code f(c)}, the modified target cosine (the target logit is {@code s·f(c)}). */
    public abstract double value(double c);

    /** {@code df/dc} at {@code c}. */
    public abstract double slope(double c);

    /** Whether this margin changes the target logit at all. */
    public boolean isIdentity() {
        return this == NONE;
    }

    /**
     * The margin of each of {@code n} samples of a batch at {@code iteration}: ElasticFace's margins
     * are drawn per sample ({@link ElasticMargins}), every other member has one margin for all.
     */
    public static TargetMargin[] forBatch(LossSpec spec, long iteration, int n) {
        double[] unitNorms = new double[n];
        java.util.Arrays.fill(unitNorms, 1);
        return forBatch(spec, iteration, unitNorms);
    }

    /**
     * The margin of each sample of a batch whose embeddings (before normalisation) have norms
     * {@code norms}: AdaFace's margin adapts to them, ElasticFace's are drawn per sample
     * ({@link ElasticMargins}), every other member has one margin for all.
     */
    public static TargetMargin[] forBatch(LossSpec spec, long iteration, double[] norms) {
        int n = norms.length;
        TargetMargin[] margins = new TargetMargin[n];
        if (spec instanceof LossSpec.ElasticArc e) {
            double[] m = ElasticMargins.draw(e.m(), e.sigma(), e.seed(), iteration, n);
            for (int i = 0; i < n; i++) {
                margins[i] = m[i] == 0 ? NONE : arc(1, m[i], 0);
            }
        } else if (spec instanceof LossSpec.ElasticCos e) {
            double[] m = ElasticMargins.draw(e.m(), e.sigma(), e.seed(), iteration, n);
            for (int i = 0; i < n; i++) {
                margins[i] = m[i] == 0 ? NONE : shift(m[i]);
            }
        } else if (spec instanceof LossSpec.AdaFace ada) {
            for (int i = 0; i < n; i++) {
                margins[i] = AdaFaceMargin.forNorm(ada, norms[i]);
            }
        } else {
            java.util.Arrays.fill(margins, of(spec, iteration));
        }
        return margins;
    }

    /**
     * The margin of {@code spec} after {@code iteration} training iterations (SphereFace's λ anneals
     * with it); {@link #NONE} for the members that do not replace the target logit. ElasticFace's
     * margins differ per sample: {@link #forBatch}.
     */
    public static TargetMargin of(LossSpec spec, long iteration) {
        // Java 17 has no pattern switch: one instanceof per member; a new member fails loudly here.
        if (spec instanceof LossSpec.CosFace cf) {
            return cf.m2() == 0 ? NONE : shift(cf.m2());
        } else if (spec instanceof LossSpec.ArcFace af) {
            return af.m3() == 0 ? NONE : arc(1, af.m3(), 0);
        } else if (spec instanceof LossSpec.Combined cm) {
            if (cm.m1() == 1 && cm.m3() == 0) { // CosFace written as combined (insightface's [1, 0, m]): exactly CosFace
                return cm.m2() == 0 ? NONE : shift(cm.m2());
            }
            return arc(cm.m1(), cm.m3(), cm.m2()); // m1 = 1, m2 = 0 is exactly ArcFace's arc(1, m3, 0)
        } else if (spec instanceof LossSpec.CurricularFace cf) {
            return cf.m() == 0 ? NONE : arc(1, cf.m(), 0);
        } else if (spec instanceof LossSpec.AmLfsLogit t) {
            return piecewiseLinear(t);
        } else if (spec instanceof LossSpec.SphereFace sf) {
            return sphere(sf.m1(), sf.lambda(iteration));
        } else if (spec instanceof LossSpec.Softmax || spec instanceof LossSpec.UnifiedGlobal
                || spec instanceof LossSpec.UnifiedPiecewise || spec instanceof LossSpec.AmLfs) {
            return NONE;
        }
        throw new IllegalArgumentException("no target margin defined for " + spec);
    }

    /** AM-LFS's logit transform: {@code t(c) = α_j c + β_j} on the interval j of c (constant j in the slope). */
    private static TargetMargin piecewiseLinear(LossSpec.AmLfsLogit t) {
        return new TargetMargin() {
            @Override
            public double value(double c) {
                double cc = clamp(c);
                int j = t.interval(cc);
                return t.alpha().get(j) * cc + t.beta().get(j);
            }

            @Override
            public double slope(double c) {
                return t.alpha().get(t.interval(clamp(c)));
            }
        };
    }

    /** CosFace: {@code f = c - m2}. */
    private static TargetMargin shift(double m2) {
        return new TargetMargin() {
            @Override
            public double value(double c) {
                return clamp(c) - m2;
            }

            @Override
            public double slope(double c) {
                return 1;
            }
        };
    }

    /**
     * {@code f = cos(m1 θ + m3) - m2}; with {@code m1 = 1} (ArcFace, or combined without angular
     * multiplier) the {@code θ + m3 > π} fallback {@code c - m3 sin m3 - m2} applies.
     */
    private static TargetMargin arc(double m1, double m3, double m2) {
        boolean fallback = m1 == 1 && m3 > 0;
        double threshold = -Math.cos(m3);
        double fallbackShift = m3 * Math.sin(m3);
        return new TargetMargin() {
            @Override
            public double value(double c) {
                double cc = clamp(c);
                if (fallback && cc < threshold) {
                    return cc - fallbackShift - m2;
                }
                double edge = edgeOf(cc);
                if (edge != 0) {
                    return angle(edge) + angleSlope(edge) * (cc - edge) - m2;
                }
                return angle(cc) - m2;
            }

            @Override
            public double slope(double c) {
                double cc = clamp(c);
                if (fallback && cc < threshold) {
                    return 1;
                }
                double edge = edgeOf(cc);
                return angleSlope(edge != 0 ? edge : cc);
            }

            private double angle(double cc) {
                return Math.cos(m1 * Math.acos(cc) + m3);
            }

            private double angleSlope(double cc) {
                double theta = Math.acos(cc);
                return m1 * Math.sin(m1 * theta + m3) / Math.sqrt((1 - cc) * (1 + cc));
            }
        };
    }

    /**
     * SphereFace: {@code ψ = (-1)^k cos(m1 θ) - 2k}, {@code k = floor(m1 θ / π)}, blended as
     * {@code (λ c + ψ) / (1 + λ)}.
     */
    private static TargetMargin sphere(int m1, double lambda) {
        return new TargetMargin() {
            @Override
            public double value(double c) {
                double cc = clamp(c);
                int k = k(cc);
                double psi = sign(k) * chebyshevT(m1, cc) - 2.0 * k;
                return (lambda * cc + psi) / (1 + lambda);
            }

            @Override
            public double slope(double c) {
                double cc = clamp(c);
                double dpsi = sign(k(cc)) * m1 * chebyshevU(m1 - 1, cc);
                return (lambda + dpsi) / (1 + lambda);
            }

            private int k(double cc) {
                return Math.min(m1 - 1, (int) Math.floor(m1 * Math.acos(cc) / Math.PI));
            }
        };
    }

    /** The {@code k} of SphereFace's ψ for {@code c = cos θ} (exposed for tests and reports). */
    public static int sphereK(int m1, double c) {
        return Math.min(m1 - 1, (int) Math.floor(m1 * Math.acos(clamp(c)) / Math.PI));
    }

    private static double sign(int k) {
        return (k & 1) == 0 ? 1 : -1;
    }

    /** Chebyshev polynomial of the first kind, {@code T_n(cos θ) = cos(n θ)}. */
    static double chebyshevT(int n, double x) {
        return chebyshev(n, x, x);
    }

    /** Chebyshev polynomial of the second kind, {@code d/dx T_n(x) = n U_{n-1}(x)}. */
    static double chebyshevU(int n, double x) {
        return chebyshev(n, x, 2 * x);
    }

    /** The Chebyshev recurrence {@code P_{i+1} = 2x P_i - P_{i-1}} from {@code P_0 = 1}, {@code P_1 = first} (T: x, U: 2x). */
    private static double chebyshev(int n, double x, double first) {
        double p0 = 1;
        double p1 = first;
        if (n == 0) {
            return p0;
        }
        for (int i = 1; i < n; i++) {
            double p2 = 2 * x * p1 - p0;
            p0 = p1;
            p1 = p2;
        }
        return p1;
    }

    static double clamp(double c) {
        return Math.max(-1, Math.min(1, c));
    }

    /** The tangent point when {@code cc} lies within {@link #EDGE} of ±1, else 0. */
    private static double edgeOf(double cc) {
        if (cc > 1 - EDGE) {
            return 1 - EDGE;
        }
        if (cc < -1 + EDGE) {
            return -1 + EDGE;
        }
        return 0;
    }
}
