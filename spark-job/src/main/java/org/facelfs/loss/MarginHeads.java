package org.facelfs.loss;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Changing the loss of a network between search rounds (DESIGN.md §1.3: each round trains the
 * broadcast weights with a new loss).
 *
 * <p>Choice: the spec is the one mutable field of the layer's configuration
 * ({@link MarginSoftmaxOutputLayer#setSpec}), and the runtime layer reads it on every call. DL4J
 * hands the same {@code NeuralNetConfiguration} object to the network configuration and to the
 * layer, so one assignment changes the loss in place: no rebuild, W, every other parameter, the
 * updater state (momentum, Adam moments) and the iteration count all stay as they are, and the
 * network's JSON (hence {@code ModelSerializer}) carries the new spec. SphereFace's λ is computed
 * from the layer's iteration count, which DL4J keeps in step with the network's.
 *
 * <p>CurricularFace and AdaFace carry running statistics in their spec ({@link RunningStatistics});
 * giving a network the same head again (a fixed loss, next round) keeps them, as one continuous
 * training would.
 *
 * <p>A network shared by threads must not be trained while its spec is being changed; the search
 * trains one candidate per network, so this holds.
 */
public final class MarginHeads {

    private MarginHeads() {
    }

    /** Sets the loss of the margin output layer {@code layerName} of {@code net}; returns {@code net}. */
    public static ComputationGraph withSpec(ComputationGraph net, String layerName, LossSpec spec) {
        Layer layer = net.getLayer(layerName);
        if (layer == null) {
            throw new IllegalArgumentException("network has no layer named '" + layerName + "'");
        }
        MarginSoftmaxOutputLayer head = conf(layer, layerName);
        head.setSpec(RunningStatistics.carriedOver(head.getSpec(), spec));
        return net;
    }

    /** Sets the loss of the margin output layer (the last layer) of {@code net}; returns {@code net}. */
    public static MultiLayerNetwork withSpec(MultiLayerNetwork net, LossSpec spec) {
        MarginSoftmaxOutputLayer head = conf(net.getOutputLayer(), "output");
        head.setSpec(RunningStatistics.carriedOver(head.getSpec(), spec));
        return net;
    }

    /** The spec the margin layer {@code layerName} of {@code net} computes now. */
    public static LossSpec spec(ComputationGraph net, String layerName) {
        Layer layer = net.getLayer(layerName);
        if (layer == null) {
            throw new IllegalArgumentException("network has no layer named '" + layerName + "'");
        }
        return conf(layer, layerName).getSpec();
    }

    private static MarginSoftmaxOutputLayer conf(Layer layer, String name) {
        if (!(layer.conf().getLayer() instanceof MarginSoftmaxOutputLayer margin)) {
            throw new IllegalArgumentException("layer '" + name + "' is a "
                    + layer.conf().getLayer().getClass().getSimpleName() + ", not a MarginSoftmaxOutputLayer");
        }
        return margin;
    }
}
