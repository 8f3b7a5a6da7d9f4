package org.facelfs.data;

import java.util.List;
import java.util.Objects;

/**
 * A {@link FaceDataset} whose images are fully decoded in memory as 8-bit CHW
 * ({@link DecodedImages}); floats are produced on access ({@link PreprocessedImages}).
 */
public class DecodedFaceDataset implements FaceDataset {

    private final PreprocessedImages images;
    private final int[] labels;
    private final List<String> classNames;
    private final String fingerprint;

    public DecodedFaceDataset(DecodedImages images, int[] labels, List<String> classNames, Preprocess preprocess,
                              String fingerprint) {
        if (images.size() != labels.length) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.length + " labels");
        }
        if (!images.shape().equals(preprocess.output())) {
            throw new IllegalArgumentException("images have shape " + images.shape() + ", preprocess says " + preprocess.output());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " outside [0, " + classNames.size() + ")");
            }
            Objects.requireNonNull(images.get(i), () -> "image slot not filled");
        }
        this.images = PreprocessedImages.of(images, preprocess);
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
        this.fingerprint = fingerprint;
    }

    @Override
    public ImageShape shape() {
        return images.shape();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public float[] image(int i) {
        return images.image(i);
    }

    @Override
    public void copyImage(int i, float[] dst, int offset) {
        images.copyImage(i, dst, offset);
    }

    /** The 8-bit CHW pixels of image {@code i} (before normalisation); do not modify. */
    public byte[] pixels(int i) {
        return images.pixels(i);
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }
}
