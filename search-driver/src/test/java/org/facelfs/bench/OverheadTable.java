package org.facelfs.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The markdown table both Spark-overhead benches print (docs/benchmarks.md): per round the wall
 * time against the slowest candidate and against the ideal schedule on the slots, the reward's
 * share, then whatever columns a bench measures itself (driver heap, load); and the medians.
 */
final class OverheadTable {

    private final int slots;
    private final Map<String, Function<RoundTimes, String>> extra = new LinkedHashMap<>();

    /** A table for a run on {@code slots} task slots (local[N]: N; standalone: workers × cores). */
    OverheadTable(int slots) {
        this.slots = slots;
    }

    /** Adds a column after the common ones: its header and its cell for a round. */
    OverheadTable column(String header, Function<RoundTimes, String> cell) {
        extra.put(header, cell);
        return this;
    }

    /** The table, then one line of medians (all rounds, and rounds 2+ without the first round's warm-up). */
    String render(List<RoundTimes> rounds) {
        StringBuilder sb = new StringBuilder("| round | M | round wall s | slowest candidate s | wall / slowest "
                + "| ideal schedule s | wall / ideal | eval share |");
        extra.keySet().forEach(h -> sb.append(' ').append(h).append(" |"));
        sb.append("\n|---|---|---|---|---|---|---|---|").append("---|".repeat(extra.size())).append('\n');
        for (RoundTimes r : rounds) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.3f | %.1f | %.3f | %.1f %% |", r.round(),
                    r.candidateSeconds().size(), r.wallSeconds(), r.slowest(), r.overSlowest(), r.ideal(slots),
                    r.overIdeal(slots), 100 * r.evalShare()));
            extra.values().forEach(c -> sb.append(' ').append(c.apply(r)).append(" |"));
            sb.append('\n');
        }
        List<RoundTimes> later = rounds.subList(Math.min(1, rounds.size() - 1), rounds.size());
        sb.append(String.format(Locale.ROOT, "%nMedian wall / slowest %.3f, median wall / ideal %.3f (rounds 2+: %.3f / "
                        + "%.3f) on %d slots; reward evaluation %.1f %% of candidate time%n",
                medianOverSlowest(rounds), medianOverIdeal(rounds), medianOverSlowest(later), medianOverIdeal(later),
                slots, 100 * RoundTimes.evalShare(rounds)));
        return sb.toString();
    }

    private static double medianOverSlowest(List<RoundTimes> rounds) {
        return RoundTimes.median(rounds.stream().map(RoundTimes::overSlowest).toList());
    }

    private double medianOverIdeal(List<RoundTimes> rounds) {
        return RoundTimes.median(rounds.stream().map(r -> r.overIdeal(slots)).toList());
    }
}
