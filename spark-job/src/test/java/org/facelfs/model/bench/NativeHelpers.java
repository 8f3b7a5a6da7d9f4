package org.facelfs.model.bench;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.facelfs.model.NativeKernels;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Which native code a DL4J graph really runs on the CPU: the libnd4j build that was loaded (its
 * library file and build flags), the oneDNN switches of ND4J's environment, and per layer type the
 * DL4J "helper" (the layer's bridge to a native convolution / batch-norm kernel; {@code none} means
 * DL4J's own Java path: im2col + gemm for convolutions, element-wise ops for batch norm).
 *
 * <p>Why it exists: in DL4J 1.0.0-M2.1 no layer gets a CPU helper, whichever native build is on the
 * class path, for two reasons: (1) helper creation is off unless the system property
 * {@value #DISABLE_PROPERTY} is {@code false} (its default is {@code true}); (2) even then the
 * oneDNN helpers are kept only when {@link BaseMKLDNNHelper#mklDnnEnabled()} is true, and that
 * check looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()} by reflection, a class
 * and method that no longer exist in ND4J M2.1 (the bindings moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}, the method is now {@code isUseONEDNN}), so
 * it always answers false. {@link NativeKernels#installOnednnHelpers} installs the helpers by hand so the bench can
 * measure what they would give.
 */
final class NativeHelpers {

    /** ND4J M2.1's CPU environment binding (the class DL4J's check fails to find). */
    private static final String ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    /** DL4J's switch for all layer helpers ({@code DL4JSystemProperties.DISABLE_HELPER_PROPERTY}). */
    static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private NativeHelpers() {
    }

    /** One line: loaded libnd4j file, its build flags, and the helper switches of ND4J and DL4J. */
    static String buildLine() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation(); // loads the backend first
        String lib = Loader.getLoadedLibraries().entrySet().stream()
                .filter(e -> e.getKey().contains("nd4jcpu") && !e.getKey().contains("jni"))
                .map(Map.Entry::getValue).findFirst().orElse("?");
        String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        return String.format("libnd4j: %s; build flags %s; blas %s; ND4J helpersAllowed %s, isUseONEDNN %s; "
                        + "DL4J %s=%s, mklDnnEnabled() %s",
                lib.replaceFirst("^.*/\\.javacpp/cache/", "~/.javacpp/cache/"), flags(info),
                env.getProperty("blas.vendor", "?"), Nd4j.getEnvironment().helpersAllowed(), useOnednn(),
                DISABLE_PROPERTY, System.getProperty(DISABLE_PROPERTY, "true (default)"), BaseMKLDNNHelper.mklDnnEnabled());
    }

    /** The HAVE_* switches and -march/-m flags of libnd4j's build info string. */
    static String flags(String buildInfo) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("HAVE_[A-Z0-9_]+|-march=[\\w-]+|-mavx[\\w-]*|SD_[A-Z0-9_]*AVX[A-Z0-9_]*")
                .matcher(buildInfo == null ? "" : buildInfo);
        while (m.find()) {
            out.add(m.group());
        }
        return out.isEmpty() ? "(none found)" : String.join(" ", out);
    }

    /** ND4J's own oneDNN switch, read through the M2.1 binding; "n/a" when absent. */
    static String useOnednn() {
        try {
            Class<?> c = Class.forName(ENVIRONMENT);
            Object instance = c.getMethod("getInstance").invoke(null);
            return String.valueOf(c.getMethod("isUseONEDNN").invoke(instance));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "n/a (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * Layer type → helper class (or {@code none}); several helpers of one type are joined by '/'. A
     * helper that threw and was given up for the built-in path (DL4J's fallback) is marked so.
     */
    static Map<String, String> helpersByLayerType(ComputationGraph g) {
        Map<String, TreeSet<String>> byType = new TreeMap<>();
        for (Layer layer : g.getLayers()) {
            LayerHelper h = layer.getHelper();
            String name = h == null ? "none" : h.getClass().getSimpleName() + (failures(layer) > 0 ? " (failed, fell back)" : "");
            byType.computeIfAbsent(layer.getClass().getSimpleName(), k -> new TreeSet<>()).add(name);
        }
        Map<String, String> out = new TreeMap<>();
        byType.forEach((type, helpers) -> out.put(type, String.join("/", helpers)));
        return out;
    }

    /** DL4J's count of helper failures on this layer ({@code helperCountFail}); 0 when it has none. */
    static int failures(Layer layer) {
        for (Class<?> c = layer.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("helperCountFail");
                f.setAccessible(true);
                return f.getInt(layer);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                return -1;
            }
        }
        return 0;
    }
}
