package org.facelfs.train;

import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.model.UpdaterSettings;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * SGD with Nesterov momentum and L2 weight decay, with the learning rate from {@link #schedule()}.
 * Weight decay is DL4J's {@code l2}: {@code weightDecay · w} is added to the gradient before the
 * momentum update, as PyTorch's {@code SGD(weight_decay=...)} does (DL4J has no plain-momentum
 * SGD; Nesterov momentum is the closest).
 *
 * @param momentum    momentum coefficient in [0, 1)
 * @param weightDecay L2 coefficient on weights (not biases), >= 0
 * @param schedule    learning rate by round
 */
public record Optimizer(double momentum, double weightDecay, LrSchedule schedule)
        implements Serializable, UpdaterSettings {

    public Optimizer {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("learning-rate schedule must be set");
        }
    }

    /** The paper's protocol: lr 0.1, momentum 0.9, wd 5e-4, ×0.1 at rounds 4, 8, 10 (of 20). */
    public static Optimizer paper() {
        return new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(4, 8, 10), 0.1, 0));
    }

    /** Nesterov momentum starting at the schedule's base rate. */
    @Override
    public IUpdater updater() {
        return new Nesterovs(schedule.baseLr(), momentum);
    }

    @Override
    public double l2() {
        return weightDecay;
    }

    /**
     * Sets the learning rate of every layer of {@code graph} for the given iteration; call it
     * before each fit step. Updater state (momentum) is kept.
     *
     * @return the rate that was set
     */
    public double applyLr(ComputationGraph graph, int round, int iterationInRound, int itersPerRound) {
        double lr = schedule.lrAt(round, iterationInRound, itersPerRound);
        setLearningRate(graph, lr);
        return lr;
    }

    /**
     * Sets {@code lr} on every layer's updater configuration in place. DL4J's own
     * {@code ComputationGraph.setLearningRate} does the same and then rebuilds the whole updater (new blocks and a
     * copy of its state): a fifth of the embedded default's training threads' time (docs/benchmarks.md). Rebuilding is not
     * needed: each updater block's gradient updater holds the first layer's configuration object of its block and
     * reads the rate from it at every step, and the blocks stay valid because every layer gets the same rate.
     */
    static void setLearningRate(ComputationGraph graph, double lr) {
        for (Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf) {
                setRate(conf.getIUpdater(), lr);
                setRate(conf.getBiasUpdater(), lr);
            }
        }
    }

    private static void setRate(IUpdater updater, double lr) {
        if (updater != null && updater.hasLearningRate()) {
            updater.setLrAndSchedule(lr, null);
        }
    }
}
