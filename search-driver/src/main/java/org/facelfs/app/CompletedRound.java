package org.facelfs.app;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.facelfs.run.HistoryRow;
import org.facelfs.search.Best;
import org.facelfs.search.RoundRecord;

/**
 * A round the search has just finished and checkpointed.
 *
 * @param round   0-based index of the round
 * @param rounds  rounds the run is configured for (search.rounds)
 * @param record  the controller's record: candidates, best id, μ and σ after the update
 * @param best    the best candidates so far
 * @param history every history row of the run so far, this round's included (as history.jsonl)
 * @param took    the round's wall time on the driver
 */
public record CompletedRound(int round, int rounds, RoundRecord record, Optional<Best> best, List<HistoryRow> history,
                             Duration took) {

    public CompletedRound {
        history = List.copyOf(history);
    }

    /** This round's rows of the history. */
    public List<HistoryRow> rows() {
        return history.stream().filter(r -> r.round() == round).toList();
    }
}
