package org.facelfs.app.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.lang3.SerializationUtils;
import org.apache.hadoop.conf.Configuration;
import org.facelfs.app.TrainingBackend.DataFacts;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.synthetic.SyntheticFaces;
import org.facelfs.data.source.TrainingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection task: the data's facts, or the bad input's message, as a value that crosses the wire. */
class DataInspectionTest {

    @TempDir
    Path dir;

    @Test
    void reportsTheFactsOfTheOpenedDataAndSurvivesSerialisation() {
        TrainingSource.Synthetic source = new TrainingSource.Synthetic(7, 3, new ImageShape(1, 16, 16), 5, 1.0);
        DataInspection.Outcome outcome = SerializationUtils.roundtrip(new DataInspection(source, java.util.Map.of(), DriverHadoopConf.of(new Configuration())).call(0));
        assertNull(outcome.badInput());
        DataFacts facts = outcome.factsOrThrow();
        SyntheticFaces opened = source.open();
        assertEquals(new DataFacts(7, 21, opened.fingerprint(), opened.classNames(), List.of()), facts);
    }

    @Test
    void aMissingFolderComesBackAsItsMessageNotAFailedTask() {
        String missing = dir.resolve("no-such-folder").toString();
        DataInspection.Outcome outcome = new DataInspection(folders(missing), java.util.Map.of(), DriverHadoopConf.of(new Configuration())).call(0);
        assertNull(outcome.facts());
        assertTrue(outcome.badInput().contains(missing), outcome.badInput());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, outcome::factsOrThrow);
        assertEquals(outcome.badInput(), e.getMessage());
    }

    @Test
    void oneIdentityIsTooFewToTrainOn() throws IOException {
        Path only = Files.createDirectories(dir.resolve("faces/alice"));
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY), "png", only.resolve("1.png").toFile());
        DataInspection.Outcome outcome = new DataInspection(folders(dir.resolve("faces").toString()),
                java.util.Map.of(), DriverHadoopConf.of(new Configuration())).call(0);
        assertTrue(outcome.badInput().contains("has 1 images of 1 identities: at least 2 identities are needed"),
                outcome.badInput());
    }

    private static TrainingSource.Folders folders(String root) {
        return new TrainingSource.Folders(root, Preprocess.resize(new ImageShape(1, 16, 16)), 1, List.of(), List.of(), "",
                List.of(), 1);
    }
}
