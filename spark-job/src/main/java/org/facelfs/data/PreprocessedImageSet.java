package org.facelfs.data;

/**
 * An {@link ImageSet} whose images a {@link PreprocessedImages} holds (8-bit in memory, normalised
 * on access): the training datasets of decoded images and the pair sets share these accessors.
 */
public interface PreprocessedImageSet extends ImageSet {

    /** The images, 8-bit, produced on first use where they are lazy. */
    PreprocessedImages images();

    @Override
    default ImageShape shape() {
        return images().shape();
    }

    @Override
    default float[] image(int i) {
        return images().image(i);
    }

    @Override
    default void copyImage(int i, float[] dst, int offset) {
        images().copyImage(i, dst, offset);
    }
}
