package org.facelfs.app;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.facelfs.eval.VerificationReport;
import org.facelfs.search.Best;
import org.facelfs.search.RoundRecord;

/** The driver's progress lines: one per round with the best reward, μ, elapsed time and ETA. */
public final class ProgressReporter {

    private final Consumer<String> out;

    public ProgressReporter(Consumer<String> out) {
        this.out = out;
    }

    public void line(String text) {
        out.accept("[facelfs] " + text);
    }

    /** A final evaluation, as {@code eval} prints it. */
    public void finalEvaluation(VerificationReport report) {
        line("final evaluation " + report.summary());
    }

    /**
     * @param done      rounds finished in this invocation (for the ETA)
     * @param remaining rounds still to run
     */
    public void round(int round, int rounds, RoundRecord record, Optional<Best> best, Duration took, Duration elapsed,
                      int done, int remaining) {
        Duration eta = elapsed.dividedBy(Math.max(1, done)).multipliedBy(remaining);
        long failed = record.candidates().stream().filter(c -> !c.status().key().equals("ok")).count();
        StringBuilder sb = new StringBuilder();
        sb.append("round %d/%d%s in %s".formatted(round + 1, rounds, record.warmup() ? " (warm-up)" : "", fmt(took)));
        if (record.bestId() != null) {
            double r = record.candidates().stream().filter(c -> c.candidate().id().equals(record.bestId()))
                    .findFirst().orElseThrow().reward();
            sb.append(" | round best %s %.4f".formatted(record.bestId(), r));
        } else {
            sb.append(" | every candidate failed");
        }
        best.ifPresent(b -> sb.append(String.format(Locale.ROOT, " | best of run %.4f (%s)", b.overall().reward(),
                b.overall().candidate().id())));
        if (failed > 0) {
            sb.append(" | failed ").append(failed);
        }
        if (!record.mu().isEmpty()) {
            sb.append(" | μ=").append(nums(record.mu())).append(" σ=").append(nums(record.sigma()));
        }
        sb.append(" | elapsed ").append(fmt(elapsed)).append(" | ETA ").append(remaining == 0 ? "done" : fmt(eta));
        line(sb.toString());
    }

    private static String nums(List<Double> v) {
        if (v.size() > 4) {
            return "[" + String.format(Locale.ROOT, "%.3f", v.get(0)) + ", ... (" + v.size() + ")]";
        }
        return v.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList().toString();
    }

    static String fmt(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? "%dh%02dm".formatted(s / 3600, (s % 3600) / 60)
                : s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
