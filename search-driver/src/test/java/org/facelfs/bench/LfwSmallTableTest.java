package org.facelfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.facelfs.eval.PairDecisions;
import org.junit.jupiter.api.Test;

/** The table's verdicts: the separation rule, the best hand-crafted reference, the μ trajectories. */
class LfwSmallTableTest {

    private static final int PAIRS = 200;

    /**
     * Decisions on {@value #PAIRS} pairs (all "same", threshold 0) where exactly the first {@code correct}
     * pairs are right, so two such results disagree on exactly the pairs between their two counts.
     */
    private static PairDecisions firstCorrect(int correct) {
        double[] scores = new double[PAIRS];
        for (int p = 0; p < PAIRS; p++) {
            scores[p] = p < correct ? 1 : -1;
        }
        boolean[] same = new boolean[PAIRS];
        Arrays.fill(same, true);
        return PairDecisions.of(scores, same, new int[PAIRS], List.of(0.0));
    }

    private static LfwSmallTable.Result result(String method, int seed, int correct, List<String> mu) {
        return new LfwSmallTable.Result(method, seed, correct / (double) PAIRS, 0, 0.5, 0, 0, 0.6, 60,
                firstCorrect(correct), mu);
    }

    @Test
    void aLargeConsistentGainIsSeparatedAndASmallOneIsNot() {
        List<LfwSmallTable.Result> all = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            all.add(result("cosface", seed, 100 + seed, List.of()));
            all.add(result("search-global", seed, 140 + seed, List.of("[0.10]", "[0.20]")));  // +40 pairs every seed
            all.add(result("arcface", seed, 101 + seed, List.of()));                           // +1 pair
        }
        String table = LfwSmallTable.table(all, "cosface", List.of("cosface", "search-global", "arcface"), List.of(1, 2, 3),
                List.of(), 2);
        String search = line(table, "| search-global |");
        assertTrue(search.contains("**yes, better** (+20.00 pts"), search);
        assertTrue(search.contains("s1: 0/40, p=1.82e-12"), search);  // McNemar: 40 discordant pairs, all one way
        String arc = line(table, "| arcface |");
        assertTrue(arc.contains("no (+0.50 pts; spread 0.50; p < 0.05 every seed: no)"), arc);
        assertTrue(table.contains("| search-global | 3 | [0.10] → [0.20] |"), table);
    }

    @Test
    void aGainWithinTheSeedSpreadIsNotSeparatedEvenWhenEveryPairedTestIsSignificant() {
        List<LfwSmallTable.Result> method = List.of(result("m", 1, 110, List.of()), result("m", 2, 190, List.of()),
                result("m", 3, 115, List.of()));
        List<LfwSmallTable.Result> reference = List.of(result("r", 1, 100, List.of()), result("r", 2, 101, List.of()),
                result("r", 3, 102, List.of()));
        // diff = +18.67 points, but the method's own seeds spread by 22.4 points
        String verdict = LfwSmallTable.separation(method, reference, true);
        assertTrue(verdict.startsWith("no (+18.67 pts; spread 22.41"), verdict);
        assertTrue(LfwSmallTable.separation(method.subList(0, 1), reference, true).contains("needs ≥ 2 seeds"));
    }

    @Test
    void theReferenceIsTheHandCraftedMarginWithTheBestMeanAccuracy() {
        List<LfwSmallTable.Result> all = List.of(result("softmax", 1, 110, List.of()), result("cosface", 1, 120, List.of()),
                result("arcface", 1, 115, List.of()), result("search-global", 1, 190, List.of()));
        assertEquals("cosface", LfwSmallTable.bestHandCrafted(all));
    }

    @Test
    void theControlTakesTheFixedLossOfTheBestMarginsOverlay() {
        String hocon = LfwSmallTable.fixedLossOf(Path.of("../conf/lfw-small"), "cosface");
        Config loss = ConfigFactory.parseString(hocon);
        assertEquals("cosface", loss.getString("type"));
        assertEquals(0.35, loss.getDouble("cosine-margin"));
        assertEquals(32, loss.getDouble("scale"));
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(text));
    }
}
