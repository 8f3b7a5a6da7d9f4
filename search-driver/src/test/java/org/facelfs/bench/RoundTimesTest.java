package org.facelfs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known answers for the Spark-overhead figures from a hand-written run: round 1 has four
 * candidates of 10, 20, 30, 40 s (train + eval, listed out of task order) in a wall time of
 * 1m05s; round 2 two candidates of 8 and 4 s in 12.5 s. On 2 slots the ideal schedule of
 * round 1 is 60 s (10 | 20, then 30 after 10 → 40, 40 after 20 → 60); of round 2, 8 s.
 */
class RoundTimesTest {

    @TempDir
    Path run;

    private static String row(int round, int index, double train, double eval) {
        return "{\"round\":%d,\"candidate\":\"r%dc%d\",\"index\":%d,\"status\":\"ok\",\"reward\":0.7,\"trainSeconds\":%s,\"evalSeconds\":%s}"
                .formatted(round, round, index, index, train, eval);
    }

    /** The driver's output as spark-submit logs it: Spark's own lines between the progress lines. */
    private static final List<String> LOG = List.of(
            "26/11/28 07:00:01 INFO SparkContext: Running Spark version 3.5.9",
            "[facelfs] Spark spark://127.0.0.1:40000, 2 candidate(s) at a time, 1 thread(s) each; data: synthetic",
            "26/11/28 07:00:02 INFO DAGScheduler: Job 0 finished: round 1/2: train + reward 4 candidates: in 3.0s",
            "[facelfs] round 1/2 (warm-up) in 1m05s | round best r0c2 0.7000 | best of run 0.7000 (r0c2) | elapsed 1m05s"
                    + " | ETA 1m05s",
            "[facelfs] round 2/2 in 12.5s | round best r1c0 0.7000 | best of run 0.7000 (r0c2) | μ=[0.100] σ=[0.200]"
                    + " | elapsed 1m17s | ETA done");

    private void history(String... rows) throws IOException {
        Files.writeString(run.resolve("history.jsonl"), String.join("\n", rows) + "\n");
    }

    @Test
    void wallTimesComeFromTheProgressLinesAndCandidateTimesFromTheHistory() throws IOException {
        history(row(0, 2, 25, 5), row(0, 0, 8, 2), row(0, 3, 36, 4), row(0, 1, 17, 3), row(1, 0, 6, 2), row(1, 1, 3, 1));

        List<RoundTimes> rounds = RoundTimes.read(run, LOG);

        assertEquals(2, rounds.size());
        RoundTimes r1 = rounds.get(0);
        assertEquals(1, r1.round());
        assertEquals(65.0, r1.wallSeconds(), 1e-9);
        assertEquals(List.of(10.0, 20.0, 30.0, 40.0), r1.candidateSeconds(), "task (index) order");
        assertEquals(40.0, r1.slowest(), 1e-9);
        assertEquals(65.0 / 40, r1.overSlowest(), 1e-9);
        assertEquals(60.0, r1.ideal(2), 1e-9);
        assertEquals(65.0 / 60, r1.overIdeal(2), 1e-9);
        assertEquals(100.0, r1.ideal(1), 1e-9);
        assertEquals(40.0, r1.ideal(4), 1e-9);
        assertEquals(14.0 / 100, r1.evalShare(), 1e-9);
        RoundTimes r2 = rounds.get(1);
        assertEquals(12.5, r2.wallSeconds(), 1e-9);
        assertEquals(8.0, r2.ideal(2), 1e-9);
        assertEquals(12.5 / 8, r2.overSlowest(), 1e-9);
        assertEquals(17.0 / 112, RoundTimes.evalShare(rounds), 1e-9);
    }

    @Test
    void onlyTheDriversProgressLinesEndARoundInAnyDurationFormat() {
        assertEquals(Optional.of(3), RoundTimes.roundOf("[facelfs] round 3/8 in 59.9s | round best r2c0 0.6"));
        assertEquals(Optional.empty(), RoundTimes.roundOf(LOG.get(2)), "Spark's job description is no progress line");
        assertEquals(Optional.empty(), RoundTimes.roundOf("[facelfs] round 3/8 failed: executor lost"));
    }

    @Test
    void hoursAndMinutesAreParsed() throws IOException {
        history(row(0, 0, 3000, 600), row(1, 0, 100, 20));

        List<RoundTimes> rounds = RoundTimes.read(run, List.of("[facelfs] round 1/2 in 1h02m | round best r0c0 0.7",
                "[facelfs] round 2/2 in 2m03s"));

        assertEquals(3720.0, rounds.get(0).wallSeconds(), 1e-9);
        assertEquals(123.0, rounds.get(1).wallSeconds(), 1e-9);
    }

    @Test
    void aResumedRoundCountsItsLastLine() throws IOException {
        history(row(0, 0, 8, 2));

        List<RoundTimes> rounds = RoundTimes.read(run, List.of("[facelfs] round 1/1 in 30.0s", "[facelfs] round 1/1 in 11.0s"));

        assertEquals(11.0, rounds.get(0).wallSeconds(), 1e-9);
    }

    @Test
    void aReportedRoundWithoutHistoryRowsIsRefusedNamingTheFile() throws IOException {
        history(row(0, 0, 8, 2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoundTimes.read(run, LOG));

        assertTrue(e.getMessage().contains("history.jsonl has no candidate of round 2"), e.getMessage());
    }

    @Test
    void aLogWithoutProgressLinesIsRefused() throws IOException {
        history(row(0, 0, 8, 2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoundTimes.read(run, LOG.subList(0, 3)));

        assertTrue(e.getMessage().contains("no progress line"), e.getMessage());
    }

    @Test
    void theTableShowsEachRoundsRatiosAndTheirMedians() throws IOException {
        history(row(0, 2, 25, 5), row(0, 0, 8, 2), row(0, 3, 36, 4), row(0, 1, 17, 3), row(1, 0, 6, 2), row(1, 1, 3, 1));

        String table = new OverheadTable(2).column("load 1 min", r -> "x" + r.round()).render(RoundTimes.read(run, LOG));

        assertTrue(table.contains("| 1 | 4 | 65.0 | 40.0 | 1.625 | 60.0 | 1.083 | 14.0 % | x1 |"), table);
        assertTrue(table.contains("| 2 | 2 | 12.5 | 8.0 | 1.563 | 8.0 | 1.563 | 25.0 % | x2 |"), table);
        // medians of (1.625, 1.5625) and (1.0833, 1.5625); rounds 2+ is round 2 alone
        assertTrue(table.contains("Median wall / slowest 1.594, median wall / ideal 1.323 (rounds 2+: 1.563 / 1.563) "
                + "on 2 slots; reward evaluation 15.2 % of candidate time"), table);
    }
}
