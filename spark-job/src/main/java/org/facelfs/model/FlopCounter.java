package org.facelfs.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InputType.InputTypeConvolutional;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * Counts the floating-point operations of a {@link ComputationGraph} from its layer shapes, for
 * the roofline benchmark (achieved FLOP/s against the machine's peak). Conventions, per example:
 * <ul>
 *   <li>a multiply-add is 2 FLOPs: conv {@code 2·kh·kw·Cin·Cout·Hout·Wout}, depthwise
 *       {@code 2·kh·kw·C·mult·Hout·Wout}, dense {@code 2·nIn·nOut}; a bias adds 1 per output;</li>
 *   <li>batch norm 4 per element (subtract mean, divide by std, scale, shift: DL4J does not fold it);</li>
 *   <li>a non-identity activation (ReLU, leaky ReLU, softmax, ...) 1 per element; element-wise
 *       vertices {@code inputs - 1} per element; pooling one per window element; dropout 0;</li>
 *   <li>a training step is ≈ 3 × forward for conv and dense layers (forward, gradient of the
 *       input, gradient of the weights) and ≈ 2 × forward for the element-wise rest.</li>
 * </ul>
 * Unknown vertex types count 0 and are listed in {@link FlopCount#uncounted()}; any other
 * {@link FeedForwardLayer} (e.g. a custom margin output layer) is counted as a dense layer.
 */
public final class FlopCounter {

    private FlopCounter() {
    }

    /** Forward FLOPs of a batch of {@code batch} images of shape {@code input}. */
    public static long forwardFlops(ComputationGraph graph, ImageShape input, int batch) {
        return count(graph, input).forward(batch);
    }

    /** Per-layer counts for a graph with one image input (DL4J does not keep input shapes in the graph). */
    public static FlopCount count(ComputationGraph graph, ImageShape input) {
        return count(graph.getConfiguration(), InputType.convolutional(input.height(), input.width(), input.channels()));
    }

    /** Per-layer counts of a configuration for the given network input types. */
    public static FlopCount count(ComputationGraphConfiguration conf, InputType... inputs) {
        Map<String, InputType> outTypes = conf.getLayerActivationTypes(inputs);
        for (int i = 0; i < inputs.length; i++) {
            outTypes.put(conf.getNetworkInputs().get(i), inputs[i]);
        }
        List<FlopCount.LayerFlops> layers = new ArrayList<>();
        List<String> uncounted = new ArrayList<>();
        for (String name : topologicalOrder(conf)) {
            GraphVertex vertex = conf.getVertices().get(name);
            List<String> from = conf.getVertexInputs().get(name);
            InputType in = outTypes.get(from.get(0));
            InputType out = outTypes.get(name);
            long[] flops = vertex instanceof LayerVertex lv
                    ? layerFlops(lv.getLayerConf().getLayer(), in, out)
                    : vertexFlops(vertex, from.size(), out);
            if (flops == null) {
                uncounted.add(name + " (" + typeName(vertex) + ")");
                flops = new long[] {0, 0};
            }
            layers.add(new FlopCount.LayerFlops(name, typeName(vertex), flops[0], flops[1]));
        }
        return new FlopCount(layers, uncounted);
    }

    /** Vertices with every vertex after its inputs (the configuration's own order is set only by init). */
    private static List<String> topologicalOrder(ComputationGraphConfiguration conf) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>(conf.getNetworkInputs());
        for (String name : new TreeSet<>(conf.getVertices().keySet())) {
            visit(name, conf.getVertexInputs(), done, order);
        }
        return order;
    }

    private static void visit(String name, Map<String, List<String>> inputs, Set<String> done, List<String> order) {
        Deque<String> stack = new ArrayDeque<>(List.of(name));
        while (!stack.isEmpty()) {
            String v = stack.peek();
            if (done.contains(v)) {
                stack.pop();
                continue;
            }
            boolean ready = true;
            for (String in : inputs.getOrDefault(v, List.of())) {
                if (!done.contains(in)) {
                    stack.push(in);
                    ready = false;
                }
            }
            if (ready) {
                stack.pop();
                done.add(v);
                order.add(v);
            }
        }
    }

    /** {forward, training step} of a layer, or null when its type is unknown. */
    private static long[] layerFlops(Layer layer, InputType in, InputType out) {
        long outElems = out.arrayElementsPerExample();
        if (layer instanceof SeparableConvolution2D sep) {
            InputTypeConvolutional o = (InputTypeConvolutional) out;
            long spatial = o.getHeight() * o.getWidth();
            int[] k = sep.getKernelSize();
            long mid = sep.getNIn() * sep.getDepthMultiplier();
            long fwd = 2L * k[0] * k[1] * mid * spatial + 2L * mid * sep.getNOut() * spatial
                    + (sep.hasBias() ? outElems : 0) + activation(sep, outElems);
            return linear(fwd);
        }
        if (layer instanceof DepthwiseConvolution2D dw) {
            int[] k = dw.getKernelSize();
            long fwd = 2L * k[0] * k[1] * outElems + (dw.hasBias() ? outElems : 0) + activation(dw, outElems);
            return linear(fwd);
        }
        if (layer instanceof ConvolutionLayer conv) {
            int[] k = conv.getKernelSize();
            long fwd = 2L * k[0] * k[1] * conv.getNIn() * outElems + (conv.hasBias() ? outElems : 0)
                    + activation(conv, outElems);
            return linear(fwd);
        }
        if (layer instanceof BatchNormalization) {
            return elementwise(4 * outElems);
        }
        if (layer instanceof ActivationLayer act) {
            return elementwise(isIdentity(act.getActivationFn()) ? 0 : outElems);
        }
        if (layer instanceof DropoutLayer) {
            return elementwise(0);
        }
        if (layer instanceof SubsamplingLayer pool) {
            int[] k = pool.getKernelSize();
            return elementwise((long) k[0] * k[1] * outElems);
        }
        if (layer instanceof GlobalPoolingLayer) {
            return elementwise(in.arrayElementsPerExample());
        }
        if (layer instanceof FeedForwardLayer ff) {
            long fwd = 2L * ff.getNIn() * ff.getNOut() + (hasBias(ff) ? ff.getNOut() : 0)
                    + activation(ff, outElems);
            return linear(fwd);
        }
        return null;
    }

    private static long[] vertexFlops(GraphVertex vertex, int numInputs, InputType out) {
        if (vertex instanceof ElementWiseVertex) {
            return elementwise((numInputs - 1L) * out.arrayElementsPerExample());
        }
        return null;
    }

    /** Dense and output layers say whether they have a bias; other feed-forward layers are assumed to. */
    private static boolean hasBias(FeedForwardLayer ff) {
        if (ff instanceof DenseLayer d) {
            return d.hasBias();
        }
        if (ff instanceof BaseOutputLayer o) {
            return o.hasBias();
        }
        return true;
    }

    private static long activation(BaseLayer layer, long elements) {
        return isIdentity(layer.getActivationFn()) ? 0 : elements;
    }

    private static boolean isIdentity(IActivation fn) {
        return fn == null || fn instanceof ActivationIdentity;
    }

    private static long[] linear(long forward) {
        return new long[] {forward, 3 * forward};
    }

    private static long[] elementwise(long forward) {
        return new long[] {forward, 2 * forward};
    }

    private static String typeName(GraphVertex vertex) {
        return vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer().getClass().getSimpleName()
                : vertex.getClass().getSimpleName();
    }
}
