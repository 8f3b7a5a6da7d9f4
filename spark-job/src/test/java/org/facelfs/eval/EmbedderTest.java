package org.facelfs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageOps;
import org.facelfs.data.ImageShape;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.Backbones;
import org.facelfs.train.LrSchedule;
import org.facelfs.train.Optimizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Batched, once-per-image embedding with flip fusion, checked against a one-image-at-a-time computation. */
class EmbedderTest {

    static final ImageShape SHAPE = new ImageShape(1, 16, 16);
    static ComputationGraph net;
    /** Shared by the tests that do not count reads. */
    static InMemoryVerificationSet set;

    static ComputationGraph tinyNet(ImageShape shape, long seed) {
        var head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build();
        var spec = new BackboneSpec(org.facelfs.model.BackboneKind.SMALL_CNN, 8, shape, List.of(4, 8), 0,
                org.facelfs.model.Nonlinearity.PRELU);
        return Backbones.graph(spec, head, new Optimizer(0.9, 0, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0)), seed);
    }

    @BeforeAll
    static void setUp() {
        net = tinyNet(SHAPE, 11);
        set = newSet();
    }

    /** 7 random images; images 0..5 appear in many pairs, image 6 in none; 2 folds of 8 pairs. */
    static InMemoryVerificationSet newSet() {
        Random r = new Random(5);
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            float[] img = new float[SHAPE.length()];
            for (int k = 0; k < img.length; k++) {
                img[k] = (float) r.nextGaussian();
            }
            images.add(img);
        }
        List<InMemoryVerificationSet.Pair> pairs = new ArrayList<>();
        int[][] couples = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}, {4, 5}, {0, 5}, {1, 4}, {2, 5}, {3, 4}, {0, 4},
            {1, 5}, {2, 4}, {3, 5}, {5, 0}};
        for (int p = 0; p < couples.length; p++) {
            pairs.add(new InMemoryVerificationSet.Pair(couples[p][0], couples[p][1], p % 2 == 0, p % 2));
        }
        return new InMemoryVerificationSet("tiny", SHAPE, images, pairs, 2);
    }

    @Test
    void eachUsedImageIsEmbeddedOnceAndMatchesOneByOneFlipFusion() {
        InMemoryVerificationSet set = newSet();
        Embedder embedder = new Embedder(net, 4, true);
        float[][] emb = embedder.embed(set);
        assertEquals(6, embedder.imagesEmbedded());
        for (int i = 0; i < 6; i++) {
            assertEquals(1, set.reads(i), "image " + i + " read once");
        }
        assertEquals(0, set.reads(6), "an image no pair uses is not embedded");
        assertNull(emb[6]);
        for (int i = 0; i < 6; i++) {
            float[] img = set.images(i);
            double[] sum = new double[8];
            for (float[] view : List.of(img, ImageOps.flipHorizontal(img, SHAPE))) {
                INDArray x = Nd4j.create(view, new long[] {1, 1, 16, 16}, 'c');
                INDArray e = net.output(List.of(Backbones.EMBEDDING), false, new INDArray[] {x.castTo(DataType.FLOAT)}, null)[0];
                for (int d = 0; d < 8; d++) {
                    sum[d] += e.getDouble(0, d);
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(sum).map(v -> v * v).sum());
            for (int d = 0; d < 8; d++) {
                assertEquals(sum[d] / norm, emb[i][d], 1e-5, "image " + i + " dim " + d);
            }
        }
        double[] scores = Embedder.cosineScores(emb, set);
        double manual = 0;
        for (int d = 0; d < 8; d++) {
            manual += emb[set.left(3)][d] * emb[set.right(3)][d];
        }
        assertEquals(manual, scores[3], 1e-6);
    }

    @Test
    void batchSizeAndFlipFusionChangeOnlyWhatTheyShould() {
        float[][] small = new Embedder(net, 1, true).embed(set);
        float[][] large = new Embedder(net, 64, true).embed(set);
        float[][] noFlip = new Embedder(net, 64, false).embed(set);
        double maxFlipEffect = 0;
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(small[i], large[i], 1e-5f);
            for (int d = 0; d < 8; d++) {
                maxFlipEffect = Math.max(maxFlipEffect, Math.abs(noFlip[i][d] - large[i][d]));
            }
            double norm = 0;
            for (float v : noFlip[i]) {
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-5);
        }
        assertTrue(maxFlipEffect > 1e-3, "random images are not mirror-symmetric, so fusion must matter");
    }

    @Test
    void reportCarriesEveryMetricAndRoundTripsThroughJson() throws Exception {
        VerificationReport report = new Embedder(net, 5, true).evaluate(set);
        assertEquals("tiny", report.name());
        assertEquals(16, report.numPairs());
        assertEquals(6, report.imagesEmbedded());
        assertEquals(2, report.foldAccuracies().size());
        assertEquals(3, report.tarAtFar().size());
        assertTrue(report.roc().size() >= 2 && report.roc().size() <= VerificationReport.MAX_ROC_POINTS);
        assertEquals(Double.POSITIVE_INFINITY, report.roc().get(0).threshold());
        assertTrue(report.auc() >= 0 && report.auc() <= 1);
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(report);
        assertEquals(report, json.readValue(text, VerificationReport.class), text);
        assertTrue(report.summary().startsWith("tiny: "), report.summary());
    }
}
