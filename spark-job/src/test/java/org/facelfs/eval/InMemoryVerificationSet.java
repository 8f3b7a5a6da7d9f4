package org.facelfs.eval;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.facelfs.data.ImageShape;
import org.facelfs.data.VerificationSet;

/** A verification set held in memory that counts how often each image is read. */
final class InMemoryVerificationSet implements VerificationSet {

    /** One pair: image indices, label, fold. */
    record Pair(int left, int right, boolean same, int fold) {
    }

    private final String name;
    private final ImageShape shape;
    private final List<float[]> images;
    private final List<Pair> pairs;
    private final int numFolds;
    private final AtomicIntegerArray reads;

    InMemoryVerificationSet(String name, ImageShape shape, List<float[]> images, List<Pair> pairs, int numFolds) {
        this.name = name;
        this.shape = shape;
        this.images = List.copyOf(images);
        this.pairs = List.copyOf(pairs);
        this.numFolds = numFolds;
        this.reads = new AtomicIntegerArray(images.size());
    }

    /** How many times image {@code i} was read. */
    /** Image {@code i} without counting a read. */
    float[] images(int i) {
        return images.get(i);
    }

    int reads(int i) {
        return reads.get(i);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public int numImages() {
        return images.size();
    }

    @Override
    public float[] image(int i) {
        reads.incrementAndGet(i);
        return images.get(i);
    }

    @Override
    public int numPairs() {
        return pairs.size();
    }

    @Override
    public int left(int pair) {
        return pairs.get(pair).left();
    }

    @Override
    public int right(int pair) {
        return pairs.get(pair).right();
    }

    @Override
    public boolean same(int pair) {
        return pairs.get(pair).same();
    }

    @Override
    public int fold(int pair) {
        return pairs.get(pair).fold();
    }

    @Override
    public int numFolds() {
        return numFolds;
    }
}
