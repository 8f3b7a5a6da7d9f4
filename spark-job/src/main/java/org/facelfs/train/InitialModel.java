package org.facelfs.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.loss.LossSpec;
import org.facelfs.loss.MarginSoftmaxOutputLayer;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.Backbones;
import org.facelfs.train.Optimizer;

/** Builds a run's round-0 network — backbone plus margin head — from its seed. */
public final class InitialModel {

    private InitialModel() {
    }

    /**
     * @param backbone   the backbone
     * @param numClasses training classes (rows of the head's W)
     * @param loss       the head's first loss (the search replaces it per candidate)
     * @param optimizer  SGD settings (the updater state is saved with the weights)
     * @param seed       weight initialisation seed
     */
    public static ComputationGraph build(BackboneSpec backbone, int numClasses, LossSpec loss, Optimizer optimizer,
                                         long seed) {
        MarginSoftmaxOutputLayer head = new MarginSoftmaxOutputLayer.Builder().nIn(backbone.embeddingDim())
                .nOut(numClasses).spec(loss).build();
        return Backbones.graph(backbone, head, optimizer, seed);
    }
}
