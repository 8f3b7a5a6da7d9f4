package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.facelfs.data.ImageShape;
import org.facelfs.data.synthetic.SyntheticFaces;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The search on HDFS: training images read from {@code hdfs://} (an image folder of PNGs),
 * rounds and checkpoints written to {@code hdfs://}, and a run stopped after round 1 resumed
 * from its HDFS checkpoint by a spark-submit of the cluster jar to the standalone cluster (so
 * executor JVMs read the data and weights from HDFS and write theirs back). The resumed run
 * equals an unbroken one.
 */
@Tag("cluster")
@ExtendWith(StandaloneClusterExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HdfsSearchIT {

    static final int IDENTITIES = 12;
    static final int IMAGES = 6;

    static MiniHdfs hdfs;
    static Path dir;

    @BeforeAll
    static void startHdfs() throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")), "hdfs-");
        hdfs = MiniHdfs.start(dir.resolve("dfs"));
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void dataCheckpointsAndResumeOnHdfs(StandaloneCluster cluster) throws Exception {
        FileStore store = new FileStore(hdfs.conf());
        String faces = hdfs.uri() + "/data/faces";
        String heldOut = hdfs.uri() + "/data/held-out";
        writeFaceFolders(store, faces, IDENTITIES, IMAGES, 11);
        writeFaceFolders(store, heldOut, 10, 4, 12);
        store.writeAtomically(store.path(heldOut + "/pairs.csv"), pairsCsv());
        Map<String, String> onHdfs = new HashMap<>(Map.of("data.train.format", "folders", "data.train.path", faces,
                "data.reward.format", "csv", "data.reward.name", "hdfs-held-out",
                "data.reward.file", heldOut + "/pairs.csv", "data.reward.images", heldOut,
                // the default 0 ("the task's threads") reaches ImageFolderOptions unresolved and is refused
                "data.decode-threads", "1"));

        String unbroken = hdfs.uri() + "/runs/unbroken";
        String resumed = hdfs.uri() + "/runs/resumed";
        List<String> lines = LocalReference.run(LocalReference.TINY, unbroken, onHdfs);
        assertTrue(lines.stream().anyMatch(l -> l.contains("data: image folders " + faces)),
                "training data not read from HDFS: " + lines);
        Map<String, String> oneRound = new HashMap<>(onHdfs);
        oneRound.put("search.rounds", "1");
        LocalReference.run(LocalReference.TINY, resumed, oneRound);
        assertTrue(store.exists(store.path(resumed + "/state.json")));
        assertTrue(!store.exists(store.path(resumed + "/rounds/0001")), "round 2 ran before the resume");

        cluster.awaitIdle(Duration.ofSeconds(60));
        SparkSubmit submit = SparkSubmit.search(cluster.home(), cluster.masterUrl(), "client", LocalReference.TINY,
                resumed);
        onHdfs.forEach(submit::override);
        Path log = dir.resolve("resume-submit.log");
        submit.run(log, Duration.ofMinutes(4));
        assertTrue(Files.readString(log).contains("resuming " + resumed + " after round 1 of 2"), "the second run did not resume\n" + ChildJvm.tail(log, 40));

        // both runs, copied out of HDFS, hold the same search
        Path local = dir.resolve("copies");
        FileSystem fs = store.fs(store.path(unbroken));
        fs.copyToLocalFile(store.path(unbroken), new org.apache.hadoop.fs.Path(local.resolve("unbroken").toUri()));
        fs.copyToLocalFile(store.path(resumed), new org.apache.hadoop.fs.Path(local.resolve("resumed").toUri()));
        assertEquals(2, RunComparison.state(local.resolve("resumed")).path("completedRounds").asInt());
        RunComparison.assertSameSearch(local.resolve("unbroken"), local.resolve("resumed"));
        assertEquals(IDENTITIES, Files.readAllLines(local.resolve("resumed/labels.txt")).size());
    }

    /** Synthetic faces as an image folder on HDFS: {@code root/id-NN/k.png}, 32x32 grey. */
    static void writeFaceFolders(FileStore store, String root, int identities, int images, long seed)
            throws IOException {
        ImageShape shape = new ImageShape(1, 32, 32);
        SyntheticFaces faces = SyntheticFaces.builder().identities(identities).imagesPerIdentity(images).shape(shape)
                .seed(seed).build();
        for (int i = 0; i < faces.size(); i++) {
            BufferedImage img = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, shape.width(), shape.height(), faces.pixels(i));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(img, "png", png);
            store.writeAtomically(store.path("%s/id-%02d/%d.png".formatted(root, faces.label(i), i % images)),
                    png.toByteArray());
        }
    }

    /** Reward pairs over the 10 held-out identities: fold f has 3 same pairs of identity f and 3 different pairs. */
    static String pairsCsv() {
        StringBuilder csv = new StringBuilder("path1,path2,same,fold\n");
        for (int f = 0; f < 10; f++) {
            for (int k = 0; k < 3; k++) {
                csv.append("id-%02d/%d.png,id-%02d/%d.png,1,%d%n".formatted(f, k, f, k + 1, f + 1));
                csv.append("id-%02d/%d.png,id-%02d/%d.png,0,%d%n".formatted(f, k, (f + 1) % 10, k, f + 1));
            }
        }
        return csv.toString();
    }
}
