package org.facelfs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.Backbones;
import org.facelfs.model.BackbonesTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/** Known values of the learning-rate schedules, and that the rate reaches DL4J's updater. */
class LrScheduleTest {

    static final double EPS = 1e-12;

    @Test
    void multiStepDropsTenfoldAtEachMilestoneRound() {
        LrSchedule s = new LrSchedule.MultiStep(0.1, List.of(4, 8, 10), 0.1, 0);
        assertEquals(0.1, s.lrAt(0, 0, 100), EPS);
        assertEquals(0.1, s.lrAt(3, 99, 100), EPS);
        assertEquals(0.01, s.lrAt(4, 0, 100), EPS);
        assertEquals(0.01, s.lrAt(7, 50, 100), EPS);
        assertEquals(0.001, s.lrAt(8, 0, 100), EPS);
        assertEquals(1e-4, s.lrAt(10, 0, 100), EPS);
        assertEquals(1e-4, s.lrAt(19, 99, 100), EPS);
    }

    @Test
    void warmUpRisesLinearlyToTheBaseRateAtItsLastIteration() {
        LrSchedule s = new LrSchedule.MultiStep(0.1, List.of(4), 0.1, 2);
        assertEquals(0.1 * 0.1 / 2, s.lrAt(0, 0, 10), EPS);  // (0 + 1/10) / 2
        assertEquals(0.1 * 0.5 / 2, s.lrAt(0, 4, 10), EPS);  // (0.4 + 0.1) / 2
        assertEquals(0.1 * 1.1 / 2, s.lrAt(1, 0, 10), EPS);
        assertEquals(0.1, s.lrAt(1, 9, 10), EPS);             // (1.9 + 0.1) / 2 = 1
        assertEquals(0.1, s.lrAt(2, 0, 10), EPS);
        assertEquals(0.01, s.lrAt(4, 0, 10), EPS);
    }

    @Test
    void cosineFollowsHalfACosineFromBaseToMin() {
        LrSchedule s = new LrSchedule.Cosine(0.1, 10, 0.0, 0);
        assertEquals(0.1, s.lrAt(0, 0, 1), EPS);
        assertEquals(0.05, s.lrAt(5, 0, 1), EPS);
        assertEquals(0.05 * (1 + Math.cos(0.9 * Math.PI)), s.lrAt(9, 0, 1), EPS);
        assertEquals(0.05 * (1 + Math.cos(0.95 * Math.PI)), s.lrAt(9, 1, 2), EPS);

        LrSchedule w = new LrSchedule.Cosine(0.1, 11, 0.001, 1);
        assertEquals(0.1 * 0.25, w.lrAt(0, 0, 4), EPS);   // warm-up, cosine still at its start
        assertEquals(0.1, w.lrAt(1, 0, 4), EPS);          // q = 0
        assertEquals(0.001 + 0.099 * 0.5, w.lrAt(6, 0, 4), EPS); // q = 0.5
    }

    @Test
    void badArgumentsAreRejected() {
        LrSchedule s = new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0);
        assertThrows(IllegalArgumentException.class, () -> s.lrAt(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> s.lrAt(-1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.MultiStep(0.1, List.of(8, 4), 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Cosine(0.1, 5, 0.2, 0));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Cosine(0.1, 5, 0, 5));
    }

    @Test
    void schedulesRoundTripThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (LrSchedule s : List.of(new LrSchedule.MultiStep(0.1, List.of(4, 8, 10), 0.1, 1.5),
                new LrSchedule.Cosine(0.05, 20, 1e-4, 2))) {
            String text = json.writeValueAsString(s);
            assertEquals(s, json.readValue(text, LrSchedule.class), text);
        }
    }

    @Test
    void applyLrSetsTheRateOfEveryLayerUpdater() {
        Optimizer opt = new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(1), 0.1, 0));
        ComputationGraph graph = Backbones.graph(BackboneSpec.smallCnn(new ImageShape(1, 16, 16), 8),
                BackbonesTest.softmaxHead(), opt, 1);
        assertEquals(0.01, opt.applyLr(graph, 1, 3, 5), EPS);
        for (String layer : List.of("stage1.down.conv", "head.fc", Backbones.HEAD)) {
            var conf = (BaseLayer) graph.getLayer(layer).conf().getLayer();
            var updater = (Nesterovs) conf.getIUpdater();
            assertEquals(0.01, updater.getLearningRate(), EPS, layer);
            assertEquals(0.9, updater.getMomentum(), EPS, layer);
        }
    }

    @Test
    void applyLrKeepsTheMomentumState() {
        Optimizer opt = new Optimizer(0.9, 0, new LrSchedule.MultiStep(0.1, List.of(1), 0.1, 0));
        ComputationGraph graph = Backbones.graph(BackboneSpec.smallCnn(new ImageShape(1, 16, 16), 8),
                BackbonesTest.softmaxHead(), opt, 1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 16, 16);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, BackbonesTest.CLASSES);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i, 1);
        }
        opt.applyLr(graph, 0, 0, 2);
        graph.fit(new INDArray[] {x}, new INDArray[] {y});
        INDArray momentum = graph.getUpdater().getStateViewArray().dup();
        assertTrue(momentum.norm2Number().doubleValue() > 0, "one step fills the momentum buffer");
        opt.applyLr(graph, 1, 0, 2);
        assertEquals(momentum, graph.getUpdater().getStateViewArray());
    }

    /**
     * The in-place rate gives the weights and momentum DL4J's own setLearningRate (which rebuilds the updater)
     * gives, bit for bit, over steps whose rate changes every time, from before and after the updater exists.
     */
    @Test
    void theInPlaceRateTrainsBitIdenticallyToDl4jsRebuild() {
        Optimizer opt = new Optimizer(0.9, 5e-4, new LrSchedule.Cosine(0.1, 2, 0.001, 0));
        ComputationGraph inPlace = Backbones.graph(BackboneSpec.smallCnn(new ImageShape(1, 16, 16), 8),
                BackbonesTest.softmaxHead(), opt, 7);
        ComputationGraph rebuilt = inPlace.clone();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 16, 16);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, BackbonesTest.CLASSES);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % BackbonesTest.CLASSES, 1);
        }
        for (int step = 0; step < 5; step++) {
            double lr = opt.applyLr(inPlace, step / 3, step % 3, 3);
            rebuilt.setLearningRate(lr);
            inPlace.fit(new INDArray[] {x}, new INDArray[] {y});
            rebuilt.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        assertArrayEquals(rebuilt.params().toFloatVector(), inPlace.params().toFloatVector());
        assertArrayEquals(rebuilt.getUpdater().getStateViewArray().toFloatVector(),
                inPlace.getUpdater().getStateViewArray().toFloatVector());
        INDArray initial = Backbones.graph(BackboneSpec.smallCnn(new ImageShape(1, 16, 16), 8),
                BackbonesTest.softmaxHead(), opt, 7).params();
        assertTrue(inPlace.params().distance2(initial) > 0, "the steps trained");
    }
}
