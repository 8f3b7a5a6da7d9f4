package org.facelfs.data;

/**
 * Face-verification pairs over a set of distinct images: pair {@code k} compares image
 * {@code left(k)} with image {@code right(k)}. Every image is stored once however many pairs
 * use it, so evaluation embeds each image once. Its images ({@link #image}) are normalised like
 * training images and never flipped.
 */
public interface VerificationSet extends ImageSet {

    /** A name for reports, e.g. "lfw" or "synthetic". */
    String name();

    /** Number of distinct images. */
    int numImages();

    int numPairs();

    int left(int pair);

    int right(int pair);

    boolean same(int pair);

    /** Fold of the pair in [0, numFolds()): the file's own folds, else identity-disjoint folds. */
    int fold(int pair);

    int numFolds();
}
