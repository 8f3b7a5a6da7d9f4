package org.facelfs.data.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.DecodeCache;
import org.facelfs.data.ImageDecoder;
import org.facelfs.data.ImageShape;
import org.facelfs.data.InputProblems.Kind;
import org.facelfs.data.LabelMap;
import org.facelfs.data.Preprocess;
import org.facelfs.data.SharedData;
import org.facelfs.data.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

    @TempDir
    Path tmp;

    private static void assertInRange(float[] img) {
        for (float v : img) {
            assertTrue(v >= -1f && v <= 1f, "value " + v + " outside [-1, 1]");
        }
    }

    @Test
    void attFacesHave40GreyIdentitiesOf92x112() {
        Path att = SharedData.require("att_faces");
        ImageFolderDataset ds = ImageFolderDataset.open(att.toString(),
                ImageFolderOptions.of(Preprocess.resize(new ImageShape(1, 112, 92))));
        assertEquals(40, ds.numClasses());
        assertEquals(400, ds.size());
        assertEquals(new ImageShape(1, 112, 92), ds.shape());
        assertEquals(0, ds.problems().total(), ds.problems().summary());
        // Sorted folder names: s1, s10, s11, ... ; each has 10 images.
        assertEquals("s1", ds.classNames().get(0));
        assertEquals("s10", ds.classNames().get(1));
        for (int c = 0; c < 40; c++) {
            final int label = c;
            assertEquals(10, java.util.stream.IntStream.range(0, ds.size()).filter(i -> ds.label(i) == label).count());
        }
        assertInRange(ds.image(123));
    }

    @Test
    void glintAlignedHas24RgbIdentitiesOf112() {
        Path glint = SharedData.require("glint-aligned-112");
        ImageFolderDataset ds = ImageFolderDataset.open("file:" + glint,
                ImageFolderOptions.of(Preprocess.resize(new ImageShape(3, 112, 112))));
        assertEquals(24, ds.numClasses());
        assertEquals(240, ds.size());
        assertEquals(3 * 112 * 112, ds.image(0).length);
        assertInRange(ds.image(239));
    }

    @Test
    void lfwCropResizeHasTheOutputSizeAndRange() {
        Path lfw = SharedData.require("lfw/images");
        ImageFolderDataset ds = ImageFolderDataset.open(lfw.toString(),
                ImageFolderOptions.of(Preprocess.lfw(new ImageShape(3, 112, 112))).withInclude(List.of("Aaron_Eckhart", "Zico")));
        assertEquals(List.of("Aaron_Eckhart", "Zico"), ds.classNames());
        float[] img = ds.image(0);
        assertEquals(3 * 112 * 112, img.length);
        assertInRange(img);
        float min = 1, max = -1;
        for (float v : img) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(max - min > 0.5f, "a real face spans a wide range, got " + min + ".." + max);
    }

    /** root/a: 2 good images; b: 1 good; c: empty; d: corrupt + zero-byte + text + fake jpg. */
    private Path badTree() throws Exception {
        Path root = tmp.resolve("faces");
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.createDirectories(root.resolve("c"));
        Files.createDirectories(root.resolve("d"));
        Files.write(root.resolve("a/1.jpg"), TestImages.jpeg(40, 40, 1));
        Files.write(root.resolve("a/2.png"), TestImages.png(40, 40, 2));
        Files.write(root.resolve("b/1.png"), TestImages.png(40, 40, 3));
        byte[] jpeg = TestImages.jpeg(40, 40, 4);
        Files.write(root.resolve("d/corrupt.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.write(root.resolve("d/empty.jpg"), new byte[0]);
        Files.writeString(root.resolve("d/notes.txt"), "not an image");
        Files.writeString(root.resolve("d/fake.jpg"), "not an image either");
        Files.writeString(root.resolve("README"), "root-level files are ignored");
        return root;
    }

    @Test
    void badInputsAreSkippedCountedAndNamed() throws Exception {
        Path root = badTree();
        ImageFolderDataset ds = ImageFolderDataset.open(root.toString(),
                ImageFolderOptions.of(Preprocess.resize(new ImageShape(3, 16, 16))).withThreads(2));
        assertEquals(List.of("a", "b"), ds.classNames());
        assertEquals(3, ds.size());
        var p = ds.problems();
        assertEquals(1, p.count(Kind.CORRUPT_IMAGE), p.summary());
        assertEquals(1, p.count(Kind.ZERO_BYTE_FILE), p.summary());
        assertEquals(2, p.count(Kind.NOT_AN_IMAGE), p.summary());   // notes.txt by name, fake.jpg by content
        assertEquals(2, p.count(Kind.EMPTY_IDENTITY), p.summary()); // c (no files), d (nothing decodes)
        String all = String.join("\n", p.messages());
        for (String name : List.of("corrupt.jpg", "empty.jpg", "notes.txt", "fake.jpg", "faces/c", "faces/d")) {
            assertTrue(all.contains(name), name + " not named in:\n" + all);
        }
        assertTrue(p.summary().contains("CORRUPT_IMAGE: 1"), p.summary());
    }

    @Test
    void identityWithOneImageIsKeptOrSkippedByTheMinimum() throws Exception {
        Path root = badTree();
        ImageFolderDataset two = ImageFolderDataset.open(root.toString(),
                ImageFolderOptions.of(Preprocess.resize(new ImageShape(1, 8, 8))).withMinImagesPerIdentity(2));
        assertEquals(List.of("a"), two.classNames());
        assertEquals(1, two.problems().count(Kind.TOO_FEW_IMAGES));
        assertTrue(two.problems().messages().stream().anyMatch(m -> m.contains("faces/b") && m.contains("fewer than the minimum 2")));
    }

    @Test
    void includeExcludeAndLabelMapRoundTrip() throws Exception {
        Path root = badTree();
        ImageFolderOptions base = ImageFolderOptions.of(Preprocess.resize(new ImageShape(1, 8, 8)));
        assertEquals(List.of("b"), ImageFolderDataset.open(root.toString(), base.withExclude(Set.of("a"))).classNames());
        ImageFolderDataset onlyA = ImageFolderDataset.open(root.toString(), base.withInclude(Set.of("a")));
        assertEquals(List.of("a"), onlyA.classNames());
        assertArrayEquals(new int[] {0, 0}, new int[] {onlyA.label(0), onlyA.label(1)});
        String map = tmp.resolve("run/labels.tsv").toString();
        ImageFolderDataset all = ImageFolderDataset.open(root.toString(), base);
        all.writeLabelMap(map);
        assertEquals("0\ta\n1\tb\n", Files.readString(Path.of(map)));
        assertEquals(all.classNames(), LabelMap.read(map));
    }

    @Test
    void secondOpenInTheSameJvmDoesNotDecode() throws Exception {
        Path root = badTree();
        ImageFolderOptions opts = ImageFolderOptions.of(Preprocess.resize(new ImageShape(3, 12, 12)));
        long before = ImageDecoder.decodeCount();
        ImageFolderDataset first = ImageFolderDataset.open(root.toString(), opts);
        long afterFirst = ImageDecoder.decodeCount();
        assertEquals(5, afterFirst - before); // 3 good + corrupt + fake (zero-byte and .txt never reach the decoder)
        ImageFolderDataset second = ImageFolderDataset.open(root.toString(), opts);
        assertEquals(afterFirst, ImageDecoder.decodeCount());
        assertEquals(first.fingerprint(), second.fingerprint());
        assertEquals(first.problems().counts(), second.problems().counts());
        assertArrayEquals(first.image(2), second.image(2));
        // Other options are another cache entry.
        ImageFolderDataset grey = ImageFolderDataset.open(root.toString(), opts.withPreprocess(Preprocess.resize(new ImageShape(1, 12, 12))));
        assertEquals(afterFirst + 5, ImageDecoder.decodeCount());
        assertTrue(!grey.fingerprint().equals(first.fingerprint()));
    }

    @Test
    void spilledEntriesAreReadBackWithoutDecoding() throws Exception {
        Path root = badTree();
        DecodeCache cache = DecodeCache.shared();
        cache.setSpillDirectory(tmp.resolve("spill"));
        try {
            ImageFolderOptions opts = ImageFolderOptions.of(Preprocess.resize(new ImageShape(3, 10, 10)));
            ImageFolderDataset first = ImageFolderDataset.open(root.toString(), opts);
            cache.clear();
            long before = ImageDecoder.decodeCount();
            ImageFolderDataset again = ImageFolderDataset.open(root.toString(), opts);
            assertEquals(before, ImageDecoder.decodeCount());
            assertArrayEquals(first.image(1), again.image(1));
        } finally {
            cache.setSpillDirectory(null);
        }
    }

    @Test
    void missingOrUnusableRootIsAnErrorNamingIt() throws Exception {
        ImageFolderOptions opts = ImageFolderOptions.of(Preprocess.resize(new ImageShape(1, 8, 8)));
        DataFormatException missing = assertThrows(DataFormatException.class,
                () -> ImageFolderDataset.open(tmp.resolve("nope").toString(), opts));
        assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("does not exist"));
        Files.createDirectories(tmp.resolve("empty/x"));
        DataFormatException empty = assertThrows(DataFormatException.class,
                () -> ImageFolderDataset.open(tmp.resolve("empty").toString(), opts));
        assertTrue(empty.getMessage().contains("no usable image"), empty.getMessage());
    }
}
