package org.facelfs.model;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Puts a graph's convolutions and batch norms on oneDNN when the loaded ND4J CPU build has it (the
 * {@code onednn} Maven profile: classifier {@code linux-x86_64-onednn-avx2}). DL4J 1.0.0-M2.1 never
 * does this itself: its layer helpers are off unless {@code org.eclipse.deeplearning4j.helpers.disable
 * = false}, and even then its oneDNN check looks up an ND4J class that M2.1 renamed, so it always
 * answers "no". Measured (docs/benchmarks.md, "Native builds and helpers"): the small CNN's training
 * step 5–7× faster. On the default build, and on GPUs, nothing changes.
 */
public final class NativeKernels {

    private static volatile Boolean onednnLoaded;

    private NativeKernels() {
    }

    /**
     * Gives the plain convolution and batch-norm layers of {@code g} DL4J's oneDNN helpers when the
     * loaded libnd4j was built with oneDNN; returns the number of layers changed (0 otherwise).
     */
    public static int useOnednnIfLoaded(ComputationGraph g) {
        return onednnLoaded() ? installOnednnHelpers(g, true, true) : 0;
    }

    /** Whether the loaded ND4J backend is a CPU build of libnd4j with oneDNN (checked once per JVM). */
    public static boolean onednnLoaded() {
        Boolean known = onednnLoaded;
        if (known == null) {
            String backend = Nd4j.getBackend().getClass().getSimpleName();
            String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
            known = backend.equals("CpuBackend") && info != null && info.contains("HAVE_ONEDNN");
            onednnLoaded = known;
        }
        return known;
    }

    /**
     * Installs DL4J's oneDNN helper on every plain convolution ({@code conv}) and/or batch-norm
     * ({@code bn}) layer without a helper, as DL4J would if its check worked. The helpers call
     * libnd4j's conv2d/batchnorm ops, which a oneDNN build runs in oneDNN and other builds with
     * libnd4j's own kernels. Returns the number of layers changed.
     */
    public static int installOnednnHelpers(ComputationGraph g, boolean conv, boolean bn) {
        int changed = 0;
        for (Layer layer : g.getLayers()) {
            if (layer.getHelper() != null) {
                continue;
            }
            if (conv && layer.getClass() == ConvolutionLayer.class) {
                setHelper(layer, ConvolutionLayer.class, new MKLDNNConvHelper(DataType.FLOAT));
                changed++;
            } else if (bn && layer.getClass() == BatchNormalization.class) {
                setHelper(layer, BatchNormalization.class, new MKLDNNBatchNormHelper(DataType.FLOAT));
                changed++;
            }
        }
        return changed;
    }

    private static void setHelper(Layer layer, Class<?> owner, LayerHelper helper) {
        try {
            Field f = owner.getDeclaredField("helper");
            f.setAccessible(true);
            f.set(layer, helper);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the helper of " + owner.getName() + " (DL4J version?)", e);
        }
    }
}
