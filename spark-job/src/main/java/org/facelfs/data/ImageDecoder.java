package org.facelfs.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG (javax.imageio) and PGM/PPM (TwelveMonkeys imageio-pnm) bytes into a
 * {@link RawImage}. A decoder warning (e.g. "premature end of JPEG file") counts as corrupt:
 * ImageIO would otherwise return a half-grey image without complaint. Every successful or failed
 * attempt is counted in {@link #decodeCount()} so tests can prove that caches avoid decoding.
 */
public final class ImageDecoder {

    private static final AtomicLong DECODES = new AtomicLong();

    static {
        // Executors may run with a context class loader that ImageIO has not scanned yet.
        ImageIO.scanForPlugins();
    }

    private ImageDecoder() {
    }

    /** File name endings the readers accept as images. */
    public static boolean hasImageExtension(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".pgm")
                || n.endsWith(".ppm") || n.endsWith(".pnm");
    }

    /** Number of decode attempts in this JVM so far. */
    public static long decodeCount() {
        return DECODES.get();
    }

    /** {@link #decode(byte[], String, long)} with {@link Preprocess#DEFAULT_MAX_SOURCE_PIXELS}. */
    public static RawImage decode(byte[] bytes, String source) throws BadImageException {
        return decode(bytes, source, Preprocess.DEFAULT_MAX_SOURCE_PIXELS);
    }

    /**
     * Decodes {@code bytes}; {@code source} names the file (and record) in error messages. The
     * header's width and height are read first: an image of more than {@code maxPixels} pixels is
     * refused before any pixel is decoded (a 1 MB PNG can declare 30000x30000 pixels, 3.6 GB once
     * decoded).
     *
     * @throws BadImageException ZERO_BYTE_FILE, NOT_AN_IMAGE (no decoder recognises the bytes),
     *                           TOO_LARGE_IMAGE (the header declares more than {@code maxPixels})
     *                           or CORRUPT_IMAGE (a decoder recognised them but failed or warned)
     */
    public static RawImage decode(byte[] bytes, String source, long maxPixels) throws BadImageException {
        DECODES.incrementAndGet();
        if (bytes.length == 0) {
            throw new BadImageException(InputProblems.Kind.ZERO_BYTE_FILE, source + ": empty file (0 bytes); skipped");
        }
        BufferedImage image;
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException(InputProblems.Kind.NOT_AN_IMAGE,
                        source + ": not a JPEG, PNG or PGM/PPM image (no decoder recognises its first bytes); skipped");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                refuseIfTooLarge(reader, source, maxPixels);
                reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                    @Override
                    public void warningOccurred(ImageReader r, String warning) {
                        warnings.add(warning);
                    }
                });
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(InputProblems.Kind.CORRUPT_IMAGE,
                    source + ": corrupt image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); skipped");
        }
        if (!warnings.isEmpty()) {
            throw new BadImageException(InputProblems.Kind.CORRUPT_IMAGE,
                    source + ": corrupt image (decoder warning: " + warnings.get(0) + "); skipped");
        }
        if (image == null) {
            throw new BadImageException(InputProblems.Kind.CORRUPT_IMAGE, source + ": decoder returned no image; skipped");
        }
        return toRaw(image);
    }

    /** Reads only the header (ImageIO readers give the size without decoding). */
    private static void refuseIfTooLarge(ImageReader reader, String source, long maxPixels)
            throws IOException, BadImageException {
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        long pixels = (long) w * h;
        if (pixels > maxPixels) {
            throw new BadImageException(InputProblems.Kind.TOO_LARGE_IMAGE, source + ": " + w + "x" + h + " image ("
                    + pixels + " pixels) is over the limit of " + maxPixels + " pixels (data.max-image-pixels); "
                    + "not decoded; skipped");
        }
    }

    /** Planar [0, 255] samples of a decoded image; grey stays grey, everything else becomes RGB. */
    static RawImage toRaw(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean rgbSpace = cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_RGB;
        boolean greySpace = cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (!(cm instanceof IndexColorModel) && (greySpace && bands <= 2 || rgbSpace && bands >= 3)) {
            int channels = greySpace ? 1 : 3;
            int[] px = raster.getPixels(0, 0, w, h, (int[]) null);
            float[] out = new float[channels * plane];
            for (int c = 0; c < channels; c++) {
                int max = (1 << raster.getSampleModel().getSampleSize(c)) - 1;
                float scale = 255f / max;
                for (int i = 0; i < plane; i++) {
                    out[c * plane + i] = px[i * bands + c] * scale;
                }
            }
            return new RawImage(channels, h, w, out);
        }
        // Palette, CMYK and other colour models: let Java convert to sRGB.
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            out[i] = (argb[i] >> 16) & 0xff;
            out[plane + i] = (argb[i] >> 8) & 0xff;
            out[2 * plane + i] = argb[i] & 0xff;
        }
        return new RawImage(3, h, w, out);
    }
}
