package org.facelfs.policy;

import java.util.Arrays;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) as an immutable value: the step count and both moment estimates
 * are the whole optimiser state, so a saved search resumes with exactly the same updates.
 * Used for gradient <em>ascent</em> on the expected reward.
 *
 * <pre>
 * m ← β1 m + (1-β1) g;   v ← β2 v + (1-β2) g²;   t ← t + 1
 * Δ = lr · (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε)
 * </pre>
 */
public final class Adam {

    private final AdamSettings settings;
    private final long step;
    private final double[] m;
    private final double[] v;

    private Adam(AdamSettings settings, long step, double[] m, double[] v) {
        this.settings = settings;
        this.step = step;
        this.m = m;
        this.v = v;
    }

    /** A fresh optimiser for {@code dimension} parameters: step 0, zero moments. */
    public static Adam fresh(AdamSettings settings, int dimension) {
        return new Adam(settings, 0, new double[dimension], new double[dimension]);
    }

    /** An optimiser resumed from saved moments (see {@link #firstMoment()}, {@link #secondMoment()}). */
    public static Adam resume(AdamSettings settings, long step, List<Double> m, List<Double> v) {
        if (m.size() != v.size() || step < 0) {
            throw new IllegalArgumentException("Adam state: moments differ in length (" + m.size() + " vs "
                    + v.size() + ") or negative step " + step);
        }
        return new Adam(settings, step, toArray(m), toArray(v));
    }

    /** The result of one step: the parameter change to add, and the optimiser after it. */
    public record Step(double[] delta, Adam next) {
    }

    /** One ascent step on gradient {@code grad}: add {@code delta} to the parameters. */
    public Step ascent(double[] grad) {
        if (grad.length != m.length) {
            throw new IllegalArgumentException("gradient length " + grad.length + " != " + m.length);
        }
        long t = step + 1;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        double[] m2 = new double[m.length];
        double[] v2 = new double[v.length];
        double[] delta = new double[m.length];
        for (int j = 0; j < m.length; j++) {
            m2[j] = b1 * m[j] + (1 - b1) * grad[j];
            v2[j] = b2 * v[j] + (1 - b2) * grad[j] * grad[j];
            delta[j] = settings.learningRate() * (m2[j] / c1) / (Math.sqrt(v2[j] / c2) + settings.epsilon());
        }
        return new Step(delta, new Adam(settings, t, m2, v2));
    }

    /** Steps taken so far. */
    public long step() {
        return step;
    }

    /** The first-moment estimate m. */
    public List<Double> firstMoment() {
        return Arrays.stream(m).boxed().toList();
    }

    /** The second-moment estimate v. */
    public List<Double> secondMoment() {
        return Arrays.stream(v).boxed().toList();
    }

    static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
