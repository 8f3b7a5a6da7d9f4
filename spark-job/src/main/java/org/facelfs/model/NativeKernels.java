package org.facelfs.model;

import java.lang.reflect.Field;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a graph's convolutions and batch norms on oneDNN when the loaded ND4J CPU build has it (the
 * {@code onednn} Maven profile: classifier {@code linux-x86_64-onednn-avx2}). DL4J 1.0.0-M2.1 never
 * does this itself: its layer helpers are off unless {@code org.eclipse.deeplearning4j.helpers.disable
 * = false}, and even then its oneDNN check looks up an ND4J class that M2.1 renamed, so it always
 * answers "no". Measured (docs/benchmarks.md, "Native builds and helpers"): the small CNN's training
 * step 5–7× faster. On the default build, and on GPUs, nothing changes.
 */
public final class NativeKernels {

    private static final Logger LOG = LoggerFactory.getLogger(NativeKernels.class);
    private static volatile Boolean onednnLoaded;

    private NativeKernels() {
    }

    /** Graphs up to this many parameters (the small CNN family: 2.9 M at widths 32–256) train with cache mode DEVICE. */
    public static final long DEVICE_CACHE_MAX_PARAMS = 10_000_000;

    /**
     * Gives the plain convolution and batch-norm layers of {@code g} their oneDNN helpers when the
     * loaded libnd4j was built with oneDNN, and the cache mode of {@link #cacheModeFor}; returns the number of
     * layers changed (0 otherwise).
     */
    public static int useOnednnIfLoaded(ComputationGraph g) {
        if (!onednnLoaded()) {
            return 0;
        }
        CacheMode mode = cacheModeFor(g);
        g.getConfiguration().setCacheMode(mode);
        g.setCacheMode(mode);
        return installOnednnHelpers(g, true, true);
    }

    /**
     * The rule for DL4J's cache mode on the oneDNN build: DEVICE (the backward pass reuses the forward's
     * pre-activations: 12–17 % faster steps) for graphs of at most {@link #DEVICE_CACHE_MAX_PARAMS} parameters,
     * whose extra memory was measured acceptable (small CNN at 112x112, batch 64: +420 MiB peak RSS, 1.33 →
     * 1.75 GiB; docs/benchmarks.md "Cache mode DEVICE"); NONE for the IResNets, where activations, not
     * parameters, fill an executor's memory, until their cost is measured.
     */
    public static CacheMode cacheModeFor(ComputationGraph g) {
        return g.numParams() <= DEVICE_CACHE_MAX_PARAMS ? CacheMode.DEVICE : CacheMode.NONE;
    }

    /**
     * Whether the loaded ND4J backend is a CPU build of libnd4j with oneDNN (checked once per JVM, when the
     * JVM's one log line says which build was loaded and why).
     */
    public static synchronized boolean onednnLoaded() {
        Boolean known = onednnLoaded;
        if (known == null) {
            String backend = Nd4j.getBackend().getClass().getSimpleName();
            String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
            known = backend.equals("CpuBackend") && info != null && info.contains("HAVE_ONEDNN");
            onednnLoaded = known;
            LOG.info(loadedBuild(backend, known));
        }
        return known;
    }

    /** One line: the libnd4j folder JavaCPP loaded, whether it has oneDNN, and why it was chosen. */
    static String loadedBuild(String backend, boolean onednn) {
        String folder = loadedNd4jFolder();
        NativeBuild.Choice choice = NativeBuild.chosen();
        String why = choice == null ? "no choice made before ND4J loaded (JavaCPP's default)"
                : choice.reason() + (choice.classifier().equals(folder) ? "" : "; WARNING: " + choice.classifier()
                + " was chosen but ND4J loaded before the choice or did not find it");
        String settings = NativeMemory.summary();
        String memory = settings == null ? "" : "; native memory: " + settings;
        return "ND4J native build %s (%s, oneDNN %s, OpenMP threads %d in this thread): %s%s; shape buffers %s"
                .formatted(folder, backend, onednn ? "in use for convolutions and batch norms" : "no", ompThreads(), why,
                        memory, CachedShapeInfoProvider.inUse());
    }

    /** The resource folder ({@code linux-x86_64...}) of the libnd4jcpu JavaCPP loaded, or "?" if unknown. */
    public static String loadedNd4jFolder() {
        return org.bytedeco.javacpp.Loader.getLoadedLibraries().values().stream()
                .filter(p -> p != null && (p.contains("libnd4jcpu") || p.contains("libnd4jcuda")))
                .map(p -> Path.of(p).getParent().getFileName().toString()).findFirst().orElse("?");
    }

    /**
     * Caps OpenMP (and with it oneDNN, which listens to nothing else) at {@code n} threads for the calling
     * thread's parallel regions: libgomp keeps {@code omp_set_num_threads} per thread, so each candidate's task
     * thread in one JVM (local[N]) gets its own cap. 0 leaves the default (OMP_NUM_THREADS or all cores).
     */
    public static void limitOpenMpThreads(int n) {
        if (n > 0) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        }
    }

    /** OpenMP's thread count for the calling thread's next parallel region ({@code omp_get_max_threads}). */
    public static int ompThreads() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    /**
     * Installs DL4J's oneDNN helper on every plain convolution ({@code conv}), as DL4J would if its check
     * worked, and/or a {@link ContiguousBatchNormHelper} (DL4J's oneDNN one with faster reductions) on every
     * batch-norm layer ({@code bn}) without a helper. The helpers call libnd4j's conv2d/batchnorm ops, which a
     * oneDNN build runs in oneDNN and other builds with libnd4j's own kernels. Returns the number of layers
     * changed.
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
                setHelper(layer, BatchNormalization.class, new ContiguousBatchNormHelper());
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
