package org.facelfs.train;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's graph updater, taking its standard path for the network's own gradient. In 1.0.0-M2.1
 * {@code BaseMultiLayerUpdater.update} calls a gradient "external" (computed in another network) when
 * {@code gradient.gradient()} is not the very array of the network's flattened gradients; but
 * {@code DefaultGradient.gradient()} returns a new reshaped view at every call, so every ordinary {@code fit}
 * takes the external path: each step finds the minibatch-division subsets again and makes new views of the whole
 * parameter and gradient arrays for every variable, twice (about a tenth of the embedded default's training time,
 * docs/benchmarks.md). Here a gradient over the network's own array is handed on as that array, so the blocks'
 * prepared views are used; the arithmetic is the same, and so are the weights, bit for bit (tested).
 */
public final class OwnGradientUpdater extends ComputationGraphUpdater {

    public OwnGradientUpdater(ComputationGraph graph) {
        super(graph);
    }

    /** Puts this updater on {@code graph}, carrying over the current updater's state (momentum). */
    public static ComputationGraph install(ComputationGraph graph) {
        if (graph.getUpdater(false) instanceof OwnGradientUpdater) {
            return graph;
        }
        INDArray state = graph.getUpdater().getStateViewArray();
        OwnGradientUpdater own = new OwnGradientUpdater(graph);
        if (state != null) {
            own.setStateViewArray(state);
        }
        graph.setUpdater(own);
        return graph;
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                    LayerWorkspaceMgr workspaceMgr) {
        INDArray own = getFlattenedGradientsView();
        super.update(isOver(gradient.gradient(), own) ? new Own(gradient, own) : gradient, iteration, epoch,
                batchSize, workspaceMgr);
    }

    /** Whether {@code view} is the whole of {@code array}: same memory, offset and length. */
    static boolean isOver(INDArray view, INDArray array) {
        return view != null && array != null && view.length() == array.length() && view.offset() == array.offset()
                && view.data().addressPointer().address() == array.data().addressPointer().address();
    }

    /** The same per-variable gradients, with the network's own flattened array as {@link #gradient()}. */
    private static final class Own extends DefaultGradient {
        private final INDArray array;

        Own(Gradient of, INDArray array) {
            super(array);
            this.array = array;
            of.gradientForVariable().forEach((name, g) -> setGradientFor(name, g, of.flatteningOrderForVariable(name)));
        }

        @Override
        public INDArray gradient() {
            return array;
        }
    }
}
