package org.facelfs.data;

import java.util.List;
import java.util.Objects;

/**
 * A {@link FaceDataset} whose images are kept in memory as 8-bit CHW ({@link DecodedImages}),
 * decoded up front (image folders) or on first use (RecordIO); floats are produced on access
 * ({@link PreprocessedImages}).
 */
public class DecodedFaceDataset implements FaceDataset, PreprocessedImageSet {

    private final PreprocessedImages images;
    private final int[] labels;
    private final List<String> classNames;
    private final String fingerprint;

    /** Images that are all decoded already, in the shape {@code preprocess} produces. */
    public DecodedFaceDataset(DecodedImages images, int[] labels, List<String> classNames, Preprocess preprocess,
                              String fingerprint) {
        this(full(images, preprocess), labels, classNames, fingerprint);
    }

    /** Images that may be produced on first use ({@link PreprocessedImages#lazy}). */
    protected DecodedFaceDataset(PreprocessedImages images, int[] labels, List<String> classNames, String fingerprint) {
        if (images.size() != labels.length) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " outside [0, " + classNames.size() + ")");
            }
        }
        this.images = images;
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
        this.fingerprint = fingerprint;
    }

    private static PreprocessedImages full(DecodedImages images, Preprocess preprocess) {
        if (!images.shape().equals(preprocess.output())) {
            throw new IllegalArgumentException("images have shape " + images.shape() + ", preprocess says " + preprocess.output());
        }
        for (int i = 0; i < images.size(); i++) {
            Objects.requireNonNull(images.get(i), () -> "image slot not filled");
        }
        return PreprocessedImages.of(images, preprocess);
    }

    @Override
    public PreprocessedImages images() {
        return images;
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

    /** The 8-bit CHW pixels of image {@code i} (before normalisation), decoded on first use if not yet; do not modify. */
    public byte[] pixels(int i) {
        return images.pixels(i);
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }
}
