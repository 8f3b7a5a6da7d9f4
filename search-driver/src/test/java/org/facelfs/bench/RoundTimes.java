package org.facelfs.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facelfs.run.History;
import org.facelfs.run.HistoryRow;
import org.facelfs.run.RunLayout;
import org.facelfs.io.FileStore;

/**
 * One round of a finished search as the Spark-overhead benches see it: the round's wall time from
 * the driver's progress line, against what its candidates themselves took ({@code history.jsonl}:
 * trainSeconds + evalSeconds, in task order). Wherever the driver ran (in the bench's JVM or
 * through spark-submit), the run directory and the driver's output are all it needs.
 *
 * @param round            1-based, as the progress line counts
 * @param wallSeconds      the round's wall time on the driver (resolution: 0.1 s under a minute, 1 s above)
 * @param candidateSeconds train + eval seconds of each candidate, by candidate index (task order)
 * @param trainSeconds     sum of the candidates' training seconds
 * @param evalSeconds      sum of the candidates' reward-evaluation seconds
 */
public record RoundTimes(int round, double wallSeconds, List<Double> candidateSeconds, double trainSeconds,
                         double evalSeconds) {

    /** The driver's progress line ({@code ProgressReporter}): "[facelfs] round k/T[ (warm-up)] in 12.3s|2m05s|1h02m". */
    private static final Pattern ROUND = Pattern.compile(
            "\\[facelfs] round (\\d+)/\\d+(?: \\(warm-up\\))? in (?:(\\d+)h(\\d+)m|(?:(\\d+)m)?([0-9.]+)s)(?: \\||$)");

    /** The slowest candidate's train + eval seconds: the round's time with unlimited slots and zero overhead. */
    public double slowest() {
        return candidateSeconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The round's time with zero overhead on {@code slots} task slots: the candidates in task order. */
    public double ideal(int slots) {
        return listSchedule(candidateSeconds.stream().mapToDouble(Double::doubleValue).toArray(), slots);
    }

    /** Wall time over the slowest candidate (the ratio; meaningful when M ≤ slots). */
    public double overSlowest() {
        return wallSeconds / slowest();
    }

    /** Wall time over the ideal schedule on {@code slots} (the overhead when candidates run in waves). */
    public double overIdeal(int slots) {
        return wallSeconds / ideal(slots);
    }

    /** Reward evaluation's share of the candidates' time in this round. */
    public double evalShare() {
        return evalSeconds / (trainSeconds + evalSeconds);
    }

    /** Reward evaluation's share of the candidates' time over all {@code rounds}. */
    public static double evalShare(List<RoundTimes> rounds) {
        double train = rounds.stream().mapToDouble(RoundTimes::trainSeconds).sum();
        double eval = rounds.stream().mapToDouble(RoundTimes::evalSeconds).sum();
        return eval / (train + eval);
    }

    /**
     * The rounds whose progress line is among {@code driverLines}, with their candidates from
     * {@code runDir/history.jsonl}; a round reported twice (a resumed run) counts its last line.
     *
     * @throws IllegalArgumentException if the driver reported no round, or a round has no history row
     */
    public static List<RoundTimes> read(Path runDir, List<String> driverLines) {
        Map<Integer, Double> wall = new TreeMap<>();
        for (String line : driverLines) {
            Matcher m = ROUND.matcher(line);
            if (m.find()) {
                wall.put(Integer.parseInt(m.group(1)), seconds(m));
            }
        }
        if (wall.isEmpty()) {
            throw new IllegalArgumentException("the driver's output has no progress line \"[facelfs] round k/T ... in "
                    + "...\" (" + driverLines.size() + " lines): did the search run a round?");
        }
        RunLayout layout = new RunLayout(new org.apache.hadoop.fs.Path(runDir.toAbsolutePath().toUri()));
        Map<Integer, List<HistoryRow>> byRound = new TreeMap<>();
        for (HistoryRow r : History.load(FileStore.withDefaults(), layout, Integer.MAX_VALUE).rows()) {
            byRound.computeIfAbsent(r.round() + 1, k -> new ArrayList<>()).add(r);
        }
        List<RoundTimes> rounds = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : wall.entrySet()) {
            List<HistoryRow> rows = new ArrayList<>(byRound.getOrDefault(e.getKey(), List.of()));
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(layout.historyJsonl() + " has no candidate of round " + e.getKey()
                        + ", which the driver reported finished: is " + runDir + " the run the driver wrote?");
            }
            rows.sort(Comparator.comparingInt(HistoryRow::index));
            rounds.add(new RoundTimes(e.getKey(), e.getValue(),
                    rows.stream().map(r -> r.trainSeconds() + r.evalSeconds()).toList(),
                    rows.stream().mapToDouble(HistoryRow::trainSeconds).sum(),
                    rows.stream().mapToDouble(HistoryRow::evalSeconds).sum()));
        }
        return rounds;
    }

    /** The round number if {@code line} is a progress line that ends a round. */
    public static Optional<Integer> roundOf(String line) {
        Matcher m = ROUND.matcher(line);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static double seconds(Matcher m) {
        if (m.group(2) != null) {
            return 3600.0 * Integer.parseInt(m.group(2)) + 60.0 * Integer.parseInt(m.group(3));
        }
        return (m.group(4) == null ? 0 : 60.0 * Integer.parseInt(m.group(4))) + Double.parseDouble(m.group(5));
    }

    /** Makespan of tasks started in order on the first free of {@code slots} slots (zero overhead). */
    static double listSchedule(double[] t, int slots) {
        double[] free = new double[Math.max(1, slots)];
        for (double d : t) {
            int s = 0;
            for (int i = 1; i < free.length; i++) {
                if (free[i] < free[s]) {
                    s = i;
                }
            }
            free[s] += d;
        }
        return java.util.Arrays.stream(free).max().orElse(0);
    }

    /** The median of {@code values}; NaN if there are none. */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
