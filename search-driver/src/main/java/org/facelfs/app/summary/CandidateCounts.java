package org.facelfs.app.summary;

import java.util.List;
import org.facelfs.run.HistoryRow;
import org.facelfs.outcome.CandidateStatus;

/** How the candidates of history rows ended, by status. */
public record CandidateCounts(long total, long ok, long nonFinite, long failed) {

    public static CandidateCounts of(List<HistoryRow> rows) {
        return new CandidateCounts(rows.size(), count(rows, CandidateStatus.OK), count(rows, CandidateStatus.NON_FINITE),
                count(rows, CandidateStatus.FAILED));
    }

    /** Share of the candidates that failed with an error (0 with none). */
    public double failedFraction() {
        return total == 0 ? 0 : (double) failed / total;
    }

    private static long count(List<HistoryRow> rows, CandidateStatus status) {
        return rows.stream().filter(r -> r.status().equals(status.key())).count();
    }
}
