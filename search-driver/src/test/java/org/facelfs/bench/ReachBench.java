package org.facelfs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.facelfs.search.ReferenceSettings;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.AdamSettings;
import org.facelfs.policy.Mapping;
import org.facelfs.search.Candidate;
import org.facelfs.search.CandidateOutcome;
import org.facelfs.search.RoundRecord;
import org.facelfs.search.SearchController;
import org.facelfs.search.SearchSettings;

/**
 * How far the project's own search (the real {@link SearchController}: sampling, normalisation,
 * REINFORCE, Adam, the step rule) gets in a few updates, on synthetic reward landscapes of the
 * global factor a with a known optimum (issue 15). Not a timing: it runs in seconds.
 *
 * <p>Landscapes, as functions of the candidate's CosFace-equivalent margin m = ln(1 - a)/s
 * (s = 32) or of d = log10(1 - a):
 * <ul>
 *   <li>{@code cosface-0.35}: -(m - 0.35)², optimum at CosFace 0.35's a = 1 - e^{11.2};</li>
 *   <li>{@code a=-100}: -(d - log10 101)², optimum at a = -100 (m = 0.144);</li>
 *   <li>{@code table-3}: the paper's Table 3 LFW accuracies (a = 0, -1, ..., -10^4: 99.53 ... 99.71)
 *       linear in d between the points, falling by 0.09 points a decade beyond -10^4 (an
 *       assumption: margins past ~0.3 are not in the table); two maxima, a = -100 and -10^4;</li>
 *   <li>{@code table-3+noise}: the same plus per-candidate noise of 1.4 points (the low end of
 *       the 1.4–2.4-point reward spread measured on lfw-small);</li>
 *   <li>{@code table-3x6.7+noise}: the shape stretched to lfw-small's softmax–CosFace gap (1.2
 *       points instead of 0.18) with the same noise.</li>
 * </ul>
 * Under common random numbers the candidates of a round share their data-order seed; the noise
 * is modelled as a shared part (variance fraction {@value #SHARED_NOISE}, an assumption to be
 * replaced by the real-face measurement) drawn from the training seed, plus a candidate's own
 * part. Without them each candidate's seed differs, so its whole noise is its own.
 *
 * <p>Distance: |m(μ) - m*| to the nearest maximiser, in margin, and |d(μ) - d*| in decades,
 * after 6, 12 and 18 policy updates (no warm-up: warm-up rounds do not update), over
 * {@code --seeds} seeds.
 *
 * <pre>java -cp $CP org.facelfs.bench.ReachBench [--seeds 100] [--sweep] [--only log10]</pre>
 */
public final class ReachBench {

    static final double SCALE = 32;
    static final double SHARED_NOISE = 0.5;
    static final int[] CHECKPOINTS = {6, 12, 18};

    private ReachBench() {
    }

    /** A reward of the global factor a, its maximisers (as margins) and its per-candidate noise. */
    record Landscape(String name, DoubleUnaryOperator rewardOfA, double[] optimaMargin, double noise) {
    }

    /** A named configuration of the search. */
    record Variant(String name, UnaryOperator<SearchSettings.Builder> apply) {
    }

