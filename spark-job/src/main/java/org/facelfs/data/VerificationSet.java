package org.facelfs.data;

/**
 * Face-verification pairs over a set of distinct images: pair {@code k} compares image
 * {@code left(k)} with image {@code right(k)}. Every image is stored once however many pairs
 * use it, so evaluation embeds each image once.
 */
public interface VerificationSet {

    /** A name for reports, e.g. "lfw" or "synthetic". */
    String name();

    ImageShape shape();

    /** Number of distinct images. */
    int numImages();

    /** Distinct image {@code i} as CHW floats, normalised like training images, never flipped. */
    float[] image(int i);

    int numPairs();

    int left(int pair);

    int right(int pair);

    boolean same(int pair);

    /** Fold of the pair in [0, numFolds()): the file's own folds, else identity-disjoint folds. */
    int fold(int pair);

    int numFolds();

    /** Writes image {@code i} into {@code dst} from {@code offset} (for filling batches without a copy). */
    default void copyImage(int i, float[] dst, int offset) {
        float[] img = image(i);
        System.arraycopy(img, 0, dst, offset, img.length);
    }
}
