package org.facelfs.data.batch;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.ImageShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training minibatches over a {@link FaceDataset}: features {@code [batch, C, H, W]} (float32,
 * normalised), one-hot labels {@code [batch, numClasses]}. The order of epoch {@code e} is a
 * shuffle seeded by {@code (seed, e)}, and whether image position {@code p} of epoch {@code e} is
 * mirrored is seeded by {@code (seed, e, p)}, so the same seed and epoch give the same batches
 * whatever the prefetching. The last batch of an epoch may be smaller.
 *
 * <p>{@link #reset()} rewinds; if the current epoch had started, it moves on to the next epoch
 * (DL4J resets before each epoch, and also on a fresh iterator, which must not skip an epoch).
 * {@link #setEpoch(int)} picks an epoch explicitly (e.g. the search round).
 * {@link #prefetching(int)} wraps it in DL4J's {@link AsyncDataSetIterator} for background
 * preparation of the next batches.
 */
public final class FaceBatchIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient FaceDataset data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final boolean flip;
    private final int numClasses;
    private int epoch;
    private int cursor;
    private int[] order;
    private DataSetPreProcessor preProcessor;

    private FaceBatchIterator(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.flip = b.flip;
        this.numClasses = b.numClasses > 0 ? b.numClasses : b.data.numClasses();
        if (data.size() == 0) {
            throw new IllegalArgumentException("the dataset " + data.fingerprint() + " is empty");
        }
        if (data.numClasses() > numClasses) {
            throw new IllegalArgumentException("numClasses " + numClasses + " is smaller than the dataset's " + data.numClasses() + " classes");
        }
        setEpoch(b.epoch);
    }

    /** Options; defaults: batch 64, seed 0, shuffled, random horizontal flip, the dataset's class count, epoch 0. */
    public static Builder builder(FaceDataset data) {
        return new Builder(data);
    }

    public static final class Builder {
        private final FaceDataset data;
        private int batchSize = 64;
        private long seed;
        private boolean shuffle = true;
        private boolean flip = true;
        private int numClasses;
        private int epoch;

        private Builder(FaceDataset data) {
            this.data = data;
        }

        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        /** Random horizontal flip (probability 1/2 per image). */
        public Builder flip(boolean on) {
            this.flip = on;
            return this;
        }

        /** Width of the one-hot labels (at least the dataset's class count). */
        public Builder numClasses(int n) {
            this.numClasses = n;
            return this;
        }

        public Builder epoch(int e) {
            this.epoch = e;
            return this;
        }

        public FaceBatchIterator build() {
            return new FaceBatchIterator(this);
        }
    }

    /** This iterator behind a background thread that keeps {@code queueSize} batches ready. */
    public DataSetIterator prefetching(int queueSize) {
        return new AsyncDataSetIterator(this, queueSize, false);
    }

    /** Rewinds to the start of epoch {@code e}. */
    public void setEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        this.epoch = e;
        this.cursor = 0;
        this.order = permutation(data.size(), shuffle ? new SplittableRandom(mix(seed, e, 0x5eed)) : null);
    }

    public int epoch() {
        return epoch;
    }

    /**
     * Positions the iterator at minibatch {@code index} counted from the start of epoch
     * {@code firstEpoch}, continuing into later epochs past the end: the same batch a sequential
     * pass would reach, so workers can each build their share of a round's batches independently.
     */
    public void seekBatch(int firstEpoch, int index) {
        int perEpoch = batchesPerEpoch();
        setEpoch(firstEpoch + index / perEpoch);
        cursor = (index % perEpoch) * batchSize;
    }

    /** Image indices of the current epoch in visiting order. */
    public int[] order() {
        return order.clone();
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        if (r != null) {
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        }
        return p;
    }

    /** Whether the image at position {@code p} of the current epoch is mirrored. */
    public boolean flipped(int position) {
        return flip && (mix(seed, epoch, position) & 1) == 1;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is finished; call reset()");
        }
        int n = Math.min(num, order.length - cursor);
        ImageShape s = data.shape();
        int len = s.length();
        // Write straight into the off-heap buffer: no batch-sized heap array, no extra copy.
        INDArray features = Nd4j.createUninitialized(DataType.FLOAT, n, s.channels(), s.height(), s.width());
        FloatBuffer out = features.data().asNioFloat();
        float[] one = new float[len];
        float[] y = new float[n * numClasses];
        for (int b = 0; b < n; b++) {
            int position = cursor + b;
            int i = order[position];
            data.copyImage(i, one, 0);
            if (flipped(position)) {
                mirror(one, 0, s);
            }
            out.put(b * len, one);
            y[b * numClasses + data.label(i)] = 1f;
        }
        cursor += n;
        INDArray labels = Nd4j.create(y, new long[] {n, numClasses}, 'c');
        DataSet ds = new DataSet(features, labels);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Mirrors one CHW image in place (each row reversed). */
    static void mirror(float[] x, int offset, ImageShape s) {
        int w = s.width();
        for (int row = 0; row < s.channels() * s.height(); row++) {
            int a = offset + row * w;
            for (int l = 0, r = w - 1; l < r; l++, r--) {
                float t = x[a + l];
                x[a + l] = x[a + r];
                x[a + r] = t;
            }
        }
    }

    @Override
    public int inputColumns() {
        return data.shape().length();
    }

    @Override
    public int totalOutcomes() {
        return numClasses;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        setEpoch(cursor > 0 ? epoch + 1 : epoch);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor p) {
        this.preProcessor = p;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return data.classNames();
    }

    static long mix(long a, long b, long c) {
        long h = a;
        for (long x : new long[] {b, c}) {
            h = h * 0x9E3779B97F4A7C15L + x;
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
        }
        return h;
    }
}
