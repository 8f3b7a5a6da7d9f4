package org.facelfs.data.batch;

import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.ImageShape;
import org.facelfs.data.VerificationSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images without labels, in index order, as {@code [batch, C, H, W]} arrays, for embedding
 * (evaluation): batch {@code b} holds images {@code b*batchSize ...}. With {@code mirrored} every
 * image is flipped horizontally (for the flip-fusion of the verification protocol).
 */
public final class ImageBatches implements Iterator<INDArray> {

    /** Writes image {@code i} into a buffer at an offset. */
    @FunctionalInterface
    public interface ImageSource {
        void copy(int i, float[] dst, int offset);
    }

    private final ImageSource source;
    private final int count;
    private final ImageShape shape;
    private final int batchSize;
    private final boolean mirrored;
    private int cursor;

    public ImageBatches(ImageSource source, int count, ImageShape shape, int batchSize, boolean mirrored) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.source = source;
        this.count = count;
        this.shape = shape;
        this.batchSize = batchSize;
        this.mirrored = mirrored;
    }

    /** The distinct images of a verification set, in index order. */
    public static ImageBatches of(VerificationSet set, int batchSize, boolean mirrored) {
        return new ImageBatches(set::copyImage, set.numImages(), set.shape(), batchSize, mirrored);
    }

    /** The images of a dataset, in index order (labels ignored). */
    public static ImageBatches of(FaceDataset data, int batchSize, boolean mirrored) {
        return new ImageBatches(data::copyImage, data.size(), data.shape(), batchSize, mirrored);
    }

    @Override
    public boolean hasNext() {
        return cursor < count;
    }

    /** Index of the first image of the next batch. */
    public int position() {
        return cursor;
    }

    @Override
    public INDArray next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + count + " images were returned");
        }
        int n = Math.min(batchSize, count - cursor);
        int len = shape.length();
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, n, shape.channels(), shape.height(), shape.width());
        FloatBuffer out = x.data().asNioFloat();
        float[] one = new float[len];
        for (int b = 0; b < n; b++) {
            source.copy(cursor + b, one, 0);
            if (mirrored) {
                FaceBatchIterator.mirror(one, 0, shape);
            }
            out.put(b * len, one);
        }
        cursor += n;
        return x;
    }
}
