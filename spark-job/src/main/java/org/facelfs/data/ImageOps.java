package org.facelfs.data;

/** Small operations on CHW float images, shared by augmentation and evaluation. */
public final class ImageOps {

    private ImageOps() {
    }

    /**
     * Mirror image: column {@code x} of every row of every channel moves to {@code width - 1 - x}.
     * Used for random-flip augmentation and for flip fusion at evaluation.
     *
     * @param chw   image of {@code shape}, not modified
     * @return a new array
     */
    public static float[] flipHorizontal(float[] chw, ImageShape shape) {
        if (chw.length != shape.length()) {
            throw new IllegalArgumentException("image has " + chw.length + " floats, shape " + shape
                    + " needs " + shape.length());
        }
        int w = shape.width();
        float[] out = new float[chw.length];
        for (int row = 0; row < shape.channels() * shape.height(); row++) {
            int base = row * w;
            for (int x = 0; x < w; x++) {
                out[base + x] = chw[base + w - 1 - x];
            }
        }
        return out;
    }
}
