package org.facelfs.model;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseShapeInfoProvider;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's shape-information provider with the cache its CPU backend lacks. ND4J M2.1's
 * {@code DirectShapeInfoProvider} caches only the overload no array constructor calls, so every new
 * array, view and op output asks libnd4j for its shape buffer again and wraps it in a new Java buffer
 * registered with ND4J's deallocator service: ~8 % of a 32x32 training step (docs/benchmarks.md,
 * "Shape information"). libnd4j already hands out one constant native buffer per shape, shared by every
 * array of that shape and never written, so sharing its Java wrapper changes nothing but the cost.
 * {@link NativeBuild#choose} installs it through ND4J's {@value #ND4J_PROPERTY} property before ND4J loads.
 */
public final class CachedShapeInfoProvider extends BaseShapeInfoProvider {

    /** The ND4J property (system properties override nd4j-native.properties) naming the provider class. */
    public static final String ND4J_PROPERTY = "shapeinfoprovider";
    /** Beyond this many shapes the cache starts again: a job has a few hundred; this bounds odd ones. */
    static final int MAX_ENTRIES = 4096;

    /** The CPU backend, whose provider this replaces; the CUDA backend's keeps shapes on the device too. */
    static final String CPU_BACKEND = "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class";
    static final String CUDA_BACKEND = "org/nd4j/linalg/jcublas/JCublasBackend.class";

    private final Map<Key, Pair<DataBuffer, long[]>> cache = new ConcurrentHashMap<>();

    /**
     * Names this class in {@value #ND4J_PROPERTY} (read when ND4J loads) unless it was set by hand
     * ({@code -Dshapeinfoprovider=org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider} restores ND4J's)
     * or the class path holds no CPU backend or the CUDA one. Once per JVM, before ND4J loads.
     */
    static void install(ClassLoader classPath) {
        if (System.getProperty(ND4J_PROPERTY) == null && classPath.getResource(CPU_BACKEND) != null
                && classPath.getResource(CUDA_BACKEND) == null) {
            System.setProperty(ND4J_PROPERTY, CachedShapeInfoProvider.class.getName());
        }
    }

    /** The provider ND4J uses, in words, for the JVM's log line. */
    static String inUse() {
        ShapeInfoProvider p = Nd4j.getShapeInfoProvider();
        return p instanceof CachedShapeInfoProvider ? "cached" : "uncached (" + p.getClass().getName() + ")";
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, DataType dataType, boolean empty) {
        Key key = new Key(shape, stride, elementWiseStride, order, dataType.ordinal(), empty ? 1 : 0);
        return cached(key, () -> super.createShapeInformation(shape, stride, elementWiseStride, order, dataType,
                empty));
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, long extras) {
        Key key = new Key(shape, stride, elementWiseStride, order, -1, extras);
        return cached(key, () -> super.createShapeInformation(shape, stride, elementWiseStride, order, extras));
    }

    @Override
    public void purgeCache() {
        cache.clear();
    }

    /** Shapes cached now (tests). */
    int size() {
        return cache.size();
    }

    private Pair<DataBuffer, long[]> cached(Key key, Supplier<Pair<DataBuffer, long[]>> create) {
        Pair<DataBuffer, long[]> hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear(); // arrays keep their own buffers; only later lookups miss
        }
        return cache.computeIfAbsent(key, k -> create.get());
    }

    /**
     * Everything a shape buffer encodes: shape, strides, element-wise stride, order, and either the data type
     * and emptiness ({@code type} ≥ 0) or ND4J's raw option bits ({@code type} = -1, {@code flags} = extras).
     */
    private static final class Key {
        private final long[] fields;
        private final int hash;

        Key(long[] shape, long[] stride, long elementWiseStride, char order, int type, long flags) {
            fields = new long[shape.length + stride.length + 5];
            System.arraycopy(shape, 0, fields, 0, shape.length);
            System.arraycopy(stride, 0, fields, shape.length, stride.length);
            int i = shape.length + stride.length;
            fields[i] = shape.length;
            fields[i + 1] = elementWiseStride;
            fields[i + 2] = order;
            fields[i + 3] = type;
            fields[i + 4] = flags;
            hash = Arrays.hashCode(fields);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.fields, fields);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
