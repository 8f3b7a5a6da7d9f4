package org.facelfs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairDecisionsTest {

    @Test
    void decisionsUseEachFoldsOwnThresholdAndMatchTheKFoldAccuracy() {
        Random rnd = new Random(3);
        int n = 400;
        double[] scores = new double[n];
        boolean[] same = new boolean[n];
        int[] folds = new int[n];
        for (int i = 0; i < n; i++) {
            same[i] = i % 2 == 0;
            scores[i] = (same[i] ? 0.3 : 0) + rnd.nextGaussian() * 0.2;
            folds[i] = i / 100; // 4 equal folds
        }
        VerificationMetrics.FoldedAccuracy k = VerificationMetrics.kFold(scores, same, folds, 4);
        PairDecisions d = PairDecisions.of(scores, same, folds, k.thresholds());
        assertEquals(k.mean(), d.accuracy(), 1e-12);
        double t2 = k.thresholds().get(2);
        assertEquals(scores[250] > t2, d.predictedSame(250));
    }

    @Test
    void csvRoundTripKeepsEveryDecisionIncludingInfiniteThresholds() throws Exception {
        PairDecisions d = new PairDecisions(new double[] {0.5, -0.25, 0.125}, new boolean[] {true, false, false},
                new int[] {0, 1, 1}, new double[] {0.1, Double.POSITIVE_INFINITY});
        StringWriter w = new StringWriter();
        d.writeCsv(w);
        List<String> lines = w.toString().lines().toList();
        assertEquals(PairDecisions.HEADER, lines.get(0));
        assertEquals("1,1,0,-0.250000000,Infinity,0,1", lines.get(2));
        PairDecisions back = PairDecisions.readCsv(new BufferedReader(new StringReader(w.toString())), "mem");
        assertArrayEquals(d.scores(), back.scores());
        assertArrayEquals(d.thresholds(), back.thresholds());
        assertArrayEquals(d.folds(), back.folds());
        assertEquals(1.0, back.accuracy());
    }

    @Test
    void mcNemarExactPValuesMatchHandComputedBinomialTails() {
        // b = 10, c = 2: 2 (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 2 * 79 / 4096
        McNemar m = McNemar.of(10, 2);
        assertEquals(158.0 / 4096, m.p(), 1e-15);
        assertEquals(1.0, McNemar.of(5, 5).p(), 1e-12);   // symmetric: capped at 1
        assertEquals(1.0, McNemar.of(0, 0).p(), 0.0);     // no discordant pair: no evidence
        assertEquals(2.0 / 1024, McNemar.of(0, 10).p(), 1e-15);
        // large n: 150 vs 100 discordant pairs; normal approximation with continuity correction
        // z = (|150-100| - 1) / sqrt(250) = 3.099 -> p ≈ 0.00194
        assertEquals(0.00194, McNemar.of(150, 100).p(), 0.0002);
    }

    @Test
    void mcNemarCountsDiscordantPairsAndRefusesDifferentPairLists() {
        boolean[] same = {true, true, false, false};
        int[] folds = {0, 0, 0, 0};
        PairDecisions a = new PairDecisions(new double[] {1, 1, -1, -1}, same, folds, new double[] {0});  // all right
        PairDecisions b = new PairDecisions(new double[] {-1, 1, 1, -1}, same, folds, new double[] {0});  // 2 wrong
        McNemar m = McNemar.of(a, b);
        assertEquals(2, m.onlyA());
        assertEquals(0, m.onlyB());
        PairDecisions other = new PairDecisions(new double[] {1, 1, -1}, new boolean[] {true, true, false},
                new int[] {0, 0, 0}, new double[] {0});
        assertThrows(IllegalArgumentException.class, () -> McNemar.of(a, other));
    }
}
