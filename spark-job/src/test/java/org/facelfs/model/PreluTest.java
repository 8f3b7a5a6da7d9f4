package org.facelfs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The composed per-channel PReLU: its formula, and its gradients against finite differences. */
class PreluTest {

    /** input (2 channels, 3x3) → [conv 3x3 →] PReLU → global average → softmax over 3 classes, in double. */
    static ComputationGraph net(boolean conv) {
        GraphBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).updater(new NoOp()).seed(3)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(3, 3, 2));
        GraphAssembler g = new GraphAssembler(b);
        GraphAssembler.Node x = g.input("in", 2, 3, 3);
        if (conv) {
            x = g.conv(x, "conv", 2, 3, 1, 1, true);
        }
        GraphAssembler.Node p = g.prelu(x, "p");
        b.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), p.name())
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    @Test
    void positivePartPassesAndNegativePartIsScaledPerChannel() {
        ComputationGraph graph = net(false);
        assertEquals(0.25, graph.getLayer("p.slope").getParam("W").getDouble(0), 0, "PyTorch's initial slope");
        // depthwise weights [kH, kW, channels, multiplier]: channel 0 slope 0.25, channel 1 slope -0.5
        graph.getLayer("p.slope").setParam("W", Nd4j.create(new double[] {0.25, -0.5}, new long[] {1, 1, 2, 1}));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 3).subi(0.5);
        INDArray y = graph.feedForward(x, false).get("p");
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                double slope = c == 0 ? 0.25 : -0.5;
                for (int h = 0; h < 3; h++) {
                    for (int w = 0; w < 3; w++) {
                        double v = x.getDouble(n, c, h, w);
                        assertEquals(v > 0 ? v : slope * v, y.getDouble(n, c, h, w), 1e-12);
                    }
                }
            }
        }
        assertEquals(2, graph.getLayer("p.slope").numParams(), "one slope per channel");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ComputationGraph graph = net(true);
        graph.getLayer("p.slope").setParam("W", Nd4j.create(new double[] {0.3, -0.2}, new long[] {1, 1, 2, 1}));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 3, 3).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 3, 3);
        for (int i = 0; i < 3; i++) {
            labels.putScalar(i, i, 1);
        }
        DataType before = Nd4j.dataType();
        DataType beforeFp = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists
        try {
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {labels})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
            assertTrue(ok, "gradient check of conv → PReLU (slopes included)");
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFp);
        }
    }
}
