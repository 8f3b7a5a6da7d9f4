package org.facelfs.data;

import java.util.List;

/**
 * Labelled face images for training, decoded and preprocessed: image {@code i} is a CHW float
 * array of {@link #shape()}, already normalised ((x - 127.5) / 128), not yet augmented.
 * Readers (image folders, RecordIO) and the synthetic generator all produce this.
 */
public interface FaceDataset extends ImageSet {

    /** Number of images. */
    int size();

    /** Class label of image {@code i}, in [0, numClasses()). */
    int label(int i);

    /** Identity names, indexed by label (the label map written with the run). */
    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }

    /** A short stable fingerprint of the content (for caches and run provenance). */
    String fingerprint();
}
