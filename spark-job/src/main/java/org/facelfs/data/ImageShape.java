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
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(channels + "x" + height + "x" + width + " is more values than one Java array "
                    + "holds");
        }
    }

    /** Height x width. */
    public long pixels() {
        return (long) height * width;
    }

    /**
     * This shape, if its {@link #pixels()} are within {@code maxPixels}; else a {@link DataFormatException}
     * saying that {@code what} (e.g. "the model m.zip declares an input of") is over the limit.
     */
    public ImageShape requireAtMost(long maxPixels, String what) {
        if (pixels() > maxPixels) {
            throw new DataFormatException(what + " " + channels + "x" + height + "x" + width + " (" + pixels()
                    + " pixels), over the limit of " + maxPixels + " pixels (data.max-image-pixels)");
        }
        return this;
    }

    /** Floats per image. */
    public int length() {
        return channels * height * width;
    }
}
