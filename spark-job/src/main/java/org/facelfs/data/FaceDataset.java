package org.facelfs.data;

import java.util.List;

/**
 * Labelled face images for training, decoded and preprocessed: image {@code i} is a CHW float
 * array of {@link #shape()}, already normalised ((x - 127.5) / 128), not yet augmented.
 * Readers (image folders, RecordIO) and the synthetic generator all produce this.
 */
public interface FaceDataset {

    /** Channels, height and width of every image. */
    ImageShape shape();

    /** Number of images. */
    int size();

    /** Class label of image {@code i}, in [0, numClasses()). */
    int label(int i);

    /** Identity names, indexed by label (the label map written with the run). */
    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }

    /** Image {@code i} as CHW floats; the caller must not modify the returned array. */
    float[] image(int i);

    /** A short stable fingerprint of the content (for caches and run provenance). */
    String fingerprint();

    /**
     * Writes image {@code i} into {@code dst} from {@code offset} (for filling minibatches without an
     * extra copy); implementations that keep 8-bit images override it to normalise in place.
     */
    default void copyImage(int i, float[] dst, int offset) {
        float[] img = image(i);
        System.arraycopy(img, 0, dst, offset, img.length);
    }
}
