package org.facelfs.search;

/**
 * The best candidates so far.
 *
 * @param current the best OK candidate of the last round that had one: its weights start the
 *                next round (when every candidate of a round failed, the previous one stays)
 * @param overall the highest reward of the whole search (ties keep the earlier candidate)
 */
public record Best(ScoredCandidate current, ScoredCandidate overall) {
}
