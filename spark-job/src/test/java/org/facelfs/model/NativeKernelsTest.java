package org.facelfs.model;

import org.facelfs.train.LrSchedule;
import org.facelfs.train.Optimizer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.facelfs.data.ImageShape;
import org.facelfs.loss.LossSpec;
import org.facelfs.train.InitialModel;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

/** Which layers get oneDNN helpers, and that a build without oneDNN is left alone. */
class NativeKernelsTest {

    private static ComputationGraph smallCnn() {
        Optimizer opt = new Optimizer(0.9, 0, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));
        return InitialModel.build(BackboneSpec.smallCnn(new ImageShape(1, 32, 32), 16), 5, new LossSpec.Softmax(16), opt, 1);
    }

    private static long count(ComputationGraph g, Class<?> type) {
        return Arrays.stream(g.getLayers()).filter(l -> l.getClass() == type).count();
    }

    @Test
    void everyConvolutionAndBatchNormGetsAHelperAndNothingElse() {
        ComputationGraph g = smallCnn();
        long convs = count(g, ConvolutionLayer.class);
        long norms = count(g, BatchNormalization.class);
        assertEquals(convs + norms, NativeKernels.installOnednnHelpers(g, true, true));
        for (Layer l : g.getLayers()) {
            boolean expected = l.getClass() == ConvolutionLayer.class || l.getClass() == BatchNormalization.class;
            if (expected) {
                assertNotNull(l.getHelper(), l.getClass().getSimpleName());
            } else {
                assertNull(l.getHelper(), l.getClass().getSimpleName());
            }
        }
        assertEquals(0, NativeKernels.installOnednnHelpers(g, true, true), "a second call changes nothing");
    }

    @Test
    void onlyABuildWithOnednnIsChanged() {
        boolean onednn = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
        assertEquals(onednn, NativeKernels.onednnLoaded());
        ComputationGraph g = smallCnn();
        int changed = NativeKernels.useOnednnIfLoaded(g);
        assertEquals(onednn ? count(g, ConvolutionLayer.class) + count(g, BatchNormalization.class) : 0, changed);
    }

    @Test
    void smallGraphsTrainWithCacheModeDeviceOnTheOnednnBuildOnly() {
        ComputationGraph small = smallCnn();
        assertEquals(org.deeplearning4j.nn.conf.CacheMode.DEVICE, NativeKernels.cacheModeFor(small));
        NativeKernels.useOnednnIfLoaded(small);
        assertEquals(NativeKernels.onednnLoaded() ? org.deeplearning4j.nn.conf.CacheMode.DEVICE
                : org.deeplearning4j.nn.conf.CacheMode.NONE, small.getConfiguration().getCacheMode());
        ImageShape shape = new ImageShape(3, 112, 112);
        Optimizer opt = new Optimizer(0.9, 0, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0));
        ComputationGraph iresnet = InitialModel.build(new BackboneSpec(BackboneKind.IRESNET18, 512, shape,
                BackboneSpec.IRESNET_WIDTHS, 0), 5, new LossSpec.Softmax(16), opt, 1);
        assertEquals(org.deeplearning4j.nn.conf.CacheMode.NONE, NativeKernels.cacheModeFor(iresnet),
                iresnet.numParams() + " parameters");
    }
}
