package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.facelfs.data.recordio.InsightfacePack;
import org.facelfs.train.ModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images that must not take a run down, through the real command line: a decompression bomb (an
 * 875 KB PNG of 30000 x 30000 pixels, 900 MB once decoded) in a training folder, in a RecordIO pack,
 * in a pairs file for {@code eval}; a model whose metadata declares such an input; a corrupt image
 * inside a RecordIO pack, which must be reported as the same bytes in a folder are.
 */
class BadImagesTest {

    private static final int IDENTITIES = 6;
    private static final int IMAGES = 3;
    private static byte[] bomb;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeBomb() {
        bomb = PngBomb.png(30000, 30000);
        assertTrue(bomb.length < 1_000_000, bomb.length + " bytes");
    }

    /** id0..id5 with 3 images each, and a reward CSV over them (10 folds of 2 pairs). */
    private Path faces() throws IOException {
        Path root = tmp.resolve("faces");
        for (int id = 0; id < IDENTITIES; id++) {
            Files.createDirectories(root.resolve("id" + id));
            for (int i = 0; i < IMAGES; i++) {
                Files.write(root.resolve("id" + id + "/" + i + ".png"), face(id, i));
            }
        }
        List<String> lines = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            int a = f % IDENTITIES;
            int b = (f + 1) % IDENTITIES;
            lines.add("id%d/0.png,id%d/1.png,1,%d".formatted(a, a, f));
            lines.add("id%d/2.png,id%d/2.png,0,%d".formatted(a, b, f));
        }
        Files.write(tmp.resolve("reward.csv"), lines);
        return root;
    }

    private String reward() {
        return "data.reward={format=csv,file=\"" + tmp.resolve("reward.csv") + "\",images=\"" + tmp.resolve("faces") + "\"}";
    }

    @Test
    void aBombInATrainingFolderIsSkippedNamedAndCountedAndEvalRefusesItInAPairsFile() throws Exception {
        Path root = faces();
        Files.write(root.resolve("id0/bomb.png"), bomb);
        CliRun.Outcome r = CliRun.search(tmp.resolve("run"), "data.train.format=folders", "data.train.path=\"" + root + "\"",
                "data.decode-threads=1", reward());
        assertEquals(0, r.exit(), r.err());
        String problems = Files.readString(tmp.resolve("run/problems.txt"));
        assertTrue(problems.contains("TOO_LARGE_IMAGE: 1"), problems);
        assertTrue(problems.contains("id0/bomb.png: 30000x30000 image (900000000 pixels) is over the limit of 16777216"),
                problems);

        Path pairs = tmp.resolve("bomb-pairs.csv");
        Files.writeString(pairs, "id1/0.png,id1/1.png,1\nid1/0.png,id0/bomb.png,0\n");
        String line = CliRun.assertCleanError(CliRun.run("eval", "--model", tmp.resolve("run/best/model.zip").toString(),
                "--pairs", pairs.toString(), "--images", root.toString(), "--threads", "1"),
                "bomb-pairs.csv line 2", "id0/bomb.png: 30000x30000 image");
        assertTrue(line.contains("data.max-image-pixels"), line);
    }

    @Test
    void aCorruptRecordAndABombInARecordIoPackAreInProblemsTxtAsAFoldersAreNotSilentlyGrey() throws Exception {
        Path root = faces();
        List<List<byte[]>> pack = new ArrayList<>();
        for (int id = 0; id < IDENTITIES; id++) {
            List<byte[]> images = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                images.add(Files.readAllBytes(root.resolve("id" + id + "/" + i + ".png")));
            }
            pack.add(images);
        }
        byte[] good = pack.get(1).get(0);
        pack.get(1).add(Arrays.copyOf(good, good.length / 2)); // record 7: a truncated PNG
        pack.get(2).add(bomb); // record 11
        String rec = tmp.resolve("train.rec").toString();
        InsightfacePack.write(rec, tmp.resolve("train.idx").toString(), pack);
        CliRun.Outcome r = CliRun.search(tmp.resolve("run"), "data.train.format=recordio",
                "data.train.path=\"" + rec + "\"", reward());
        assertEquals(0, r.exit(), r.err());
        String problems = Files.readString(tmp.resolve("run/problems.txt"));
        assertTrue(problems.contains("CORRUPT_IMAGE: 1") && problems.contains("TOO_LARGE_IMAGE: 1"), problems);
        assertTrue(problems.contains("train.rec record 7: corrupt image"), problems);
        assertTrue(problems.contains("train.rec record 11: 30000x30000 image"), problems);
        assertTrue(r.out().contains("training data: input problems: 2 skipped") || r.err().contains("input problems: 2"),
                r.out() + r.err());
    }

    @Test
    void evalRefusesAModelWhoseMetadataDeclaresAGiantInput() throws Exception {
        faces();
        for (int side : new int[] {30000, 60000}) {
            Path model = tmp.resolve("giant-" + side + ".zip");
            try (OutputStream f = Files.newOutputStream(model); ZipOutputStream zip = new ZipOutputStream(f)) {
                zip.putNextEntry(new ZipEntry(ModelFiles.INFO_ENTRY));
                zip.write("{\"input\":{\"channels\":1,\"height\":%d,\"width\":%d}}".formatted(side, side)
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            CliRun.assertCleanError(CliRun.run("eval", "--model", model.toString(), "--pairs",
                    tmp.resolve("reward.csv").toString(), "--images", tmp.resolve("faces").toString()),
                    "giant-" + side + ".zip", side == 30000 ? "declares an input of 1x30000x30000" : "more values than");
        }
    }

    private static byte[] face(int id, int i) throws IOException {
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                int v = (int) (127 + 100 * Math.sin(0.3 * (id + 1) * x + 0.2 * y) + 10 * Math.cos(i * x * 0.1));
                img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v)));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