    public static void main(String[] args) {
        int seeds = 100;
        boolean sweep = false;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--sweep" -> sweep = true;
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--seeds N, --sweep, --only TEXT: the variants whose name holds TEXT)");
            }
        }
        if (sweep) {
            sweep(seeds);
            return;
        }
        List<Variant> variants = List.of(
                new Variant("old defaults", b -> b.legacySearchDefaults()),
                new Variant("new defaults", b -> b),
                new Variant("new, no antithetic", b -> b.antithetic(false)),
                new Variant("new, no CRN", b -> b.commonRandomNumbers(false)),
                new Variant("new, neither", b -> b.antithetic(false).commonRandomNumbers(false)),
                new Variant("new, from softmax", b -> b.startFrom(new LossSpec.Softmax(SCALE))),
                new Variant("new, log10 mapping (σ auto = 0.2 dec)", b -> b.mapping(Mapping.LOG10)),
                new Variant("new, log10 mapping, σ 0.03 (before auto)", b -> b.mapping(Mapping.LOG10).sigma(0.03)),
                new Variant("new, reference mapping (σ auto = 0.2)", b -> b.mapping(Mapping.REFERENCE)),
                new Variant("new, reference mapping, σ 0.03 (before auto)", b -> b.mapping(Mapping.REFERENCE).sigma(0.03)));
        System.out.println("| landscape | search | M | m: median / p80 after 6 | 12 | 18 | within 0.03 m after 18 "
                + "| decades: median / p80 after 18 | within 0.2 dec after 18 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Landscape l : landscapes()) {
            for (Variant v : variants) {
                if (l.noise() == 0 && v.name().contains("CRN") || l.noise() == 0 && v.name().contains("neither")) {
                    continue; // without noise, common random numbers change nothing
                }
                if (only != null && !v.name().contains(only)) {
                    continue;
                }
                for (int m : new int[] {4, 8}) {
                    System.out.println(row(l, v, m, seeds));
                }
            }
        }
    }

    static List<Landscape> landscapes() {
        double cos35 = 0.35;
        double a100 = Mapping.marginOf(-100, SCALE);
        double a1e4 = Mapping.marginOf(-1e4, SCALE);
        DoubleUnaryOperator table3 = ReachBench::table3;
        return List.of(
                new Landscape("cosface-0.35", a -> -Math.pow(Mapping.marginOf(a, SCALE) - cos35, 2), new double[] {cos35}, 0),
                new Landscape("a=-100", a -> -Math.pow(Math.log10(1 - a) - Math.log10(101), 2), new double[] {a100}, 0),
                new Landscape("table-3", table3, new double[] {a100, a1e4}, 0),
                new Landscape("table-3+noise", table3, new double[] {a100, a1e4}, 1.4),
                new Landscape("table-3x6.7+noise", a -> 6.7 * table3.applyAsDouble(a), new double[] {a100, a1e4}, 1.4));
    }

    /** Table 3's LFW accuracy (points), linear in log10(1 - a) between the paper's values. */
    static double table3(double a) {
        double[] d = {0, Math.log10(2), Math.log10(11), Math.log10(101), Math.log10(1001), Math.log10(10001)};
        double[] lfw = {99.53, 99.56, 99.66, 99.71, 99.61, 99.71};
        double x = Math.log10(1 - a);
        if (x >= d[d.length - 1]) {
            return lfw[lfw.length - 1] - 0.09 * (x - d[d.length - 1]);
        }
        int j = 0;
        while (x > d[j + 1]) {
            j++;
        }
        return lfw[j] + (lfw[j + 1] - lfw[j]) * (x - d[j]) / (d[j + 1] - d[j]);
    }

    /** One table row: distances after each checkpoint over {@code seeds} seeds. */
    static String row(Landscape l, Variant v, int m, int seeds) {
        Map<Integer, double[]> margin = new LinkedHashMap<>();
        Map<Integer, double[]> decades = new LinkedHashMap<>();
        for (int k : CHECKPOINTS) {
            margin.put(k, new double[seeds]);
            decades.put(k, new double[seeds]);
        }
        for (int seed = 1; seed <= seeds; seed++) {
            SearchSettings s = v.apply().apply(base(m, seed)).build();
            List<RoundRecord> history = run(s, l);
            for (int k : CHECKPOINTS) {
                double a = s.mapping().toFactor(history.get(k - 1).mu().get(0), SCALE);
                margin.get(k)[seed - 1] = distanceMargin(l, a);
                decades.get(k)[seed - 1] = distanceDecades(l, a);
            }
        }
        StringBuilder sb = new StringBuilder("| %s | %s | %d |".formatted(l.name(), v.name(), m));
        for (int k : CHECKPOINTS) {
            sb.append(String.format(Locale.ROOT, " %.3f / %.3f |", quantile(margin.get(k), 0.5), quantile(margin.get(k), 0.8)));
        }
        sb.append(String.format(Locale.ROOT, " %.0f %% | %.2f / %.2f | %.0f %% |", 100 * within(margin.get(18), 0.03),
                quantile(decades.get(18), 0.5), quantile(decades.get(18), 0.8), 100 * within(decades.get(18), 0.2)));
        return sb.toString();
    }

    /** M candidates, no warm-up (warm-up rounds do not update), as many rounds as the last checkpoint. */
    static SearchSettings.Builder base(int m, long seed) {
        return ReferenceSettings.builder().candidates(m).warmupRounds(0).rounds(CHECKPOINTS[CHECKPOINTS.length - 1])
                .scale(SCALE).seed(seed);
    }

    /** The rounds of one search on {@code l} (rewards in points plus the landscape's noise). */
    static List<RoundRecord> run(SearchSettings s, Landscape l) {
        SearchController c = new SearchController(s);
        while (!c.finished()) {
            List<CandidateOutcome> outcomes = new ArrayList<>();
            for (Candidate cand : c.propose(c.nextRound())) {
                double a = ((LossSpec.UnifiedGlobal) cand.spec()).a();
                outcomes.add(CandidateOutcome.ok(cand.id(), l.rewardOfA().applyAsDouble(a) + l.noise() * noise(cand)));
            }
            c.observe(outcomes);
        }
        return c.history();
    }

    /** Shared part from the training seed (common to a round under CRN) plus the candidate's own part. */
    static double noise(Candidate c) {
        double shared = new SplittableRandom(c.seed()).nextGaussian();
        double own = new SplittableRandom(c.seed() ^ (0x9E3779B97F4A7C15L * (c.index() + 1))).nextGaussian();
        return Math.sqrt(SHARED_NOISE) * shared + Math.sqrt(1 - SHARED_NOISE) * own;
    }

    static double distanceMargin(Landscape l, double a) {
        double m = Mapping.marginOf(a, SCALE);
        return Arrays.stream(l.optimaMargin()).map(o -> Math.abs(m - o)).min().orElseThrow();
    }

    static double distanceDecades(Landscape l, double a) {
        double d = Math.log10(1 - a);
        return Arrays.stream(l.optimaMargin()).map(o -> Math.abs(d - SCALE * o / Math.log(10))) // 1 - a* = e^{s m*}
                .min().orElseThrow();
    }

    static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    static double within(double[] values, double bound) {
        return Arrays.stream(values).filter(x -> x <= bound).count() / (double) values.length;
    }

    /** σ × lr grid for the defaults: share of seeds within 0.03 in margin after 18 updates at M = 4. */
    static void sweep(int seeds) {
        System.out.println("| σ (margin) | lr (σ units) | start | " + String.join(" | ",
                landscapes().stream().map(Landscape::name).toList()) + " | travel in 18 (reward = m) |");
        Landscape uphill = new Landscape("uphill", a -> Mapping.marginOf(a, SCALE), new double[] {Mapping.MAX_MARGIN}, 0);
        for (double sigma : new double[] {0.02, 0.03, 0.035, 0.04, 0.05}) {
            for (double lr : new double[] {0.75, 0.85, 1.0, 1.2}) {
                for (LossSpec start : List.of(new LossSpec.CosFace(SCALE, 0.35), new LossSpec.Softmax(SCALE))) {
                    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| %.3f | %.2f | %s |", sigma, lr,
                            start instanceof LossSpec.Softmax ? "softmax" : "cosface 0.35"));
                    for (Landscape l : landscapes()) {
                        Variant v = new Variant("", b -> b.sigma(sigma).startFrom(start)
                                .adam(new AdamSettings(lr, 0.5, 0.999, 1e-8)));
                        double[] d = new double[seeds];
                        for (int seed = 1; seed <= seeds; seed++) {
                            SearchSettings s = v.apply().apply(base(4, seed)).build();
                            List<RoundRecord> h = run(s, l);
                            d[seed - 1] = distanceMargin(l, s.mapping().toFactor(h.get(17).mu().get(0), SCALE));
                        }
                        sb.append(String.format(Locale.ROOT, " %.0f %% (med %.3f) |", 100 * within(d, 0.03), quantile(d, 0.5)));
                    }
                    double[] travel = new double[seeds];
                    for (int seed = 1; seed <= seeds; seed++) {
                        SearchSettings s = base(4, seed).sigma(sigma).startFrom(new LossSpec.Softmax(SCALE))
                                .adam(new AdamSettings(lr, 0.5, 0.999, 1e-8)).build();
                        travel[seed - 1] = run(s, uphill).get(17).mu().get(0);
                    }
                    sb.append(String.format(Locale.ROOT, " %.3f (p20 %.3f) |", quantile(travel, 0.5), quantile(travel, 0.2)));
                    System.out.println(sb);
                }
            }
        }
    }
}
