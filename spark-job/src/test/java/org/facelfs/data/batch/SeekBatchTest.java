package org.facelfs.data.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.facelfs.data.ImageShape;
import org.facelfs.data.synthetic.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.DataSet;

class SeekBatchTest {

    @Test
    void seekingGivesTheBatchASequentialPassReaches() {
        SyntheticFaces data = SyntheticFaces.builder().identities(5).imagesPerIdentity(4).shape(new ImageShape(1, 16, 16))
                .seed(3).build();
        FaceBatchIterator seq = FaceBatchIterator.builder(data).batchSize(6).seed(9).shuffle(true).flip(true)
                .numClasses(5).epoch(2).build();
        // 20 images / 6 = 4 batches per epoch; walk 7 batches across the epoch boundary
        for (int i = 0; i < 7; i++) {
            if (!seq.hasNext()) {
                seq.reset();
            }
            DataSet expected = seq.next();
            FaceBatchIterator seek = FaceBatchIterator.builder(data).batchSize(6).seed(9).shuffle(true).flip(true)
                    .numClasses(5).epoch(0).build();
            seek.seekBatch(2, i);
            DataSet got = seek.next();
            assertEquals(expected.getFeatures(), got.getFeatures(), "batch " + i);
            assertEquals(expected.getLabels(), got.getLabels(), "batch " + i);
        }
    }
}
