package org.facelfs.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.activations.Activation;

/**
 * Adds the building blocks every backbone uses (conv, depthwise conv, BN, PReLU or leaky ReLU, add, dense) to
 * a DL4J graph while tracking each tensor's shape, so blocks can be written as in PyTorch.
 * Convolutions use explicit padding with truncation, i.e. PyTorch's output size
 * {@code floor((in + 2 pad - k) / stride) + 1}.
 */
final class GraphAssembler {

    /** A vertex of the graph and the shape of its output (height = width = 0 once flattened). */
    record Node(String name, int channels, int height, int width) {
        boolean flat() {
            return height == 0;
        }
    }

    /** PyTorch's PReLU initial slope, also the fixed leaky-ReLU slope. */
    private static final double PRELU_INIT = 0.25;

    private final GraphBuilder builder;

    GraphAssembler(GraphBuilder builder) {
        this.builder = builder;
    }

    Node input(String name, int channels, int height, int width) {
        return new Node(name, channels, height, width);
    }

    /** Convolution, linear activation (BN and the activation are separate vertices). */
    Node conv(Node in, String name, int out, int kernel, int stride, int pad, boolean bias) {
        requireSpatial(in, name);
        builder.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride).padding(pad, pad)
                .convolutionMode(ConvolutionMode.Truncate)
                .nIn(in.channels()).nOut(out).hasBias(bias)
                .activation(Activation.IDENTITY).build(), in.name());
        return new Node(name, out, outSize(in.height(), kernel, stride, pad, name), outSize(in.width(), kernel, stride, pad, name));
    }

    /** Depthwise convolution (one filter per channel, depth multiplier 1), no bias, linear. */
    Node depthwise(Node in, String name, int kernel, int stride, int pad) {
        requireSpatial(in, name);
        builder.addLayer(name, new DepthwiseConvolution2D.Builder(kernel, kernel)
                .stride(stride, stride).padding(pad, pad)
                .convolutionMode(ConvolutionMode.Truncate)
                .nIn(in.channels()).nOut(in.channels()).depthMultiplier(1).hasBias(false)
                .activation(Activation.IDENTITY).build(), in.name());
        return new Node(name, in.channels(), outSize(in.height(), kernel, stride, pad, name), outSize(in.width(), kernel, stride, pad, name));
    }

    /** Batch normalisation over channels (spatial) or features (flat); PyTorch's eps 1e-5. */
    Node bn(Node in, String name) {
        builder.addLayer(name, new BatchNormalization.Builder().nIn(in.channels()).nOut(in.channels())
                .eps(1e-5).decay(0.9).build(), in.name());
        return new Node(name, in.channels(), in.height(), in.width());
    }

    /** The backbone's activation: {@link Nonlinearity#PRELU} or {@link Nonlinearity#LEAKY_RELU}. */
    Node act(Node in, String name, Nonlinearity kind) {
        return switch (kind) {
            case PRELU -> prelu(in, name);
            case LEAKY_RELU -> leakyRelu(in, name);
        };
    }

    /**
     * Per-channel PReLU {@code max(x, 0) + a_c · min(x, 0)} from built-in layers (DL4J M2.1's
     * PReLULayer rejects a per-channel slope in backprop: "the length of input array should be
     * no more than SD_MAX_RANK*2 times the alpha array length"): {@code name.relu = relu(x)},
     * {@code name.neg = x - relu(x)}, {@code name.slope = a ⊙ neg} (1x1 depthwise conv, no bias,
     * a = 0.25 at start), {@code name = relu + slope}.
     */
    Node prelu(Node in, String name) {
        requireSpatial(in, name);
        builder.addLayer(name + ".relu", new ActivationLayer.Builder().activation(new ReluActivation()).build(),
                in.name());
        builder.addVertex(name + ".neg", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), in.name(), name + ".relu");
        builder.addLayer(name + ".slope", new DepthwiseConvolution2D.Builder(1, 1)
                .convolutionMode(ConvolutionMode.Truncate)
                .nIn(in.channels()).nOut(in.channels()).depthMultiplier(1).hasBias(false)
                .weightInit(new WeightInitConstant(PRELU_INIT))
                .activation(Activation.IDENTITY).build(), name + ".neg");
        builder.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), name + ".relu", name + ".slope");
        return new Node(name, in.channels(), in.height(), in.width());
    }

    /** Leaky ReLU with PyTorch PReLU's initial slope 0.25, fixed ({@link LeakyReluActivation}: DL4J's, faster). */
    Node leakyRelu(Node in, String name) {
        builder.addLayer(name, new ActivationLayer.Builder().activation(new LeakyReluActivation(PRELU_INIT)).build(),
                in.name());
        return new Node(name, in.channels(), in.height(), in.width());
    }

    /** Identity layer: gives a BN output a name that can be read back (see {@link Backbones#EMBEDDING}). */
    Node identity(Node in, String name) {
        builder.addLayer(name, new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), in.name());
        return new Node(name, in.channels(), in.height(), in.width());
    }

    /** Element-wise sum of two tensors of the same shape (a residual connection). */
    Node add(String name, Node a, Node b) {
        if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalStateException("cannot add " + a + " and " + b + " at " + name);
        }
        builder.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a.name(), b.name());
        return new Node(name, a.channels(), a.height(), a.width());
    }

    /** Dropout that drops each unit with probability {@code dropProbability} while training. */
    Node dropout(Node in, String name, double dropProbability) {
        // DL4J's Dropout takes the probability of *retaining* a unit.
        builder.addLayer(name, new DropoutLayer.Builder(new Dropout(1.0 - dropProbability)).build(), in.name());
        return new Node(name, in.channels(), in.height(), in.width());
    }

    /** Fully connected layer, linear; a spatial input is flattened (C, H, W order) first. */
    Node dense(Node in, String name, int out, boolean bias) {
        int nIn = in.flat() ? in.channels() : in.channels() * in.height() * in.width();
        builder.addLayer(name, new DenseLayer.Builder().nIn(nIn).nOut(out).hasBias(bias)
                .weightInit(new WeightInitXavier()).activation(Activation.IDENTITY).build(), in.name());
        return new Node(name, out, 0, 0);
    }

    /** {@code conv → BN → activation}, the unit most backbones repeat; returns the activation. */
    Node convBnAct(Node in, String name, int out, int kernel, int stride, int pad, Nonlinearity act) {
        return act(bn(conv(in, name + ".conv", out, kernel, stride, pad, false), name + ".bn"), name + ".act", act);
    }

    private static int outSize(int in, int kernel, int stride, int pad, String name) {
        int out = (in + 2 * pad - kernel) / stride + 1;
        if (in + 2 * pad < kernel || out < 1) {
            throw new IllegalArgumentException("input too small at " + name + ": size " + in
                    + " with kernel " + kernel + ", pad " + pad);
        }
        return out;
    }

    private static void requireSpatial(Node in, String name) {
        if (in.flat()) {
            throw new IllegalStateException(name + " needs a spatial input, got flat " + in);
        }
    }
}
