package org.facelfs.model;

import org.facelfs.train.LrSchedule;
import org.facelfs.train.Optimizer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Backbones build, run and have the parameter counts of their PyTorch originals. Counts are
 * checked against an independent layer-by-layer count written from the papers' tables, in
 * PyTorch's convention (BN running mean/var are buffers, not parameters; DL4J stores them as
 * parameters, so they are subtracted before comparing).
 */
public class BackbonesTest {

    public static final int CLASSES = 10;

    public static OutputLayer softmaxHead() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                .activation(Activation.SOFTMAX).build();
    }

    static Optimizer sgd() {
        return new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));
    }

    /** Parameters as PyTorch counts them: everything but BN running mean and variance. */
    static long trainableLikePyTorch(ComputationGraphConfiguration conf) {
        long total = 0;
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                var layer = lv.getLayerConf().getLayer();
                long n = layer.initializer().numParams(lv.getLayerConf());
                if (layer instanceof BatchNormalization bn) {
                    n -= 2 * bn.getNOut();
                }
                total += n;
            }
        }
        return total;
    }

    static long headParams(int embeddingDim) {
        return (long) embeddingDim * CLASSES + CLASSES;
    }

    /**
     * insightface iresnet.py, counted by hand: stem, IR blocks, BN-FC-BN head. {@code prelu}:
     * count the per-channel PReLU slopes (the original) or not (ours: fixed leaky ReLU).
     */
    static long iresnetReference(int[] blocks, int inChannels, int embeddingDim, int finalMap, boolean prelu) {
        int p = prelu ? 1 : 0;
        long n = 9L * inChannels * 64 + 2 * 64 + p * 64; // stem conv, BN, PReLU
        int inplanes = 64;
        int[] widths = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            int planes = widths[s];
            for (int b = 0; b < blocks[s]; b++) {
                n += 2L * inplanes + 9L * inplanes * planes + 2L * planes + p * planes + 9L * planes * planes + 2L * planes;
                if (b == 0) {
                    n += (long) inplanes * planes + 2L * planes; // 1x1 stride-2 projection + BN
                }
                inplanes = planes;
            }
        }
        n += 2 * 512; // bn2
        n += 512L * finalMap * finalMap * embeddingDim + embeddingDim; // fc
        n += 2L * embeddingDim; // features BN
        return n;
    }

    /** MobileFaceNet from Table 1 of the paper, counted by hand ({@code prelu} as above). */
    static long mobileFaceNetReference(int embeddingDim, boolean prelu) {
        int p = prelu ? 1 : 0;
        long n = 9L * 3 * 64 + (2 + p) * 64; // conv1 + BN + PReLU
        n += 9L * 64 + (2 + p) * 64; // depthwise conv2 + BN + PReLU
        int[][] groups = {{2, 64, 5}, {4, 128, 1}, {2, 128, 6}, {4, 128, 1}, {2, 128, 2}};
        int c = 64;
        for (int[] g : groups) {
            for (int r = 0; r < g[2]; r++) {
                int e = c * g[0];
                n += (long) c * e + (2L + p) * e; // expand 1x1 + BN + PReLU
                n += 9L * e + (2L + p) * e;       // depthwise 3x3 + BN + PReLU
                n += (long) e * g[1] + 2L * g[1]; // project 1x1 + BN
                c = g[1];
            }
        }
        n += 128L * 512 + (2 + p) * 512; // conv6 1x1 + BN + PReLU
        n += 49L * 512 + 2 * 512;   // GDC 7x7 depthwise + BN
        n += 512L * embeddingDim + 2L * embeddingDim; // linear 1x1 (no bias) + BN
        return n;
    }

    @Test
    void iresnetParameterCountsMatchInsightface() {
        long[] got = new long[4];
        BackboneKind[] kinds = {BackboneKind.IRESNET18, BackboneKind.IRESNET34, BackboneKind.IRESNET50, BackboneKind.IRESNET100};
        for (int i = 0; i < kinds.length; i++) {
            BackboneSpec spec = BackboneSpec.iresnet(kinds[i]);
            got[i] = trainableLikePyTorch(Backbones.configuration(spec, softmaxHead(), sgd(), 1)) - headParams(512);
            assertEquals(iresnetReference(kinds[i].iresnetBlocks(), 3, 512, 7, true), got[i], kinds[i].name());
            long leaky = trainableLikePyTorch(Backbones.configuration(spec.withNonlinearity(Nonlinearity.LEAKY_RELU),
                    softmaxHead(), sgd(), 1)) - headParams(512);
            assertEquals(iresnetReference(kinds[i].iresnetBlocks(), 3, 512, 7, false), leaky, kinds[i].name());
            System.out.printf("%s: %,d parameters with PReLU, %,d with leaky ReLU%n", kinds[i], got[i], leaky);
        }
        // Published arcface_torch sizes: r18 24.0M, r34 34.1M, r50 43.6M, r100 65.2M.
        assertEquals(24.0e6, got[0], 0.1e6);
        assertEquals(34.1e6, got[1], 0.1e6);
        assertEquals(43.6e6, got[2], 0.1e6);
        assertEquals(65.2e6, got[3], 0.1e6);
    }

    @Test
    void mobileFaceNetMatchesThePaperTable() {
        var conf = Backbones.configuration(BackboneSpec.mobileFaceNet(), softmaxHead(), sgd(), 1);
        long got = trainableLikePyTorch(conf) - headParams(128);
        assertEquals(mobileFaceNetReference(128, true), got);
        var leakyConf = Backbones.configuration(BackboneSpec.mobileFaceNet().withNonlinearity(Nonlinearity.LEAKY_RELU),
                softmaxHead(), sgd(), 1);
        assertEquals(mobileFaceNetReference(128, false), trainableLikePyTorch(leakyConf) - headParams(128));
        System.out.printf("MOBILEFACENET: %,d parameters with PReLU%n", got);
        // The paper: 0.99 million parameters.
        assertEquals(0.99e6, got, 0.03e6);
    }

    @Test
    void smallCnnTrainsOneStepAndEmbeds() {
        BackboneSpec spec = BackboneSpec.smallCnn(new ImageShape(1, 32, 32), 128);
        ComputationGraph graph = Backbones.graph(spec, softmaxHead(), sgd(), 7);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 32, 32);
        INDArray embedding = graph.output(List.of(Backbones.EMBEDDING), false, new INDArray[] {x}, null)[0];
        assertArrayEquals(new long[] {4, 128}, embedding.shape());
        INDArray y = Nd4j.zeros(4, CLASSES);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i, 1);
        }
        INDArray before = graph.params().dup();
        graph.fit(new INDArray[] {x}, new INDArray[] {y});
        assertTrue(Double.isFinite(graph.score()));
        assertTrue(graph.params().sub(before).norm2Number().doubleValue() > 0, "a training step changes the weights");
        System.out.printf("SMALL_CNN 1x32x32: %,d parameters (DL4J, BN stats included)%n", graph.numParams());
    }

    @Test
    void iresnet18AndMobileFaceNetRunForward() {
        for (BackboneSpec spec : List.of(BackboneSpec.iresnet(BackboneKind.IRESNET18), BackboneSpec.mobileFaceNet())) {
            ComputationGraph graph = Backbones.graph(spec, softmaxHead(), sgd(), 3);
            INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 112, 112);
            INDArray[] out = graph.output(List.of(Backbones.EMBEDDING, Backbones.HEAD), false, new INDArray[] {x}, null);
            assertArrayEquals(new long[] {2, spec.embeddingDim()}, out[0].shape(), spec.kind().name());
            assertArrayEquals(new long[] {2, CLASSES}, out[1].shape());
            assertEquals(2.0, out[1].sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
            assertTrue(Double.isFinite(out[0].sumNumber().doubleValue()));
        }
    }

    @Test
    void namedVerticesAndSmallInputsWork() {
        for (BackboneKind kind : List.of(BackboneKind.IRESNET18, BackboneKind.MOBILEFACENET)) {
            List<Integer> widths = kind == BackboneKind.MOBILEFACENET ? List.of() : List.of(8, 8, 16, 16);
            var spec = new BackboneSpec(kind, 32, new ImageShape(1, 32, 32), widths, 0.2,
                    kind == BackboneKind.MOBILEFACENET ? Nonlinearity.LEAKY_RELU : Nonlinearity.PRELU);
            var graph = Backbones.graph(spec, softmaxHead(), sgd(), 5);
            assertNotNull(graph.getVertex(Backbones.INPUT));
            assertNotNull(graph.getLayer(Backbones.EMBEDDING));
            assertNotNull(graph.getLayer(Backbones.HEAD));
            assertNotNull(graph.getLayer("head.dropout"));
            INDArray out = graph.output(List.of(Backbones.EMBEDDING), false,
                    new INDArray[] {Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 32, 32)}, null)[0];
            assertArrayEquals(new long[] {3, 32}, out.shape());
        }
    }

    @Test
    void modelSerializerRoundTripKeepsEmbeddings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        for (Nonlinearity nl : Nonlinearity.values()) {
            var spec = BackboneSpec.smallCnn(new ImageShape(3, 16, 16), 16).withNonlinearity(nl);
            ComputationGraph graph = Backbones.graph(spec, softmaxHead(), sgd(), 9);
            java.io.File file = dir.resolve(nl + ".zip").toFile();
            org.deeplearning4j.util.ModelSerializer.writeModel(graph, file, true);
            ComputationGraph back = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(file, true);
            assertEquals(graph.getConfiguration().toJson(), back.getConfiguration().toJson());
            INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 16, 16);
            List<String> emb = List.of(Backbones.EMBEDDING);
            assertEquals(graph.output(emb, false, new INDArray[] {x}, null)[0], back.output(emb, false, new INDArray[] {x}, null)[0]);
        }
    }

    @Test
    void badConfigurationsAreRejectedWithTheirReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> Backbones.configuration(
                BackboneSpec.smallCnn(new ImageShape(1, 32, 32), 128),
                new OutputLayer.Builder().nIn(64).nOut(3).build(), sgd(), 1));
        assertTrue(e.getMessage().contains("embeddingDim"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BackboneSpec(BackboneKind.IRESNET50, 512,
                BackboneSpec.FACE_112, List.of(64, 128), 0, Nonlinearity.PRELU));
        assertThrows(IllegalArgumentException.class, () -> new BackboneSpec(BackboneKind.SMALL_CNN, 128,
                new ImageShape(1, 8, 8), BackboneSpec.SMALL_CNN_WIDTHS, 0, Nonlinearity.PRELU));
        assertThrows(IllegalArgumentException.class, () -> new BackboneSpec(BackboneKind.SMALL_CNN, 128,
                new ImageShape(1, 32, 32), BackboneSpec.SMALL_CNN_WIDTHS, 1.0, Nonlinearity.PRELU));
    }
}
