package org.facelfs.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small images written by tests (no fixtures checked in). */
public final class TestImages {

    private TestImages() {
    }

    /** A smooth random RGB image, so JPEG keeps it recognisable. */
    public static BufferedImage pattern(int width, int height, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double a = r.nextDouble() * 6, b = r.nextDouble() * 6, c = r.nextDouble() * 6;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = (int) (127 + 120 * Math.sin(a + x * 0.1));
                int green = (int) (127 + 120 * Math.sin(b + y * 0.13));
                int blue = (int) (127 + 120 * Math.sin(c + (x + y) * 0.07));
                img.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] jpeg(int width, int height, long seed) {
        return encode(pattern(width, height, seed), "jpg");
    }

    public static byte[] png(int width, int height, long seed) {
        return encode(pattern(width, height, seed), "png");
    }
}
