package org.facelfs.data;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Preprocessed images kept as 8-bit CHW arrays of one {@link ImageShape} (one byte per value:
 * four times smaller than floats). Slots may be filled lazily (RecordIO reads on first use); a
 * filled slot never changes.
 */
public final class DecodedImages implements DecodeCache.Entry {

    private static final long serialVersionUID = 1L;

    private final ImageShape shape;
    private final AtomicReferenceArray<byte[]> images;

    /** An empty store of {@code count} slots. */
    public DecodedImages(ImageShape shape, int count) {
        this.shape = shape;
        this.images = new AtomicReferenceArray<>(count);
    }

    /** A full store holding {@code images} (each of {@code shape.length()} bytes). */
    public DecodedImages(ImageShape shape, byte[][] images) {
        this(shape, images.length);
        for (int i = 0; i < images.length; i++) {
            set(i, images[i]);
        }
    }

    public ImageShape shape() {
        return shape;
    }

    public int size() {
        return images.length();
    }

    /** Image {@code i}, or null if not filled yet. */
    public byte[] get(int i) {
        return images.get(i);
    }

    public void set(int i, byte[] image) {
        if (image.length != shape.length()) {
            throw new IllegalArgumentException("image " + i + " has " + image.length + " values, shape " + shape + " needs " + shape.length());
        }
        images.compareAndSet(i, null, image);
    }

    @Override
    public long sizeInBytes() {
        return (long) images.length() * shape.length();
    }
}
