package org.facelfs.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.facelfs.data.folder.ImageFolderDataset;
import org.facelfs.data.folder.ImageFolderOptions;
import org.facelfs.data.pairs.CsvPairs;
import org.facelfs.data.pairs.PairVerificationSet;
import org.facelfs.data.recordio.InsightfacePack;
import org.facelfs.data.recordio.RecordIoFaceDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pixel limit ({@code data.max-image-pixels}) in every reader: an image whose header declares
 * more pixels is refused before decoding, counted as TOO_LARGE_IMAGE where training data may skip,
 * an error naming the file where a pairs set may not. Here the "bomb" is a 40x40 image against a
 * limit of 1000 pixels; the real 30000x30000 PNG goes through the command line in search-driver
 * ({@code reliability.DecompressionBombTest}).
 */
class OversizedImageTest {

    private static final long LIMIT = 1000;
    private static final Preprocess PRE = Preprocess.resize(new ImageShape(1, 8, 8)).withMaxSourcePixels(LIMIT);

    @TempDir
    Path tmp;

    @Test
    void theDecoderRefusesFromTheHeaderNamingSizeAndLimit() {
        byte[] big = TestImages.png(40, 40, 1);
        BadImageException e = assertThrows(BadImageException.class, () -> ImageDecoder.decode(big, "big.png", LIMIT));
        assertEquals(InputProblems.Kind.TOO_LARGE_IMAGE, e.kind());
        assertTrue(e.getMessage().contains("big.png: 40x40 image (1600 pixels) is over the limit of 1000 pixels"),
                e.getMessage());
        assertEquals(31 * 31 * 3, assertDoesNotThrow(() -> ImageDecoder.decode(TestImages.png(31, 31, 1), "ok.png", LIMIT))
                .samples().length, "an image within the limit decodes");
    }

    @Test
    void aFolderSkipsAndCountsTheImageNamingIt() throws Exception {
        Path root = tmp.resolve("faces");
        for (String id : List.of("a", "b")) {
            Files.createDirectories(root.resolve(id));
            Files.write(root.resolve(id).resolve("1.png"), TestImages.png(20, 20, id.hashCode()));
        }
        Files.write(root.resolve("a/bomb.png"), TestImages.png(40, 40, 3));
        ImageFolderDataset ds = ImageFolderDataset.open(root.toString(), ImageFolderOptions.of(PRE).withThreads(1));
        assertEquals(2, ds.size());
        assertEquals(1, ds.problems().count(InputProblems.Kind.TOO_LARGE_IMAGE), ds.problems().summary());
        assertTrue(ds.problems().messages().get(0).contains("a/bomb.png: 40x40 image"), ds.problems().summary());
    }

    @Test
    void aRecordIoPackCountsTooLargeAndCorruptRecordsOnDecodeAll() {
        byte[] jpeg = TestImages.jpeg(16, 16, 9);
        String rec = tmp.resolve("train.rec").toString();
        InsightfacePack.write(rec, tmp.resolve("train.idx").toString(), List.of(
                List.of(TestImages.png(20, 20, 1), TestImages.png(40, 40, 2)),
                List.of(TestImages.png(20, 20, 3), Arrays.copyOf(jpeg, jpeg.length / 2))));
        try (RecordIoFaceDataset ds = RecordIoFaceDataset.open(rec, PRE)) {
            InputProblems p = ds.decodeAll();
            assertEquals(1, p.count(InputProblems.Kind.TOO_LARGE_IMAGE), p.summary());
            assertEquals(1, p.count(InputProblems.Kind.CORRUPT_IMAGE), p.summary());
            assertTrue(p.summary().contains("train.rec record 2: 40x40 image"), p.summary());
            assertTrue(p.summary().contains("train.rec record 4: corrupt image"), p.summary());
        }
    }

    @Test
    void aPairsSetFailsNamingTheFileAndLine() throws Exception {
        Files.write(tmp.resolve("x.png"), TestImages.png(20, 20, 1));
        Files.write(tmp.resolve("bomb.png"), TestImages.png(40, 40, 2));
        Path csv = tmp.resolve("pairs.csv");
        Files.writeString(csv, "x.png,x.png,1\nx.png,bomb.png,0\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> PairVerificationSet.load(CsvPairs.read(csv.toString(), tmp.toString()), PRE, 1));
        assertTrue(e.getMessage().contains("pairs.csv line 2") && e.getMessage().contains("bomb.png: 40x40 image"),
                e.getMessage());
    }

    /** Which images a set holds depends on the limit: decode caches and fingerprints must tell limits apart. */
    @Test
    void theLimitIsPartOfThePreprocessingKeyUnlessItIsTheDefault() {
        Preprocess plain = Preprocess.resize(new ImageShape(1, 8, 8));
        assertEquals("full-1x8x8-n", plain.key());
        assertEquals("full-1x8x8-n-max1000", PRE.key());
    }

    @Test
    void shapesBeyondOneArrayOrTheLimitAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ImageShape(3, 60000, 60000));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new ImageShape(1, 40000, 40000).requireAtMost(LIMIT, "m.zip declares an input of"));
        assertTrue(e.getMessage().startsWith("m.zip declares an input of 1x40000x40000 (1600000000 pixels), over the limit"),
                e.getMessage());
        assertEquals(new ImageShape(1, 10, 10), new ImageShape(1, 10, 10).requireAtMost(LIMIT, "x"));
    }
}
