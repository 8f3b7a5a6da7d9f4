package org.facelfs.data.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.ImageDecoder;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.SharedData;
import org.facelfs.data.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairFilesTest {

    @TempDir
    Path tmp;

    /** Identities of each fold; asserts no identity appears in two folds. */
    private static void assertIdentityDisjoint(PairList list) {
        Map<String, Integer> foldOf = new HashMap<>();
        for (int k = 0; k < list.numPairs(); k++) {
            PairList.Pair p = list.pair(k);
            for (String id : List.of(list.identity(p.left()), list.identity(p.right()))) {
                Integer prev = foldOf.putIfAbsent(id, list.fold(k));
                if (prev != null) {
                    assertEquals(prev.intValue(), list.fold(k), id + " appears in folds " + prev + " and " + list.fold(k));
                }
            }
        }
    }

    @Test
    void allSixThousandLfwPairsResolveToExistingImages() {
        Path lfw = SharedData.require("lfw");
        PairList list = LfwPairs.read(lfw.resolve("pairs.txt").toString(), lfw.resolve("images").toString());
        assertEquals(6000, list.numPairs());
        assertEquals(10, list.numFolds());
        int[] perFold = new int[10];
        int same = 0;
        for (int k = 0; k < 6000; k++) {
            perFold[list.fold(k)]++;
            same += list.pair(k).same() ? 1 : 0;
        }
        assertArrayEquals(new int[] {600, 600, 600, 600, 600, 600, 600, 600, 600, 600}, perFold);
        assertEquals(3000, same);
        assertTrue(list.numImages() < 12000, "images are listed once: " + list.numImages());
        list.requireImagesExist(); // throws naming file and line otherwise
        assertIdentityDisjoint(list);
        assertEquals("pairs.txt line 2", list.pair(0).where().substring(list.pair(0).where().lastIndexOf('/') + 1));
    }

    @Test
    void lfwSmallProtocolSplitsTestRewardAndTrainingIdentities() throws Exception {
        Path lfw = SharedData.require("lfw");
        PairList all = LfwPairs.read(lfw.resolve("pairs.txt").toString(), lfw.resolve("images").toString());
        PairList test = all.onlyFolds(0, 1, 2, 3, 4);
        PairList reward = all.onlyFolds(5, 6);
        assertEquals(3000, test.numPairs());
        assertEquals(5, test.numFolds());
        assertEquals(1200, reward.numPairs());
        assertEquals(2, reward.numFolds());
        assertEquals(all.pair(3000).where(), reward.pair(0).where());
        Set<String> heldOut = all.identitiesInFolds(0, 1, 2, 3, 4, 5, 6);
        // Training set of the lfw-small protocol: every identity in no pair of folds 1-7.
        int identities = 0;
        int images = 0;
        try (var dirs = Files.list(lfw.resolve("images"))) {
            for (Path d : dirs.toList()) {
                if (!heldOut.contains(d.getFileName().toString())) {
                    identities++;
                    try (var files = Files.list(d)) {
                        images += (int) files.count();
                    }
                }
            }
        }
        System.out.printf("lfw-small training set: %d identities, %d images (held out: %d identities)%n", identities, images, heldOut.size());
        assertEquals(2801, identities);
        assertEquals(5280, images);
    }

    @Test
    void lfwViewOneGetsTenIdentityDisjointFolds() {
        Path lfw = SharedData.require("lfw");
        PairList list = LfwPairs.read(lfw.resolve("pairsDevTest.txt").toString(), lfw.resolve("images").toString());
        assertEquals(1000, list.numPairs());
        assertEquals(10, list.numFolds());
        assertIdentityDisjoint(list);
        int[] perFold = new int[10];
        for (int k = 0; k < 1000; k++) {
            perFold[list.fold(k)]++;
        }
        for (int n : perFold) {
            assertTrue(n > 50 && n < 150, "balanced folds: " + java.util.Arrays.toString(perFold));
        }
        list.requireImagesExist();
    }

    @Test
    void smallLfwSubsetLoadsEachImageOnceWithTheCrop() throws Exception {
        Path lfw = SharedData.require("lfw");
        List<String> lines = Files.readAllLines(lfw.resolve("pairs.txt"));
        // One fold of 2 same + 2 different pairs taken from the official file.
        Path sub = tmp.resolve("sub.txt");
        Files.write(sub, List.of("1\t2", lines.get(1), lines.get(2), lines.get(301), lines.get(302)));
        PairList list = LfwPairs.read(sub.toString(), lfw.resolve("images").toString());
        long before = ImageDecoder.decodeCount();
        PairVerificationSet v = PairVerificationSet.load(list, Preprocess.lfw(new ImageShape(3, 112, 112)), 2);
        assertEquals(list.numImages(), ImageDecoder.decodeCount() - before);
        assertEquals(list.numImages(), v.numImages());
        assertTrue(v.numImages() < 8, "a shared image is stored once: " + v.numImages());
        assertEquals(4, v.numPairs());
        assertEquals(1, v.numFolds());
        float[] img = v.image(0);
        assertEquals(3 * 112 * 112, img.length);
        for (float x : img) {
            assertTrue(x >= -1 && x <= 1);
        }
        PairVerificationSet again = PairVerificationSet.load(list, Preprocess.lfw(new ImageShape(3, 112, 112)), 2);
        assertEquals(before + list.numImages(), ImageDecoder.decodeCount(), "second load comes from the decode cache");
        assertEquals(v.fingerprint(), again.fingerprint());
    }

    private Path faces() throws Exception {
        Path root = tmp.resolve("img");
        for (String id : List.of("ann", "bob", "cat", "dan")) {
            Files.createDirectories(root.resolve(id));
            for (int i = 1; i <= 2; i++) {
                Files.write(root.resolve(id + "/" + i + ".png"), TestImages.png(20, 20, id.hashCode() * 10L + i));
            }
        }
        return root;
    }

    @Test
    void missingPairImageIsAnErrorNamingFileAndLine() throws Exception {
        Path root = faces();
        Files.createDirectories(root.resolve("eve"));
        Files.write(root.resolve("eve/eve_0001.jpg"), TestImages.jpeg(20, 20, 1));
        Path pairs = tmp.resolve("pairs.txt");
        Files.write(pairs, List.of("1", "eve\t1\t2", "eve\t1\tann\t1"));
        PairList list = LfwPairs.read(pairs.toString(), root.toString());
        DataFormatException e = assertThrows(DataFormatException.class, list::requireImagesExist);
        assertTrue(e.getMessage().contains("pairs.txt line 2") && e.getMessage().contains("eve/eve_0002.jpg")
                && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void badLfwLinesNameFileAndLine() throws Exception {
        Path pairs = tmp.resolve("pairs.txt");
        Files.write(pairs, List.of("1\t1", "ann\t1\t2", "ann\t1\tbob"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> LfwPairs.read(pairs.toString(), "/x"));
        assertTrue(e.getMessage().endsWith("pairs.txt line 3: expected a different-person line 'name1 i name2 j' at this position, got 'ann\t1\tbob'"),
                e.getMessage());
        Files.write(pairs, List.of("1\t1", "ann\t1\tx", "ann\t1\tbob\t1"));
        e = assertThrows(DataFormatException.class, () -> LfwPairs.read(pairs.toString(), "/x"));
        assertTrue(e.getMessage().contains("pairs.txt line 2: image number 'x'"), e.getMessage());
        Files.write(pairs, List.of("10\t300", "ann\t1\t2"));
        e = assertThrows(DataFormatException.class, () -> LfwPairs.read(pairs.toString(), "/x"));
        assertTrue(e.getMessage().contains("promises 6000 pair lines, the file has 1"), e.getMessage());
        Files.write(pairs, List.of("ten"));
        e = assertThrows(DataFormatException.class, () -> LfwPairs.read(pairs.toString(), "/x"));
        assertTrue(e.getMessage().contains("pairs.txt line 1"), e.getMessage());
    }

    @Test
    void csvWithFoldsKeepsThemAndLoads() throws Exception {
        Path root = faces();
        Path csv = tmp.resolve("pairs.csv");
        Files.write(csv, List.of("path1,path2,same,fold", "ann/1.png,ann/2.png,1,3", "ann/1.png,bob/1.png,0,3",
                "cat/1.png,cat/2.png,true,7", "# comment", "", "cat/2.png,dan/1.png,false,7"));
        PairList list = CsvPairs.read(csv.toString(), root.toString());
        assertEquals(4, list.numPairs());
        assertEquals(2, list.numFolds());
        assertArrayEquals(new int[] {0, 0, 1, 1}, new int[] {list.fold(0), list.fold(1), list.fold(2), list.fold(3)});
        PairVerificationSet v = PairVerificationSet.load(list, Preprocess.resize(new ImageShape(1, 10, 10)), 1);
        assertEquals(6, v.numImages());
        assertEquals(v.left(0), v.left(1)); // ann/1.png stored once
        assertTrue(v.same(0) && !v.same(1) && v.same(2) && !v.same(3));
    }

    @Test
    void csvWithoutFoldsGetsIdentityDisjointFolds() throws Exception {
        Path root = faces();
        Path csv = tmp.resolve("pairs.csv");
        List<String> lines = new ArrayList<>();
        String[] ids = {"ann", "bob", "cat", "dan"};
        for (String id : ids) {
            lines.add(id + "/1.png," + id + "/2.png,1");
        }
        lines.add("ann/1.png,bob/2.png,0");
        lines.add("cat/1.png,dan/2.png,0");
        Files.write(csv, lines);
        PairList list = CsvPairs.read(csv.toString(), root.toString());
        assertEquals(2, list.numFolds()); // {ann,bob} and {cat,dan} are the only disjoint groups
        assertIdentityDisjoint(list);
        assertNotEquals(list.fold(0), list.fold(2));
    }

    @Test
    void badCsvLinesNameFileAndLine() throws Exception {
        Path csv = tmp.resolve("p.csv");
        Files.write(csv, List.of("a/1.png,b/1.png,1", "a/1.png,b/1.png,maybe"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvPairs.read(csv.toString(), null));
        assertTrue(e.getMessage().contains("p.csv line 2") && e.getMessage().contains("maybe"), e.getMessage());
        Files.write(csv, List.of("a/1.png,b/1.png,1,2", "a/1.png,c/1.png,0"));
        e = assertThrows(DataFormatException.class, () -> CsvPairs.read(csv.toString(), null));
        assertTrue(e.getMessage().contains("some pairs have a fold"), e.getMessage());
        Files.write(csv, List.of("a/1.png,b/1.png,1,-4"));
        e = assertThrows(DataFormatException.class, () -> CsvPairs.read(csv.toString(), null));
        assertTrue(e.getMessage().contains("p.csv line 1: fold '-4'"), e.getMessage());
        // All identities linked: no disjoint split exists, so contiguous folds (with a warning).
        Files.write(csv, List.of("a/1.png,a/2.png,1", "a/1.png,b/1.png,0", "b/1.png,b/2.png,1"));
        PairList linked = CsvPairs.read(csv.toString(), null);
        assertArrayEquals(new int[] {0, 1, 2}, new int[] {linked.fold(0), linked.fold(1), linked.fold(2)});
    }

    /** Windows editors start a UTF-8 file with a byte order mark; it must not become part of the first path. */
    @Test
    void aByteOrderMarkBeforeTheFirstLineIsNotPartOfIt() throws Exception {
        Path root = faces();
        Path csv = tmp.resolve("bom.csv");
        Files.writeString(csv, "\uFEFFann/1.png,ann/2.png,1,0\n");
        PairList list = CsvPairs.read(csv.toString(), root.toString());
        assertEquals(root.resolve("ann/1.png").toUri().getPath(), new org.apache.hadoop.fs.Path(list.image(0)).toUri().getPath());
        assertEquals("ann", list.identity(0));
        list.requireImagesExist();
        Path lfw = tmp.resolve("bom-pairs.txt");
        Files.writeString(lfw, "\uFEFF1\t1\nann\t1\t2\nann\t1\tbob\t1\n");
        assertEquals(2, LfwPairs.read(lfw.toString(), root.toString()).numPairs());
    }

    @Test
    void corruptPairImageIsAnErrorNotASkip() throws Exception {
        Path root = faces();
        Files.write(root.resolve("ann/2.png"), new byte[0]);
        Path csv = tmp.resolve("pairs.csv");
        Files.write(csv, List.of("ann/1.png,ann/2.png,1,0"));
        PairList list = CsvPairs.read(csv.toString(), root.toString());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> PairVerificationSet.load(list, Preprocess.resize(new ImageShape(1, 8, 8)), 1));
        assertTrue(e.getMessage().contains("pairs.csv line 1") && e.getMessage().contains("ann/2.png")
                && e.getMessage().contains("cannot be skipped"), e.getMessage());
    }

    @Test
    void identityFoldsAreDisjointBalancedAndDeterministic() {
        List<String> l = new ArrayList<>();
        List<String> r = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            l.add("id" + i);
            r.add("id" + (i % 2 == 0 ? i : i - 1)); // pairs link id(2k) and id(2k+1)
        }
        int[] f = IdentityFolds.assign(l, r, 10, "t");
        assertArrayEquals(f, IdentityFolds.assign(l, r, 10, "t"));
        assertEquals(10, IdentityFolds.count(f));
        int[] load = new int[10];
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < 40; k++) {
            load[f[k]]++;
            seen.add(f[k]);
            if (k % 2 == 1) {
                assertEquals(f[k - 1], f[k]);
            }
        }
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, load);
    }
}
