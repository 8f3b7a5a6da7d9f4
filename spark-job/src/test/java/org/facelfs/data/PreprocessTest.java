package org.facelfs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PreprocessTest {

    private static RawImage grey(int h, int w, float... v) {
        return new RawImage(1, h, w, v);
    }

    @Test
    void normalisationMapsByteRangeToPlusMinusOne() {
        Preprocess p = Preprocess.resize(new ImageShape(1, 1, 3));
        float[] f = p.toFloat(new byte[] {0, (byte) 128, (byte) 255});
        assertArrayEquals(new float[] {-127.5f / 128, 0.5f / 128, 127.5f / 128}, f, 0f);
        float[] u = p.withNormalise(false).toFloat(new byte[] {0, (byte) 255, (byte) 51});
        assertArrayEquals(new float[] {0f, 1f, 0.2f}, u, 1e-7f);
    }

    @Test
    void areaAverageDownscaleIsTheBlockMean() throws Exception {
        // 4x4 -> 2x2: each output is the mean of a 2x2 block.
        RawImage raw = grey(4, 4,
                0, 10, 20, 30,
                40, 50, 60, 70,
                80, 90, 100, 110,
                120, 130, 140, 150);
        byte[] out = Preprocess.resize(new ImageShape(1, 2, 2)).toBytes(raw, "t");
        assertArrayEquals(new byte[] {25, 45, 105, (byte) 125}, out);
    }

    @Test
    void nonIntegerDownscaleWeighsByOverlap() throws Exception {
        // 3 -> 2 horizontally: out0 = (a + b/2) / 1.5, out1 = (b/2 + c) / 1.5.
        RawImage raw = grey(1, 3, 30, 60, 90);
        byte[] out = Preprocess.resize(new ImageShape(1, 1, 2)).toBytes(raw, "t");
        assertArrayEquals(new byte[] {40, 80}, out);
    }

    @Test
    void upscaleIsBilinearAndConstantStaysConstant() throws Exception {
        byte[] same = Preprocess.resize(new ImageShape(1, 5, 7)).toBytes(grey(2, 2, 77, 77, 77, 77), "t");
        for (byte b : same) {
            assertEquals(77, b & 0xff);
        }
        // 1x2 -> 1x4: positions -0.25, 0.25, 0.75, 1.25 clamped -> 0, 0.25, 0.75, 1
        byte[] ramp = Preprocess.resize(new ImageShape(1, 1, 4)).toBytes(grey(1, 2, 0, 100), "t");
        assertArrayEquals(new byte[] {0, 25, 75, 100}, ramp);
    }

    @Test
    void cropTakesTheBoxAndGreyUsesLuma() throws Exception {
        float[] px = new float[3 * 3 * 3];
        // R plane = 100 everywhere, G = 200 at the centre only, B = 0.
        java.util.Arrays.fill(px, 0, 9, 100f);
        px[9 + 4] = 200f;
        RawImage rgb = new RawImage(3, 3, 3, px);
        byte[] centre = Preprocess.resize(new ImageShape(1, 1, 1)).withCrop(1, 1, 1, 1).toBytes(rgb, "t");
        assertEquals(Math.round(0.299f * 100 + 0.587f * 200), centre[0] & 0xff);
        byte[] rgbOut = Preprocess.resize(new ImageShape(3, 1, 1)).withCrop(1, 1, 1, 1).toBytes(rgb, "t");
        assertArrayEquals(new byte[] {100, (byte) 200, 0}, rgbOut);
    }

    @Test
    void cropOutsideTheImageIsACorruptSkipNamingTheFile() {
        BadImageException e = assertThrows(BadImageException.class,
                () -> Preprocess.lfw(new ImageShape(3, 112, 112)).toBytes(grey(100, 100, new float[10000]), "x/y.jpg"));
        assertEquals(InputProblems.Kind.CORRUPT_IMAGE, e.kind());
        assertTrue(e.getMessage().contains("x/y.jpg") && e.getMessage().contains("150x150@50,50"), e.getMessage());
    }

    @Test
    void decodedPngKeepsExactPixels() throws Exception {
        BufferedImage img = TestImages.pattern(5, 4, 3);
        RawImage raw = ImageDecoder.decode(TestImages.png(5, 4, 3), "p.png");
        assertEquals(3, raw.channels());
        int rgb = img.getRGB(2, 1);
        int plane = 20;
        assertEquals((rgb >> 16) & 0xff, raw.samples()[1 * 5 + 2]);
        assertEquals((rgb >> 8) & 0xff, raw.samples()[plane + 1 * 5 + 2]);
        assertEquals(rgb & 0xff, raw.samples()[2 * plane + 1 * 5 + 2]);
    }

    @Test
    void badBytesAreClassified() {
        assertEquals(InputProblems.Kind.ZERO_BYTE_FILE,
                assertThrows(BadImageException.class, () -> ImageDecoder.decode(new byte[0], "z.jpg")).kind());
        assertEquals(InputProblems.Kind.NOT_AN_IMAGE,
                assertThrows(BadImageException.class, () -> ImageDecoder.decode("hello".getBytes(), "t.jpg")).kind());
        byte[] jpeg = TestImages.jpeg(64, 64, 1);
        byte[] half = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decode(half, "half.jpg"));
        assertEquals(InputProblems.Kind.CORRUPT_IMAGE, e.kind());
        assertTrue(e.getMessage().startsWith("half.jpg: corrupt image"), e.getMessage());
    }
}
