package org.facelfs.data;

import java.io.Serializable;

/**
 * How a decoded image becomes a training tensor: optional crop box, resize to the output shape
 * (area averaging when shrinking, bilinear when enlarging), grey (ITU-R 601 luma) or RGB, then
 * either the face-recognition normalisation {@code (x - 127.5) / 128} (into [-0.996, 0.996]) or
 * {@code x / 255}. Images are kept as 8-bit CHW after resizing ({@link #toBytes}) so that a decoded
 * dataset costs one byte per value in memory; {@link #toFloat} applies the normalisation.
 *
 * @param cropX      left edge of the crop box in source pixels
 * @param cropY      top edge of the crop box
 * @param cropWidth  crop width; 0 means no crop (the whole image)
 * @param cropHeight crop height; 0 means no crop
 * @param output     output channels (1 grey, 3 RGB), height and width
 * @param normalise  true for (x - 127.5) / 128, false for x / 255
 * @param maxSourcePixels the largest source image (width x height) that is decoded; larger ones are
 *                   refused from their header ({@code data.max-image-pixels})
 */
public record Preprocess(int cropX, int cropY, int cropWidth, int cropHeight, ImageShape output, boolean normalise,
                         long maxSourcePixels) implements Serializable {

    /** 4096 x 4096: far above any face crop, far below what a 2 GB heap cannot decode. */
    public static final long DEFAULT_MAX_SOURCE_PIXELS = 4096L * 4096L;

    public Preprocess {
        if (output == null) {
            throw new IllegalArgumentException("output shape is required");
        }
        if (maxSourcePixels < 1) {
            throw new IllegalArgumentException("maxSourcePixels must be >= 1, got " + maxSourcePixels);
        }
        if (cropX < 0 || cropY < 0 || cropWidth < 0 || cropHeight < 0 || (cropWidth == 0) != (cropHeight == 0)) {
            throw new IllegalArgumentException("crop box must have x, y >= 0 and width, height both > 0 (or both 0 for none), got "
                    + cropWidth + "x" + cropHeight + "@" + cropX + "," + cropY);
        }
    }

    /** Resize the whole image to {@code output}, normalised. */
    public static Preprocess resize(ImageShape output) {
        return new Preprocess(0, 0, 0, 0, output, true, DEFAULT_MAX_SOURCE_PIXELS);
    }

    /** LFW deep-funneled (250x250): centre crop 150x150 at offset 50, then resize to {@code output}. */
    public static Preprocess lfw(ImageShape output) {
        return resize(output).withCrop(50, 50, 150, 150);
    }

    public Preprocess withCrop(int x, int y, int width, int height) {
        return new Preprocess(x, y, width, height, output, normalise, maxSourcePixels);
    }

    /** A centred square crop of {@code size} pixels from a {@code sourceSize} square image. */
    public Preprocess withCentreCrop(int sourceSize, int size) {
        int off = (sourceSize - size) / 2;
        return withCrop(off, off, size, size);
    }

    public Preprocess withOutput(ImageShape shape) {
        return new Preprocess(cropX, cropY, cropWidth, cropHeight, shape, normalise, maxSourcePixels);
    }

    public Preprocess withNormalise(boolean on) {
        return new Preprocess(cropX, cropY, cropWidth, cropHeight, output, on, maxSourcePixels);
    }

    /** The same with another limit on source images (width x height). */
    public Preprocess withMaxSourcePixels(long pixels) {
        return new Preprocess(cropX, cropY, cropWidth, cropHeight, output, normalise, pixels);
    }

    public boolean hasCrop() {
        return cropWidth > 0;
    }

    /**
     * A short stable key for caches and fingerprints, e.g. {@code crop150x150@50,50-3x112x112-n}; a
     * pixel limit other than the default is part of it (it decides which images a set holds).
     */
    public String key() {
        String crop = hasCrop() ? "crop" + cropWidth + "x" + cropHeight + "@" + cropX + "," + cropY : "full";
        return crop + "-" + output.channels() + "x" + output.height() + "x" + output.width() + (normalise ? "-n" : "-u")
                + (maxSourcePixels == DEFAULT_MAX_SOURCE_PIXELS ? "" : "-max" + maxSourcePixels);
    }

    /**
     * Decodes {@code bytes} (refusing images over {@link #maxSourcePixels()} from their header) and
     * {@link #toBytes}s them; {@code source} names the file in messages.
     */
    public byte[] decode(byte[] bytes, String source) throws BadImageException {
        return toBytes(ImageDecoder.decode(bytes, source, maxSourcePixels), source);
    }

    /**
     * Crop, resize and colour-convert to 8-bit CHW of {@link #output()}.
     *
     * @throws BadImageException CORRUPT_IMAGE when the crop box does not fit the image
     */
    public byte[] toBytes(RawImage raw, String source) throws BadImageException {
        int h = raw.height();
        int w = raw.width();
        float[] px = raw.samples();
        if (hasCrop()) {
            if (cropX + cropWidth > w || cropY + cropHeight > h) {
                throw new BadImageException(InputProblems.Kind.CORRUPT_IMAGE, source + ": crop box " + cropWidth + "x"
                        + cropHeight + "@" + cropX + "," + cropY + " does not fit the " + w + "x" + h + " image; skipped");
            }
            px = crop(px, raw.channels(), h, w);
            h = cropHeight;
            w = cropWidth;
        }
        int outC = output.channels();
        float[] colour = convertChannels(px, raw.channels(), outC, h * w);
        float[] sized = Resampler.resize(colour, outC, h, w, output.height(), output.width());
        byte[] out = new byte[sized.length];
        for (int i = 0; i < sized.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(sized[i])));
        }
        return out;
    }

    /** Normalised floats of an 8-bit CHW image, written into {@code dst} from {@code offset}. */
    public void toFloat(byte[] image, float[] dst, int offset) {
        if (normalise) {
            for (int i = 0; i < image.length; i++) {
                dst[offset + i] = ((image[i] & 0xff) - 127.5f) / 128f;
            }
        } else {
            for (int i = 0; i < image.length; i++) {
                dst[offset + i] = (image[i] & 0xff) / 255f;
            }
        }
    }

    public float[] toFloat(byte[] image) {
        float[] out = new float[image.length];
        toFloat(image, out, 0);
        return out;
    }

    private float[] crop(float[] px, int channels, int h, int w) {
        float[] out = new float[channels * cropHeight * cropWidth];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < cropHeight; y++) {
                System.arraycopy(px, c * h * w + (cropY + y) * w + cropX, out, (c * cropHeight + y) * cropWidth, cropWidth);
            }
        }
        return out;
    }

    private static float[] convertChannels(float[] px, int inC, int outC, int plane) {
        if (inC == outC) {
            return px;
        }
        float[] out = new float[outC * plane];
        if (outC == 1) {
            for (int i = 0; i < plane; i++) {
                out[i] = 0.299f * px[i] + 0.587f * px[plane + i] + 0.114f * px[2 * plane + i];
            }
        } else {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(px, 0, out, c * plane, plane);
            }
        }
        return out;
    }
}
