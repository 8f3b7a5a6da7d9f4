package org.facelfs.data.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.ImageDecoder;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.TestImages;
import org.facelfs.data.pairs.PickleAssembler.Flavour;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsightfaceBinTest {

    /** CPython 3: pickle.dumps(([b'abc', b'\x00\xff\x80'], [True, False]), protocol=3 / 4 / 2). */
    private static final String CPYTHON_P3 = "80035d71002843036162637101430300ff807102655d7103288889658671042e";
    private static final String CPYTHON_P4 = "80049519000000000000005d9428430361626394430300ff8094655d942888896586942e";
    private static final String CPYTHON3_P2 = "80025d710028635f636f646563730a656e636f64650a71015803000000616263710258060000006c6174696e31710386"
            + "71045271056801580500000000c3bfc28071066803867107527108655d71092888896586710a2e";
    /** What Python 2's pickle.dumps(..., 2) writes for the same data with str images (validated with pickle.loads). */
    private static final String PY2_P2 = "80025d7100285503616263710155030" + "0ff807102655d7103288889658671042e";

    private static final List<byte[]> SMALL = List.of("abc".getBytes(), new byte[] {0, (byte) 0xff, (byte) 0x80});

    @TempDir
    Path tmp;

    @Test
    void assemblerMatchesCPythonByteForByte() {
        HexFormat hex = HexFormat.of();
        assertEquals(CPYTHON_P3, hex.formatHex(PickleAssembler.binFile(Flavour.PY3_PROTOCOL3, SMALL, List.of(true, false))));
        assertEquals(CPYTHON_P4, hex.formatHex(PickleAssembler.binFile(Flavour.PY3_PROTOCOL4, SMALL, List.of(true, false))));
        assertEquals(PY2_P2, hex.formatHex(PickleAssembler.binFile(Flavour.PY2_PROTOCOL2, SMALL, List.of(true, false))));
    }

    @Test
    void safeUnpicklerReadsPlainContainersOfEveryFlavour() throws Exception {
        for (String h : List.of(CPYTHON_P3, CPYTHON_P4, PY2_P2)) {
            Object o = new SafeUnpickler("t.bin").loads(HexFormat.of().parseHex(h));
            Object[] top = (Object[]) o;
            List<?> images = (List<?>) top[0];
            byte[] second = images.get(1) instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : (byte[]) images.get(1);
            assertArrayEquals(new byte[] {0, (byte) 0xff, (byte) 0x80}, second, h);
            assertEquals(List.of(true, false), top[1]);
        }
    }

    private Path writeBin(String name, byte[] bytes) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void binOfEachFlavourGivesPairsFoldsAndDistinctImages() throws Exception {
        byte[] a = TestImages.png(30, 30, 1);
        byte[] b = TestImages.jpeg(300, 300, 2);   // > 255 bytes: BINSTRING / BINBYTES with 4-byte length
        byte[] c = TestImages.png(30, 30, 3);
        // 12 pairs over 3 distinct images: (a,b) same, (a,c) different, (b,b) same, ...
        byte[][] seq = {a, b, a, c, b, b, c, a, a, b, c, c, a, c, b, a, c, b, a, a, b, c, c, a};
        List<Boolean> issame = List.of(true, false, true, false, true, false, true, false, true, false, true, false);
        Preprocess pre = Preprocess.resize(new ImageShape(3, 16, 16));
        float[] ra = pre.toFloat(pre.toBytes(ImageDecoder.decode(a, "a"), "a"));
        float[] rc = pre.toFloat(pre.toBytes(ImageDecoder.decode(c, "c"), "c"));
        for (Flavour f : Flavour.values()) {
            Path p = writeBin("lfw-" + f + ".bin", PickleAssembler.binFile(f, Arrays.asList(seq), issame));
            PairVerificationSet v = InsightfaceBin.read(p.toString(), pre, 2);
            assertEquals(3, v.numImages(), f.toString());
            assertEquals(12, v.numPairs());
            assertEquals(10, v.numFolds());
            assertEquals(0, v.fold(0));
            assertEquals(9, v.fold(11));
            assertArrayEquals(ra, v.image(v.left(0)));
            assertArrayEquals(rc, v.image(v.right(1)));
            assertEquals(v.left(2), v.right(2)); // (b, b)
            for (int k = 0; k < 12; k++) {
                assertEquals(issame.get(k), v.same(k));
            }
            assertEquals("lfw-" + f, v.name());
        }
    }

    @Test
    void classReferencesAreRefusedNeverExecuted() throws Exception {
        Path codecs = writeBin("py3p2.bin", HexFormat.of().parseHex(CPYTHON3_P2));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> InsightfaceBin.read(codecs.toString(), Preprocess.resize(new ImageShape(1, 8, 8)), 1));
        assertTrue(e.getMessage().contains("py3p2.bin") && e.getMessage().contains("GLOBAL _codecs.encode")
                && e.getMessage().contains("refused"), e.getMessage());
        // cos system ("echo hi",) R  -- the classic payload; must stop at GLOBAL.
        byte[] evil = "cos\nsystem\n(S'echo hi'\ntR.".getBytes();
        Path os = writeBin("evil.bin", evil);
        DataFormatException e2 = assertThrows(DataFormatException.class,
                () -> InsightfaceBin.read(os.toString(), Preprocess.resize(new ImageShape(1, 8, 8)), 1));
        assertTrue(e2.getMessage().contains("GLOBAL os.system"), e2.getMessage());
        // REDUCE and BUILD on their own are refused as well.
        assertThrows(net.razorvine.pickle.PickleException.class, () -> new SafeUnpickler("x").loads(new byte[] {(byte) 0x80, 2, ')', ')', 'R', '.'}));
        assertThrows(net.razorvine.pickle.PickleException.class, () -> new SafeUnpickler("x").loads(new byte[] {(byte) 0x80, 2, ')', '}', 'b', '.'}));
    }

    @Test
    void truncatedAndMisshapenPicklesNameTheFile() throws Exception {
        byte[] good = PickleAssembler.binFile(Flavour.PY3_PROTOCOL3, List.of(TestImages.png(8, 8, 1), TestImages.png(8, 8, 2)), List.of(true));
        Preprocess pre = Preprocess.resize(new ImageShape(1, 8, 8));
        Path cut = writeBin("cut.bin", Arrays.copyOf(good, good.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> InsightfaceBin.read(cut.toString(), pre, 1));
        assertTrue(e.getMessage().contains("cut.bin") && e.getMessage().contains("truncated or malformed"), e.getMessage());

        Path odd = writeBin("odd.bin", PickleAssembler.binFile(Flavour.PY3_PROTOCOL3,
                List.of(TestImages.png(8, 8, 1), TestImages.png(8, 8, 2), TestImages.png(8, 8, 3)), List.of(true)));
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> InsightfaceBin.read(odd.toString(), pre, 1));
        assertTrue(e2.getMessage().contains("odd.bin: 3 images for 1 issame labels"), e2.getMessage());

        Path dict = writeBin("dict.bin", new byte[] {(byte) 0x80, 3, '}', '.'});
        DataFormatException e3 = assertThrows(DataFormatException.class, () -> InsightfaceBin.read(dict.toString(), pre, 1));
        assertTrue(e3.getMessage().contains("dict.bin: expected a pickle of (list of images, list of bool issame)"), e3.getMessage());

        Path notImage = writeBin("junk.bin", PickleAssembler.binFile(Flavour.PY3_PROTOCOL3,
                List.of(TestImages.png(8, 8, 1), "junk".getBytes()), List.of(false)));
        DataFormatException e4 = assertThrows(DataFormatException.class, () -> InsightfaceBin.read(notImage.toString(), pre, 1));
        assertTrue(e4.getMessage().contains("junk.bin distinct image 1") && e4.getMessage().contains("cannot be skipped"), e4.getMessage());
    }
}
