package org.facelfs.model;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What a graph configuration needs of the optimizer (which is training's, in {@code train}): the
 * updater it starts with and the L2 coefficient. Keeps {@code model} independent of {@code train}.
 */
public interface UpdaterSettings {

    /** The updater at its starting learning rate. */
    IUpdater updater();

    /** L2 weight decay on weights. */
    double l2();
}
