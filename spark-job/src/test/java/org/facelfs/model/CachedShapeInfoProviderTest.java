package org.facelfs.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link CachedShapeInfoProvider}: installed in this JVM as in the product (the session listener's
 * {@link NativeBuild#choose}); arrays of one shape share one buffer; every buffer holds exactly what ND4J's
 * uncached path builds for the same request (so no arithmetic can change); the cache is bounded.
 */
class CachedShapeInfoProviderTest {

    private static final long[][] SHAPES = {{3, 4}, {2, 3, 5, 7}, {1}, {0, 4}, {64, 16, 8, 8}};

    @Test
    void thisJvmUsesIt() {
        assertInstanceOf(CachedShapeInfoProvider.class, Nd4j.getShapeInfoProvider());
        assertEquals("cached", CachedShapeInfoProvider.inUse());
    }

    @Test
    void arraysOfOneShapeShareOneBufferAndOthersDoNot() {
        INDArray a = Nd4j.create(DataType.FLOAT, 2, 3, 5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        assertSame(a.shapeInfoDataBuffer(), b.shapeInfoDataBuffer());
        assertNotSame(a.shapeInfoDataBuffer(), Nd4j.create(DataType.DOUBLE, 2, 3, 5).shapeInfoDataBuffer());
        assertNotSame(a.shapeInfoDataBuffer(), Nd4j.create(DataType.FLOAT, new long[] {2, 3, 5}, 'f').shapeInfoDataBuffer());
        assertNotSame(a.shapeInfoDataBuffer(), a.permute(2, 1, 0).shapeInfoDataBuffer());
        assertArrayEquals(new long[] {5, 3, 2}, a.permute(2, 1, 0).shape());
        assertArrayEquals(new long[] {15, 5, 1}, b.stride(), "b keeps its own strides");
    }

    /** The reference: ND4J's executioner asked directly, as its own provider does on every call. */
    @Test
    void everyBufferHoldsWhatNd4jsOwnPathBuilds() {
        CachedShapeInfoProvider cached = new CachedShapeInfoProvider();
        for (long[] shape : SHAPES) {
            for (char order : new char[] {'c', 'f'}) {
                long[] stride = Nd4j.getStrides(shape, order);
                for (DataType type : new DataType[] {DataType.FLOAT, DataType.INT64, DataType.BOOL}) {
                    for (long ews : new long[] {1, 0}) {
                        for (boolean empty : new boolean[] {false, true}) {
                            long[] expected = Nd4j.getExecutioner()
                                    .createShapeInfo(shape, stride, ews, order, type, empty || shape[0] == 0).asLong();
                            Pair<DataBuffer, long[]> first = cached.createShapeInformation(shape, stride, ews, order,
                                    type, empty);
                            assertArrayEquals(expected, first.getFirst().asLong());
                            assertArrayEquals(expected, first.getSecond());
                            assertSame(first, cached.createShapeInformation(shape.clone(), stride.clone(), ews, order,
                                    type, empty));
                        }
                    }
                    long extras = ArrayOptionsHelper.setOptionBit(0L, type);
                    long[] expected = Nd4j.getExecutioner().createShapeInfo(shape, stride, 1, order, type, extras).asLong();
                    assertArrayEquals(expected, cached.createShapeInformation(shape, stride, 1, order, extras)
                            .getFirst().asLong());
                }
            }
        }
        // 5 shapes x 2 orders x 3 types x (2 ews x 2 empty + 1 extras); an empty shape's two requests build one buffer
        // in ND4J but stay two entries here (keyed by request)
        assertEquals(SHAPES.length * 2 * 3 * 5, cached.size());
    }

    @Test
    void startsAgainWhenFull() {
        CachedShapeInfoProvider cached = new CachedShapeInfoProvider();
        for (int n = 1; n <= CachedShapeInfoProvider.MAX_ENTRIES; n++) {
            cached.createShapeInformation(new long[] {n}, new long[] {1}, 1, 'c', DataType.FLOAT, false);
        }
        assertEquals(CachedShapeInfoProvider.MAX_ENTRIES, cached.size());
        long[] next = {CachedShapeInfoProvider.MAX_ENTRIES + 1L};
        Pair<DataBuffer, long[]> p = cached.createShapeInformation(next, new long[] {1}, 1, 'c', DataType.FLOAT, false);
        assertEquals(1, cached.size());
        assertEquals(next[0], p.getSecond()[1]);
    }

    @Test
    void installLeavesAProviderSetByHandAndOtherBackendsAlone(@TempDir Path tmp) throws IOException {
        String before = System.getProperty(CachedShapeInfoProvider.ND4J_PROPERTY);
        try {
            System.clearProperty(CachedShapeInfoProvider.ND4J_PROPERTY);
            try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
                CachedShapeInfoProvider.install(none); // no CPU backend on this class path
                assertNull(System.getProperty(CachedShapeInfoProvider.ND4J_PROPERTY));
            }
            Path cuda = tmp.resolve(CachedShapeInfoProvider.CUDA_BACKEND);
            Files.createDirectories(cuda.getParent());
            Files.write(cuda, new byte[0]);
            try (URLClassLoader withCuda = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
                CachedShapeInfoProvider.install(withCuda);
                assertNull(System.getProperty(CachedShapeInfoProvider.ND4J_PROPERTY));
            }
            CachedShapeInfoProvider.install(getClass().getClassLoader());
            assertEquals(CachedShapeInfoProvider.class.getName(), System.getProperty(CachedShapeInfoProvider.ND4J_PROPERTY));

            String byHand = "org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider";
            System.setProperty(CachedShapeInfoProvider.ND4J_PROPERTY, byHand);
            CachedShapeInfoProvider.install(getClass().getClassLoader());
            assertEquals(byHand, System.getProperty(CachedShapeInfoProvider.ND4J_PROPERTY));
        } finally {
            if (before == null) {
                System.clearProperty(CachedShapeInfoProvider.ND4J_PROPERTY);
            } else {
                System.setProperty(CachedShapeInfoProvider.ND4J_PROPERTY, before);
            }
        }
    }
}
