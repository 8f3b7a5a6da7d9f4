package org.facelfs.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * Gives a graph's layers {@link LeakyReluActivation} and {@link ReluActivation} where they use DL4J's own leaky
 * ReLU or plain ReLU: models saved before those classes existed (a resumed run, last night's warm start) train as
 * fast as new ones, with the same bits.
 */
public final class FasterActivations {

    private FasterActivations() {
    }

    /** Replaces in place (a built graph's layers read their activation at every call); returns the number changed. */
    public static int replaceDl4js(ComputationGraphConfiguration conf) {
        int changed = 0;
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layer) {
                changed += replace(layer.getLayerConf().getLayer()) ? 1 : 0;
            }
        }
        return changed;
    }

    private static boolean replace(Layer layer) {
        IActivation current = layer instanceof ActivationLayer a ? a.getActivationFn()
                : layer instanceof BaseLayer b ? b.getActivationFn() : null;
        IActivation faster = faster(current);
        if (faster == null) {
            return false;
        }
        if (layer instanceof ActivationLayer a) {
            a.setActivationFn(faster);
        } else {
            ((BaseLayer) layer).setActivationFn(faster);
        }
        return true;
    }

    /** The faster equivalent of {@code fn}, or null when it has none (or is one already). */
    static IActivation faster(IActivation fn) {
        if (fn != null && fn.getClass() == ActivationLReLU.class) {
            return new LeakyReluActivation(((ActivationLReLU) fn).getAlpha());
        }
        if (fn != null && fn.getClass() == ActivationReLU.class && fn.equals(new ActivationReLU())) {
            return new ReluActivation();
        }
        return null;
    }
}
