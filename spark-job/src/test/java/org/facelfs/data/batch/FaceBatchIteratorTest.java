package org.facelfs.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.facelfs.data.ImageShape;
import org.facelfs.data.VerificationSet;
import org.facelfs.data.synthetic.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class FaceBatchIteratorTest {

    private static final ImageShape SHAPE = new ImageShape(3, 8, 6);
    private static final SyntheticFaces DATA = SyntheticFaces.builder().identities(7).imagesPerIdentity(5).shape(SHAPE).seed(3).build();

    private static float[] mirrored(float[] img) {
        float[] m = img.clone();
        FaceBatchIterator.mirror(m, 0, SHAPE);
        return m;
    }

    @Test
    void mirrorReversesEveryRow() {
        float[] x = new float[SHAPE.length()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] m = mirrored(x);
        assertEquals(5f, m[0]);
        assertEquals(0f, m[5]);
        assertEquals(6 + 5f, m[6]);
        assertArrayEquals(x, mirrored(m));
    }

    @Test
    void oneEpochVisitsEveryImageOnceWithOneHotLabelsAndFlips() {
        FaceBatchIterator it = FaceBatchIterator.builder(DATA).batchSize(8).seed(42).numClasses(10).build();
        int[] order = it.order();
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertFalse(Arrays.equals(sorted, order), "shuffled");
        int position = 0;
        int flips = 0;
        List<Integer> sizes = new ArrayList<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray f = ds.getFeatures();
            INDArray l = ds.getLabels();
            assertEquals(DataType.FLOAT, f.dataType());
            int n = (int) f.size(0);
            sizes.add(n);
            assertArrayEquals(new long[] {n, 3, 8, 6}, f.shape());
            assertArrayEquals(new long[] {n, 10}, l.shape());
            for (int b = 0; b < n; b++, position++) {
                int i = order[position];
                float[] expected = it.flipped(position) ? mirrored(DATA.image(i)) : DATA.image(i);
                flips += it.flipped(position) ? 1 : 0;
                assertArrayEquals(expected, f.slice(b).dup().data().asFloat(), "position " + position);
                assertEquals(1.0, l.getRow(b).sumNumber().doubleValue());
                assertEquals(1.0, l.getDouble(b, DATA.label(i)));
            }
        }
        assertEquals(List.of(8, 8, 8, 8, 3), sizes);
        assertEquals(5, it.batchesPerEpoch());
        assertTrue(flips > 5 && flips < 30, "about half flipped: " + flips);
    }

    @Test
    void sameSeedAndEpochGiveTheSameBatchesOtherEpochsDiffer() {
        FaceBatchIterator a = FaceBatchIterator.builder(DATA).batchSize(10).seed(5).build();
        FaceBatchIterator b = FaceBatchIterator.builder(DATA).batchSize(10).seed(5).build();
        assertEquals(a.next().getFeatures(), b.next().getFeatures());
        // reset() on a fresh iterator stays in epoch 0; after use it moves on.
        FaceBatchIterator c = FaceBatchIterator.builder(DATA).batchSize(10).seed(5).build();
        c.reset();
        assertEquals(0, c.epoch());
        int[] epoch0 = c.order();
        c.next();
        c.reset();
        assertEquals(1, c.epoch());
        assertFalse(Arrays.equals(epoch0, c.order()));
        FaceBatchIterator d = FaceBatchIterator.builder(DATA).batchSize(10).seed(5).epoch(1).build();
        assertArrayEquals(c.order(), d.order());
        FaceBatchIterator other = FaceBatchIterator.builder(DATA).batchSize(10).seed(6).build();
        assertFalse(Arrays.equals(epoch0, other.order()));
        FaceBatchIterator plain = FaceBatchIterator.builder(DATA).batchSize(10).shuffle(false).flip(false).build();
        assertEquals(0, plain.order()[0]);
        assertArrayEquals(DATA.image(0), plain.next().getFeatures().slice(0).dup().data().asFloat());
    }

    @Test
    void prefetchingGivesTheSameBatchesAndResets() {
        FaceBatchIterator sync = FaceBatchIterator.builder(DATA).batchSize(4).seed(9).build();
        List<INDArray> expected = new ArrayList<>();
        while (sync.hasNext()) {
            expected.add(sync.next().getFeatures());
        }
        sync.reset();
        List<INDArray> expectedEpoch1 = new ArrayList<>();
        while (sync.hasNext()) {
            expectedEpoch1.add(sync.next().getFeatures());
        }
        DataSetIterator async = FaceBatchIterator.builder(DATA).batchSize(4).seed(9).build().prefetching(3);
        for (List<INDArray> epoch : List.of(expected, expectedEpoch1)) {
            int k = 0;
            while (async.hasNext()) {
                assertEquals(epoch.get(k++), async.next().getFeatures());
            }
            assertEquals(epoch.size(), k);
            async.reset();
        }
    }

    @Test
    void evaluationBatchesAreInOrderAndOptionallyMirrored() {
        VerificationSet v = DATA.verificationPairs(20, 3, 2);
        ImageBatches plain = ImageBatches.of(v, 16, false);
        ImageBatches flipped = ImageBatches.of(v, 16, true);
        int i = 0;
        while (plain.hasNext()) {
            INDArray a = plain.next();
            INDArray m = flipped.next();
            for (int b = 0; b < a.size(0); b++, i++) {
                assertArrayEquals(v.image(i), a.slice(b).dup().data().asFloat());
                assertArrayEquals(mirrored(v.image(i)), m.slice(b).dup().data().asFloat());
            }
        }
        assertEquals(60, i);
        assertFalse(flipped.hasNext());
    }
}
