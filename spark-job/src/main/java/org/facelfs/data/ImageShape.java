package org.facelfs.data;

import java.io.Serializable;

/** Channels × height × width of a preprocessed image. */
public record ImageShape(int channels, int height, int width) implements Serializable {
    public ImageShape {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("height and width must be >= 1, got " + height + "x" + width);
        }
    }

    /** Floats per image. */
    public int length() {
        return channels * height * width;
    }
}
