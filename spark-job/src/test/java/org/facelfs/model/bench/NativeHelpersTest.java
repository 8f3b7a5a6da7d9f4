package org.facelfs.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneKind;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.NativeKernels;
import org.facelfs.model.Nonlinearity;
import org.facelfs.train.InitialModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The helpers {@link NativeHelpers} installs compute what DL4J's built-in path computes: the same
 * graph (same seed) with and without them gives the same score and gradients on one minibatch. On
 * the default build the helpers run libnd4j's own conv2d/batchnorm kernels, on a oneDNN build oneDNN's.
 */
class NativeHelpersTest {

    private static ComputationGraph graph() {
        BackboneSpec spec = new BackboneSpec(BackboneKind.SMALL_CNN, 16, new ImageShape(1, 16, 16), List.of(4, 8), 0.0,
                Nonlinearity.LEAKY_RELU);
        return InitialModel.build(spec, 10, new LossSpec.CosFace(32, 0.35), RooflineBench.optimizer(), 7);
    }

    @Test
    void forcedHelpersGiveTheBuiltInScoreAndGradients() {
        System.out.println(NativeHelpers.buildLine());
        ComputationGraph builtIn = graph();
        ComputationGraph helped = graph();
        long convAndBn = java.util.Arrays.stream(helped.getLayers()).map(l -> l.getClass().getSimpleName())
                .filter(n -> n.equals("ConvolutionLayer") || n.equals("BatchNormalization")).count();
        assertTrue(convAndBn >= 8, "2 stages x 2 conv+BN pairs at least");
        assertEquals(convAndBn, NativeKernels.installOnednnHelpers(helped, true, true));
        assertEquals("none", NativeHelpers.helpersByLayerType(builtIn).get("ConvolutionLayer").substring(0, 4));
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 16, 16).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 10);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 10, 1);
        }
        Map<String, INDArray> g1 = gradients(builtIn, x, y);
        Map<String, INDArray> g2 = gradients(helped, x, y);
        assertEquals(builtIn.score(), helped.score(), 1e-4 * Math.abs(builtIn.score()));
        Map<String, String> used = NativeHelpers.helpersByLayerType(helped);
        assertEquals("MKLDNNConvHelper", used.get("ConvolutionLayer"), "helper kept (no failure and fallback)");
        assertEquals("ContiguousBatchNormHelper", used.get("BatchNormalization"));
        assertEquals(g1.keySet(), g2.keySet());
        // float rounding floor: gradients that are ~0 in exact arithmetic (e.g. the beta of the BN before
        // the head's normalisation) differ by rounding only
        double floor = 1e-4 * g1.values().stream().mapToDouble(a -> a.norm2Number().doubleValue()).max().orElse(0);
        for (String k : g1.keySet()) {
            INDArray a = g1.get(k);
            INDArray b = g2.get(k);
            double scale = a.norm2Number().doubleValue();
            double diff = a.sub(b).norm2Number().doubleValue();
            System.out.printf("%s |built-in| %.3e |built-in - helper| %.3e%n", k, scale, diff);
            assertTrue(diff <= 1e-3 * scale + floor, k + ": |built-in - helper| = " + diff + " vs |built-in| = " + scale);
        }
    }

    private static Map<String, INDArray> gradients(ComputationGraph g, INDArray x, INDArray y) {
        g.setInputs(x);
        g.setLabels(y);
        g.computeGradientAndScore();
        Map<String, INDArray> out = new java.util.TreeMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
