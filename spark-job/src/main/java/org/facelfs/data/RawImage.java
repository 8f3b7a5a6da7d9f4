package org.facelfs.data;

/**
 * A decoded image before preprocessing: planar samples in [0, 255] ({@code channels} planes of
 * {@code height × width}, row-major), 1 channel for grey sources, 3 (R, G, B) otherwise.
 */
public record RawImage(int channels, int height, int width, float[] samples) {
    public RawImage {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (samples.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " samples, got " + samples.length);
        }
    }
}
