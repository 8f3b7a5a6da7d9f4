package org.facelfs.data.recordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.ImageDecoder;
import org.facelfs.data.ImageShape;
import org.facelfs.data.InputProblems;
import org.facelfs.data.Preprocess;
import org.facelfs.data.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordIoTest {

    @TempDir
    Path tmp;

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private String rec() {
        return tmp.resolve("train.rec").toString();
    }

    private String idx() {
        return tmp.resolve("train.idx").toString();
    }

    @Test
    void recordFramingKnownAnswer() throws Exception {
        try (RecordIoWriter w = new RecordIoWriter(rec(), idx())) {
            w.write(0, new byte[] {1, 2, 3, 4, 5});
            w.write(7, new byte[] {9, 9, 9, 9});
        }
        // magic LE, length 5 (cflag 0), 5 bytes, 3 zero pad; then magic, length 4, 4 bytes.
        assertArrayEquals(hex("0a23d7ce 05000000 0102030405 000000 0a23d7ce 04000000 09090909"),
                Files.readAllBytes(Path.of(rec())));
        assertEquals("0\t0\n7\t16\n", Files.readString(Path.of(idx())));
        try (RecordIoFile f = new RecordIoFile(rec(), idx())) {
            assertEquals(List.of(0L, 7L), f.keys());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, f.read(0));
            assertArrayEquals(new byte[] {9, 9, 9, 9}, f.read(7));
        }
    }

    @Test
    void payloadContainingTheMagicIsSplitAndRejoined() throws Exception {
        byte[] payload = hex("01020304 0a23d7ce 0a23d7ce 0909");
        try (RecordIoWriter w = new RecordIoWriter(rec(), idx())) {
            w.write(3, payload);
        }
        // part 1: cflag 1 (0x20 in the top byte), 4 bytes; part 2: cflag 2, 0 bytes; part 3: cflag 3, 2 bytes + pad.
        assertArrayEquals(hex("0a23d7ce 04000020 01020304 0a23d7ce 00000040 0a23d7ce 02000060 0909 0000"),
                Files.readAllBytes(Path.of(rec())));
        try (RecordIoFile f = new RecordIoFile(rec(), idx())) {
            assertArrayEquals(payload, f.read(3));
        }
    }

    @Test
    void irHeaderKnownAnswer() {
        byte[] scalar = IrHeader.scalar(3f, 7).pack(new byte[] {(byte) 0xff});
        assertArrayEquals(hex("00000000 00004040 0700000000000000 0000000000000000 ff"), scalar);
        byte[] vector = IrHeader.vector(5f, 8f).pack(new byte[0]);
        assertArrayEquals(hex("02000000 00000000 0000000000000000 0000000000000000 0000a040 00000041"), vector);
        IrHeader.Unpacked u = IrHeader.unpack(vector, "t");
        assertArrayEquals(new float[] {5f, 8f}, u.header().labels());
        assertEquals(32, u.payloadOffset());
        assertEquals(3f, IrHeader.unpack(scalar, "t").header().firstLabel());
    }

    private List<List<byte[]>> threeIdentities() {
        List<List<byte[]>> ids = new ArrayList<>();
        ids.add(List.of(TestImages.png(20, 20, 1), TestImages.jpeg(20, 20, 2)));
        ids.add(List.of(TestImages.png(24, 20, 3)));
        ids.add(List.of(TestImages.png(20, 20, 4), TestImages.png(20, 20, 5), TestImages.jpeg(30, 30, 6)));
        return ids;
    }

    @Test
    void insightfacePackReadsBackWithIdentitiesAndImages() throws Exception {
        List<List<byte[]>> ids = threeIdentities();
        InsightfacePack.write(rec(), idx(), ids);
        Preprocess pre = Preprocess.resize(new ImageShape(3, 16, 16));
        try (RecordIoFaceDataset ds = RecordIoFaceDataset.open(rec(), pre)) {
            assertEquals(6, ds.size());
            assertEquals(3, ds.numClasses());
            assertArrayEquals(new int[] {0, 0, 1, 2, 2, 2}, java.util.stream.IntStream.range(0, 6).map(ds::label).toArray());
            int i = 0;
            for (List<byte[]> images : ids) {
                for (byte[] bytes : images) {
                    float[] expected = pre.toFloat(pre.toBytes(ImageDecoder.decode(bytes, "ref"), "ref"));
                    assertArrayEquals(expected, ds.image(i), "image " + i);
                    assertEquals(i + 1, ds.recordKey(i));
                    i++;
                }
            }
            long decodes = ImageDecoder.decodeCount();
            ds.image(3);
            assertEquals(decodes, ImageDecoder.decodeCount(), "second read comes from the cache");
        }
        // The header record says where identities live: 6 images -> identities at records 7..9.
        try (RecordIoFile f = new RecordIoFile(rec(), idx())) {
            assertArrayEquals(new float[] {7f, 10f}, IrHeader.unpack(f.read(0), "h").header().labels());
            assertArrayEquals(new float[] {3f, 4f}, IrHeader.unpack(f.read(8), "h").header().labels());
        }
    }

    @Test
    void packWithoutHeaderRecordTakesLabelsFromImageHeaders() throws Exception {
        try (RecordIoWriter w = new RecordIoWriter(rec(), idx())) {
            w.write(0, IrHeader.scalar(1, 0).pack(TestImages.png(8, 8, 1)));
            w.write(1, IrHeader.scalar(0, 1).pack(TestImages.png(8, 8, 2)));
            w.write(2, IrHeader.vector(1, 0.5f).pack(TestImages.png(8, 8, 3)));
        }
        try (RecordIoFaceDataset ds = RecordIoFaceDataset.open(rec(), idx(), Preprocess.resize(new ImageShape(1, 8, 8)))) {
            assertEquals(3, ds.size());
            assertEquals(2, ds.numClasses());
            assertArrayEquals(new int[] {1, 0, 1}, new int[] {ds.label(0), ds.label(1), ds.label(2)});
            assertEquals(64, ds.image(2).length);
        }
    }

    @Test
    void wrongIndexOffsetNamesFileAndRecord() throws Exception {
        InsightfacePack.write(rec(), idx(), threeIdentities());
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(idx())));
        String[] parts = lines.get(2).split("\t");
        lines.set(2, parts[0] + "\t" + (Long.parseLong(parts[1]) + 4));
        Files.write(Path.of(idx()), lines);
        try (RecordIoFaceDataset ds = RecordIoFaceDataset.open(rec(), Preprocess.resize(new ImageShape(1, 8, 8)))) {
            DataFormatException e = assertThrows(DataFormatException.class, () -> ds.image(1));
            assertTrue(e.getMessage().contains("train.rec record 2") && e.getMessage().contains("magic"), e.getMessage());
        }
    }

    @Test
    void offsetBeyondTheEndAndTruncatedRecordsAreClearErrors() throws Exception {
        InsightfacePack.write(rec(), idx(), threeIdentities());
        long size = Files.size(Path.of(rec()));
        Files.writeString(Path.of(idx()), Files.readString(Path.of(idx())) + "99\t" + (size + 100) + "\n");
        try (RecordIoFile f = new RecordIoFile(rec(), idx())) {
            DataFormatException beyond = assertThrows(DataFormatException.class, () -> f.read(99));
            assertTrue(beyond.getMessage().contains("record 99") && beyond.getMessage().contains("beyond the end"), beyond.getMessage());
        }
        // Cut the file inside the last image record (key 6): its length word promises more than is left.
        List<String> lines = Files.readAllLines(Path.of(idx()));
        long offset6 = Long.parseLong(lines.get(6).split("\t")[1]);
        byte[] all = Files.readAllBytes(Path.of(rec()));
        Files.write(Path.of(rec()), Arrays.copyOf(all, (int) offset6 + 40));
        try (RecordIoFile f = new RecordIoFile(rec(), idx())) {
            DataFormatException cut = assertThrows(DataFormatException.class, () -> f.read(6));
            assertTrue(cut.getMessage().contains("record 6") && cut.getMessage().contains("truncated"), cut.getMessage());
        }
        // Opening the dataset needs the identity records, which are now gone: error, not a silent partial pack.
        assertThrows(DataFormatException.class, () -> RecordIoFaceDataset.open(rec(), Preprocess.resize(new ImageShape(1, 8, 8))));
    }

    @Test
    void badIndexLineAndMissingIndexNameTheFile() throws Exception {
        InsightfacePack.write(rec(), idx(), threeIdentities());
        Files.writeString(Path.of(idx()), "0\t0\n1 oops\n");
        DataFormatException bad = assertThrows(DataFormatException.class, () -> new RecordIoFile(rec(), idx()));
        assertTrue(bad.getMessage().contains("train.idx line 2") && bad.getMessage().contains("1 oops"), bad.getMessage());
        Files.delete(Path.of(idx()));
        DataFormatException missing = assertThrows(DataFormatException.class, () -> new RecordIoFile(rec(), idx()));
        assertTrue(missing.getMessage().contains("train.idx") && missing.getMessage().contains("does not exist"));
    }

    @Test
    void corruptImageInsideARecordIsCountedAndServedGrey() throws Exception {
        byte[] jpeg = TestImages.jpeg(32, 32, 9);
        InsightfacePack.write(rec(), idx(), List.of(List.of(TestImages.png(8, 8, 1), Arrays.copyOf(jpeg, jpeg.length / 2))));
        try (RecordIoFaceDataset ds = RecordIoFaceDataset.open(rec(), Preprocess.resize(new ImageShape(1, 4, 4)))) {
            float[] grey = ds.image(1);
            for (float v : grey) {
                assertEquals(0.5f / 128, v);
            }
            assertEquals(1, ds.problems().count(InputProblems.Kind.CORRUPT_IMAGE));
            assertTrue(ds.problems().messages().get(0).contains("train.rec record 2"), ds.problems().summary());
        }
    }
}
