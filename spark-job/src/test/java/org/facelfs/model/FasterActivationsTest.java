package org.facelfs.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The ReLUs' faster passes (leaky ReLU both ways, ReLU backward) give DL4J's bits, alone and through training. */
class FasterActivationsTest {

    private static int[] bits(INDArray a) {
        return a.data().asInt(); // float bits as ints: equal arrays mean bit-identical floats
    }

    /** Inputs with both zeros, subnormals and a huge value; ε with a -0 and both signs. */
    private static INDArray[] inputAndEpsilon() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 5, 17, 19); // no multiple of a vector width
        x.putScalar(0, 0.0f);
        x.putScalar(1, -0.0f);
        x.putScalar(2, Float.MIN_VALUE);
        x.putScalar(3, -Float.MIN_VALUE);
        x.putScalar(4, 1e30f);
        INDArray eps = Nd4j.randn(DataType.FLOAT, 3, 5, 17, 19).muli(1e3);
        eps.putScalar(5, -0.0f);
        return new INDArray[] {x, eps};
    }

    @Test
    void leakyReluBackpropGivesTheBitsOfDl4js() {
        INDArray[] xe = inputAndEpsilon();
        for (double alpha : new double[] {0.25, 0.01, 0.3}) { // 0.01 and 0.3 are not exact in binary
            INDArray dl4j = new ActivationLReLU(alpha).backprop(xe[0].dup(), xe[1]).getFirst();
            INDArray ours = new LeakyReluActivation(alpha).backprop(xe[0].dup(), xe[1]).getFirst();
            assertArrayEquals(bits(dl4j), bits(ours), "alpha " + alpha);
        }
    }

    @Test
    void leakyReluForwardGivesTheBitsOfDl4jsInPlace() {
        INDArray x = inputAndEpsilon()[0];
        x.putScalar(6, Float.NaN);
        x.putScalar(7, Float.NEGATIVE_INFINITY);
        for (double alpha : new double[] {0.25, 0.01, 0.3}) {
            INDArray dl4j = new ActivationLReLU(alpha).getActivation(x.dup(), true);
            INDArray in = x.dup();
            INDArray ours = new LeakyReluActivation(alpha).getActivation(in, true);
            assertArrayEquals(bits(dl4j), bits(ours), "alpha " + alpha);
            assertSame(in, ours, "overwrites its input, as DL4J's does");
        }
    }

    @Test
    void reluBackpropGivesTheBitsOfDl4jsAndLeavesItsInputAlone() {
        INDArray[] xe = inputAndEpsilon();
        INDArray in = xe[0].dup();
        INDArray dl4j = new ActivationReLU().backprop(xe[0].dup(), xe[1]).getFirst();
        INDArray ours = new ReluActivation().backprop(in, xe[1]).getFirst();
        assertArrayEquals(bits(dl4j), bits(ours)); // +0, not ε·0 = -0, below zero where ε < 0
        assertArrayEquals(bits(xe[0]), bits(in), "the pre-activation is not overwritten, as in DL4J");
    }

    @Test
    void dl4jsReluLayersAreReplacedWithTheirSettingsAndOthersLeftAlone() {
        ComputationGraphConfiguration conf = FlopCounterTest.tiny(); // conv1 ReLU, act leaky ReLU 0.25
        assertEquals(2, FasterActivations.replaceDl4js(conf));
        assertSame(ReluActivation.class, activation(conf, "conv1").getClass());
        assertEquals(0.25, ((LeakyReluActivation) activation(conf, "act")).getAlpha());
        assertEquals(0, FasterActivations.replaceDl4js(conf), "already replaced");

        ComputationGraphConfiguration read = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertSame(ReluActivation.class, activation(read, "conv1").getClass(), "the classes survive JSON");
        assertEquals(0.25, ((LeakyReluActivation) activation(read, "act")).getAlpha());
        assertNull(FasterActivations.faster(new ActivationReLU(6.0, null, null)), "a capped ReLU keeps DL4J's");
        assertNull(FasterActivations.faster(activation(read, "fc")), "identity has nothing faster");
    }

    @Test
    void trainingWithEitherGivesBitIdenticalWeights() {
        ComputationGraph dl4j = new ComputationGraph(FlopCounterTest.tiny());
        dl4j.init();
        ComputationGraphConfiguration replaced = FlopCounterTest.tiny();
        FasterActivations.replaceDl4js(replaced);
        ComputationGraph ours = new ComputationGraph(replaced);
        ours.init(dl4j.params().dup(), true);
        int[] initial = bits(dl4j.params());

        Nd4j.getRandom().setSeed(5);
        for (int step = 0; step < 4; step++) {
            INDArray features = Nd4j.randn(DataType.FLOAT, 16, 1, 8, 8);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 3);
            for (int i = 0; i < 16; i++) {
                labels.putScalar(i, (i + step) % 3, 1f);
            }
            DataSet batch = new DataSet(features, labels);
            dl4j.fit(batch);
            ours.fit(batch);
        }
        assertArrayEquals(bits(dl4j.params()), bits(ours.params()));
        assertFalse(Arrays.equals(initial, bits(ours.params())), "training moved the weights");
    }

    private static IActivation activation(ComputationGraphConfiguration conf, String name) {
        Layer layer = ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
        return layer instanceof ActivationLayer a ? a.getActivationFn() : ((BaseLayer) layer).getActivationFn();
    }
}
