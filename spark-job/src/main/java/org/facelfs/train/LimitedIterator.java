package org.facelfs.train;

import java.util.List;
import org.facelfs.data.batch.FaceBatchIterator;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Exactly {@code limit} minibatches from a face iterator, wrapping into the next epoch as needed. */
final class LimitedIterator implements DataSetIterator {

    private final FaceBatchIterator inner;
    private final int limit;
    private int served;

    LimitedIterator(FaceBatchIterator inner, int limit) {
        this.inner = inner;
        this.limit = limit;
    }

    @Override
    public org.nd4j.linalg.dataset.DataSet next(int num) {
        if (!inner.hasNext()) {
            inner.reset();
        }
        served++;
        return inner.next(num);
    }

    @Override
    public org.nd4j.linalg.dataset.DataSet next() {
        return next(inner.batch());
    }

    @Override
    public boolean hasNext() {
        return served < limit;
    }

    @Override
    public int inputColumns() {
        return inner.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return inner.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return false;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("a round's minibatches are served once");
    }

    @Override
    public int batch() {
        return inner.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        inner.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return inner.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return inner.getLabels();
    }
}
