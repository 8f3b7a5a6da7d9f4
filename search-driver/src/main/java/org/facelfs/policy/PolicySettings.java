package org.facelfs.policy;

import org.facelfs.loss.LossSpec;

/**
 * What building a policy takes: the {@code search.*} keys of the method, its space and its
 * Gaussian (the controller's {@code SearchSettings} hands over this part of itself).
 *
 * @param kind           search.policy
 * @param space          search.space
 * @param scale          search.scale
 * @param bins           search.bins
 * @param amLfsIntervals search.am-lfs.intervals
 * @param amLfsTransform search.am-lfs.transform
 * @param mapping        search.mapping
 * @param startFrom      search.start-from: the named loss μ0 is taken from (null = {@code muInit})
 * @param muInit         search.mu-init
 * @param gaussian       search.sigma, learn-sigma, sigma-min, reference-relu, step-units, adam
 * @param random         search.random
 * @param fixedLoss      search.fixed-loss (null unless kind = fixed)
 * @param warmupLoss     search.warmup-loss (null = the loss the search starts from)
 */
public record PolicySettings(PolicyKind kind, SpaceKind space, double scale, int bins, int amLfsIntervals,
                             AmLfsVariant amLfsTransform, Mapping mapping, LossSpec startFrom, double muInit,
                             GaussianPolicy.Options gaussian, RandomRange random, LossSpec fixedLoss,
                             LossSpec warmupLoss) {
}
