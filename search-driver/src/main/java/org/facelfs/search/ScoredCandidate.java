package org.facelfs.search;

import java.util.Map;

/** A candidate that finished, with its reward and metrics: what {@link SearchController#best()} returns. */
public record ScoredCandidate(Candidate candidate, double reward, Map<String, Double> metrics) {
}
