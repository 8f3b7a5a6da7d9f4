package org.facelfs.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.loss.MarginHeads;
import org.facelfs.model.Backbones;

/**
 * A candidate's network as its round starts: the round's starting weights (and updater state) with
 * the candidate's loss on the head. Whoever trains it (one task, or a group of executors) starts here.
 *
 * @param net  the network, ready to fit
 * @param info what the weights file says about its input, written again with the trained weights
 */
public record StartingPoint(ComputationGraph net, ModelFiles.ModelInfo info) {

    /**
     * Reads {@code task.startModelUri()} (with the updater that takes DL4J's standard path, {@link ModelFiles#read})
     * and puts {@code task.loss()} on its head.
     */
    public static StartingPoint of(ModelFiles models, CandidateTask task) {
        ComputationGraph net = models.read(task.startModelUri());
        ModelFiles.ModelInfo info = models.info(task.startModelUri());
        MarginHeads.withSpec(net, Backbones.HEAD, task.loss());
        return new StartingPoint(net, info);
    }
}
