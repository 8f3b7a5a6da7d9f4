package org.facelfs.data;

import java.util.function.IntFunction;

/**
 * A dataset's images kept as 8-bit CHW ({@link DecodedImages}) together with the {@link Preprocess}
 * that turns them into floats: the one place where {@link FaceDataset}s and
 * {@link VerificationSet}s read a stored image, normalise it on access and, for lazily produced
 * images (RecordIO records, synthetic renders), fill a slot once on first use.
 */
public final class PreprocessedImages {

    private final DecodedImages store;
    private final Preprocess preprocess;
    private final IntFunction<byte[]> produce;

    private PreprocessedImages(DecodedImages store, Preprocess preprocess, IntFunction<byte[]> produce) {
        this.store = store;
        this.preprocess = preprocess;
        this.produce = produce;
    }

    /** Images that are all present already (decoded up front). */
    public static PreprocessedImages of(DecodedImages images, Preprocess preprocess) {
        return new PreprocessedImages(images, preprocess, null);
    }

    /**
     * {@code count} images of {@code preprocess.output()} made by {@code produce} on first use and
     * kept in the JVM's {@link DecodeCache} under {@code cacheKey}, so later datasets over the same
     * content (other epochs, rounds, candidates) do not produce them again.
     */
    public static PreprocessedImages lazy(String cacheKey, int count, Preprocess preprocess, IntFunction<byte[]> produce) {
        DecodedImages store = DecodeCache.shared().get(cacheKey, DecodedImages.class,
                () -> new DecodedImages(preprocess.output(), count));
        return new PreprocessedImages(store, preprocess, produce);
    }

    /** The output shape of every image. */
    public ImageShape shape() {
        return preprocess.output();
    }

    public int size() {
        return store.size();
    }

    /** 8-bit CHW pixels of image {@code i} (before normalisation), produced on first use; do not modify. */
    public byte[] pixels(int i) {
        byte[] px = store.get(i);
        if (px == null) {
            if (produce == null) {
                throw new IllegalStateException("image slot " + i + " was never filled");
            }
            store.set(i, produce.apply(i));
            px = store.get(i);
        }
        return px;
    }

    /** Image {@code i} as normalised CHW floats (a new array). */
    public float[] image(int i) {
        return preprocess.toFloat(pixels(i));
    }

    /** Writes normalised image {@code i} into {@code dst} from {@code offset}. */
    public void copyImage(int i, float[] dst, int offset) {
        preprocess.toFloat(pixels(i), dst, offset);
    }
}
