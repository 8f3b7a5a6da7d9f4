package org.facelfs.data;

/**
 * Images of one shape, by index: what training datasets and verification sets have in common.
 * Image {@code i} is a CHW float array of {@link #shape()}, normalised ((x - 127.5) / 128).
 */
public interface ImageSet {

    /** Channels, height and width of every image. */
    ImageShape shape();

    /** Image {@code i} as CHW floats; the caller must not modify the returned array. */
    float[] image(int i);

    /**
     * Writes image {@code i} into {@code dst} from {@code offset} (for filling batches without an
     * extra copy); implementations that keep 8-bit images override it to normalise in place.
     */
    default void copyImage(int i, float[] dst, int offset) {
        float[] img = image(i);
        System.arraycopy(img, 0, dst, offset, img.length);
    }
}
