package org.facelfs.eval;

import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * McNemar's exact test of two classifiers on the same pairs: only the discordant pairs count
 * ({@code b} = pairs only model A got right, {@code c} = only model B); under "no difference"
 * {@code b ~ Binomial(b + c, 1/2)}. The two-sided p-value is {@code min(1, 2 P(X ≤ min(b, c)))},
 * computed exactly by commons-math3's {@link BinomialTest} (no χ² approximation, which is poor for
 * the few hundred discordant pairs of a 3,000-pair test set).
 *
 * @param onlyA pairs model A decided correctly and model B wrongly
 * @param onlyB pairs model B decided correctly and model A wrongly
 * @param p     two-sided exact p-value
 */
public record McNemar(int onlyA, int onlyB, double p) {

    /** The test on two models' decisions over the same pairs in the same order. */
    public static McNemar of(PairDecisions a, PairDecisions b) {
        if (a.numPairs() != b.numPairs()) {
            throw new IllegalArgumentException("different pair sets: " + a.numPairs() + " vs " + b.numPairs() + " pairs");
        }
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < a.numPairs(); i++) {
            if (a.same()[i] != b.same()[i]) {
                throw new IllegalArgumentException("pair " + i + " has different labels: not the same pair list");
            }
            boolean ca = a.correct(i);
            boolean cb = b.correct(i);
            if (ca && !cb) {
                onlyA++;
            } else if (cb && !ca) {
                onlyB++;
            }
        }
        return of(onlyA, onlyB);
    }

    /** The test from the discordant counts. */
    public static McNemar of(int onlyA, int onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got " + onlyA + ", " + onlyB);
        }
        int n = onlyA + onlyB;
        double p = n == 0 ? 1 : new BinomialTest()
                .binomialTest(n, Math.min(onlyA, onlyB), 0.5, AlternativeHypothesis.TWO_SIDED);
        return new McNemar(onlyA, onlyB, Math.min(1, p));
    }
}
