package org.facelfs.report;

/** Mean and spread of one parameter of the search distribution after a round. */
public record DistributionPoint(int round, String parameter, double mu, double sigma) {
}
