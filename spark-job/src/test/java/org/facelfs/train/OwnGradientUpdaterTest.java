package org.facelfs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.Backbones;
import org.facelfs.model.BackbonesTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OwnGradientUpdaterTest {

    private static final Optimizer OPT = new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));

    private static ComputationGraph graph() {
        return Backbones.graph(BackboneSpec.smallCnn(new ImageShape(1, 16, 16), 8), BackbonesTest.softmaxHead(), OPT, 11);
    }

    private static void fit(ComputationGraph g, int steps) {
        Nd4j.getRandom().setSeed(5);
        for (int step = 0; step < steps; step++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 16, 16);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 6, BackbonesTest.CLASSES);
            for (int i = 0; i < 6; i++) {
                y.putScalar(i, (i + step) % BackbonesTest.CLASSES, 1);
            }
            g.fit(new INDArray[] {x}, new INDArray[] {y});
        }
    }

    /** Same weights and momentum as DL4J's own updater, bit for bit, when installed fresh and mid-training. */
    @Test
    void trainsBitIdenticallyToDl4jsUpdater() {
        ComputationGraph dl4j = graph();
        ComputationGraph own = graph();
        fit(dl4j, 2);
        fit(own, 2);
        OwnGradientUpdater.install(own); // mid-training: the momentum carries over
        assertArrayEquals(dl4j.getUpdater().getStateViewArray().toFloatVector(),
                own.getUpdater().getStateViewArray().toFloatVector());
        fit(dl4j, 4);
        fit(own, 4);
        assertTrue(own.getUpdater() instanceof OwnGradientUpdater);
        assertArrayEquals(dl4j.params().toFloatVector(), own.params().toFloatVector());
        assertArrayEquals(dl4j.getUpdater().getStateViewArray().toFloatVector(),
                own.getUpdater().getStateViewArray().toFloatVector());
        assertTrue(own.params().distance2(graph().params()) > 0, "the steps trained");
    }

    /** The network's gradient is recognised as its own (DL4J's identity test says external), another array is not. */
    @Test
    void recognisesTheNetworksOwnGradientArrayOnly() {
        ComputationGraph g = OwnGradientUpdater.install(graph());
        fit(g, 1);
        INDArray flat = g.getFlattenedGradients();
        INDArray reshaped = g.gradient().gradient();
        assertFalse(reshaped == flat, "DL4J's gradient() is a new view: its identity check fails");
        assertTrue(OwnGradientUpdater.isOver(reshaped, flat));
        assertFalse(OwnGradientUpdater.isOver(flat.dup(), flat));
        assertFalse(OwnGradientUpdater.isOver(flat.reshape(flat.length()).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, flat.length())), flat));
        assertSame(g, OwnGradientUpdater.install(g));
    }
}
