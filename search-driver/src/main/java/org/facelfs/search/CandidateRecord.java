package org.facelfs.search;

import org.facelfs.outcome.CandidateStatus;
import java.util.Map;

/**
 * One candidate's line in the history.
 *
 * @param candidate        what was proposed
 * @param status           how its training ended
 * @param reward           the reward reported (NaN when it did not finish)
 * @param assignedReward   the reward the update used (the failed-reward rule applied)
 * @param normalisedReward the REINFORCE weight r̂ (0 in warm-up rounds and rounds with no update)
 * @param metrics          extra metrics reported with the outcome
 */
public record CandidateRecord(Candidate candidate, CandidateStatus status, double reward, double assignedReward,
                              double normalisedReward, Map<String, Double> metrics) {
}
