package org.facelfs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PreprocessedImagesTest {

    private static final ImageShape SHAPE = new ImageShape(1, 1, 2);

    @Test
    void fullStoreNormalisesOnAccess() {
        Preprocess pre = Preprocess.resize(SHAPE);
        PreprocessedImages images = PreprocessedImages.of(new DecodedImages(SHAPE, new byte[][] {{0, (byte) 255}}), pre);
        assertEquals(SHAPE, images.shape());
        assertEquals(1, images.size());
        assertArrayEquals(new float[] {-127.5f / 128f, 127.5f / 128f}, images.image(0));
        float[] dst = new float[4];
        images.copyImage(0, dst, 1);
        assertArrayEquals(new float[] {0f, -127.5f / 128f, 127.5f / 128f, 0f}, dst);
        float[] unit = PreprocessedImages.of(new DecodedImages(SHAPE, new byte[][] {{0, (byte) 51}}), pre.withNormalise(false)).image(0);
        assertArrayEquals(new float[] {0f, 0.2f}, unit, 1e-7f);
    }

    @Test
    void lazyImagesAreProducedOnceAndSharedThroughTheCache() {
        String key = "test:" + UUID.randomUUID();
        AtomicInteger calls = new AtomicInteger();
        PreprocessedImages a = PreprocessedImages.lazy(key, 3, Preprocess.resize(SHAPE), i -> {
            calls.incrementAndGet();
            return new byte[] {(byte) i, (byte) (10 * i)};
        });
        assertArrayEquals(new byte[] {2, 20}, a.pixels(2));
        assertSame(a.pixels(2), a.pixels(2));
        a.image(2);
        assertEquals(1, calls.get());
        PreprocessedImages b = PreprocessedImages.lazy(key, 3, Preprocess.resize(SHAPE), i -> {
            throw new AssertionError("image " + i + " was produced again");
        });
        assertSame(a.pixels(2), b.pixels(2));
    }

    @Test
    void anUnfilledSlotOfAFullStoreIsNamed() {
        PreprocessedImages images = PreprocessedImages.of(new DecodedImages(SHAPE, 2), Preprocess.resize(SHAPE));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> images.pixels(1));
        assertEquals("image slot 1 was never filled", e.getMessage());
    }
}
