package org.facelfs.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The lfw-small training set through the product path a run takes ({@link TrainingSource.Folders}
 * as JobConfig builds it, with data.decode-threads' default 0): the counts the code finds.
 */
class LfwSmallTrainingSourceTest {

    @Test
    void foldersWithoutTheIdentitiesOfFoldsOneToSevenAndDefaultDecodeThreads() {
        Path lfw = SharedData.require("lfw");
        var source = new TrainingSource.Folders(lfw.resolve("images").toString(),
                Preprocess.lfw(new ImageShape(1, 16, 16)), 1, List.of(), List.of(),
                lfw.resolve("pairs.txt").toString(), List.of(1, 2, 3, 4, 5, 6, 7), 0);
        FaceDataset data = source.open();
        assertEquals(2801, data.numClasses());
        assertEquals(5280, data.size());
        assertFalse(data.classNames().contains("Abel_Pacheco"), "Abel_Pacheco is in fold 1 of pairs.txt");
    }
}
