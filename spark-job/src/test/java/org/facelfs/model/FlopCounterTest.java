package org.facelfs.model;

import org.facelfs.train.Optimizer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** FLOPs of a tiny graph against counts done by hand, layer by layer. */
class FlopCounterTest {

    /**
     * 1x8x8 → conv3x3 (4, bias, ReLU) → BN → leaky ReLU → two branches: conv3x3 s2 (2, no bias)
     * and conv1x1 s2 (2, no bias) → add → depthwise 3x3 (pad 1) → dense 8 → softmax output 3.
     */
    static ComputationGraphConfiguration tiny() {
        return new NeuralNetConfiguration.Builder().convolutionMode(ConvolutionMode.Truncate).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(4).hasBias(true)
                        .activation(Activation.RELU).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv1")
                .addLayer("act", new ActivationLayer.Builder().activation(new ActivationLReLU(0.25)).build(), "bn")
                .addLayer("convA", new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(2)
                        .hasBias(false).activation(Activation.IDENTITY).build(), "act")
                .addLayer("convB", new ConvolutionLayer.Builder(1, 1).stride(2, 2).nOut(2).hasBias(false)
                        .activation(Activation.IDENTITY).build(), "act")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "convA", "convB")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).padding(1, 1).depthMultiplier(1)
                        .hasBias(false).activation(Activation.IDENTITY).build(), "add")
                .addLayer("fc", new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build(), "dw")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out").build();
    }

    @Test
    void tinyGraphMatchesHandCounts() {
        FlopCount count = FlopCounter.count(tiny(), InputType.convolutional(8, 8, 1));
        Map<String, Long> fwd = count.layers().stream()
                .collect(Collectors.toMap(FlopCount.LayerFlops::name, FlopCount.LayerFlops::forward));
        assertEquals(2L * 9 * 1 * 4 * 64 + 256 + 256, fwd.get("conv1")); // MACs·2 + bias + ReLU on 4x8x8
        assertEquals(4L * 256, fwd.get("bn"));
        assertEquals(256L, fwd.get("act"));
        assertEquals(2L * 9 * 4 * 2 * 16, fwd.get("convA"));          // 2x4x4 output
        assertEquals(2L * 1 * 4 * 2 * 16, fwd.get("convB"));
        assertEquals(32L, fwd.get("add"));
        assertEquals(2L * 9 * 32, fwd.get("dw"));                     // one 3x3 filter per channel
        assertEquals(2L * 32 * 8 + 8, fwd.get("fc"));
        assertEquals(2L * 8 * 3 + 3 + 3, fwd.get("out"));             // + bias + softmax
        assertEquals(9, count.layers().size());
        assertTrue(count.uncounted().isEmpty());

        long linear = 5120 + 2304 + 256 + 576 + 520 + 54;
        long elementwise = 1024 + 256 + 32;
        assertEquals(linear + elementwise, count.forwardPerExample());
        assertEquals(3 * linear + 2 * elementwise, count.trainingStepPerExample());
        assertEquals(5 * (linear + elementwise), count.forward(5));
    }

    @Test
    void backboneCountsAreDominatedByConvolutions() {
        Optimizer sgd = BackbonesTest.sgd();
        ComputationGraph r18 = new ComputationGraph(Backbones.configuration(
                BackboneSpec.iresnet(BackboneKind.IRESNET18), BackbonesTest.softmaxHead(), sgd, 1));
        FlopCount c = FlopCounter.count(r18, BackboneSpec.FACE_112);
        // Independent estimate of the stage-1 first block's conv1: 3x3, 64 → 64 at 112x112 (stride 1).
        long conv1 = c.layers().stream().filter(l -> l.name().equals("stage1.block1.conv1")).findFirst()
                .orElseThrow().forward();
        assertEquals(2L * 9 * 64 * 64 * 112 * 112, conv1);
        assertTrue(c.uncounted().isEmpty(), c.uncounted().toString());
        long convFlops = c.layers().stream().filter(l -> l.type().equals("ConvolutionLayer"))
                .mapToLong(FlopCount.LayerFlops::forward).sum();
        assertTrue(convFlops > 0.9 * c.forwardPerExample());
        System.out.printf("IResNet-18 @112: %.2f GFLOPs forward per image%n", c.forwardPerExample() / 1e9);
        for (BackboneSpec spec : new BackboneSpec[] {BackboneSpec.iresnet(BackboneKind.IRESNET50), BackboneSpec.mobileFaceNet(),
                BackboneSpec.smallCnn(new ImageShape(1, 32, 32), 128), BackboneSpec.smallCnn(new ImageShape(3, 112, 112), 256)}) {
            FlopCount f = FlopCounter.count(Backbones.configuration(spec, BackbonesTest.softmaxHead(), sgd, 1),
                    InputType.convolutional(spec.input().height(), spec.input().width(), spec.input().channels()));
            System.out.printf("%s %s: %.3f GFLOPs forward per image%n", spec.kind(), spec.input(), f.forwardPerExample() / 1e9);
        }
    }
}
