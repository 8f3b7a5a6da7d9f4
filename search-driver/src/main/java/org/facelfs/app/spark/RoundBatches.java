package org.facelfs.app.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.batch.FaceBatchIterator;
import org.facelfs.train.TrainPlan;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Builds a partition's share of a round's minibatches on the executor, from the data opened there:
 * batch {@code i} is the one a sequential pass of the round would reach, whatever executor makes it.
 */
final class RoundBatches implements FlatMapFunction<Iterator<Integer>, DataSet> {

    private final TrainPlan plan;
    private final long seed;
    private final int round;
    private final DriverHadoopConf hadoop;

    RoundBatches(TrainPlan plan, long seed, int round, DriverHadoopConf hadoop) {
        this.hadoop = hadoop;
        this.plan = plan;
        this.seed = seed;
        this.round = round;
    }

    @Override
    public Iterator<DataSet> call(Iterator<Integer> indices) {
        hadoop.install();
        FaceDataset data = plan.data().open();
        FaceBatchIterator it = plan.batches(data, seed, round);
        // lazily: a partition's batches are made as the worker consumes them
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return indices.hasNext();
            }

            @Override
            public DataSet next() {
                it.seekBatch(round, indices.next());
                return (DataSet) it.next();
            }
        };
    }
}
