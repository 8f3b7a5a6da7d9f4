package org.facelfs.model;

import java.util.List;

/**
 * Analytic FLOPs of a graph for one example, layer by layer (see {@link FlopCounter} for the
 * conventions). Multiply by the batch size with {@link #forward(int)} / {@link #trainingStep(int)}.
 *
 * @param layers    every counted vertex in topological order
 * @param uncounted vertices whose type the counter does not know (counted as 0), so a
 *                  roofline never silently under-reports
 */
public record FlopCount(List<LayerFlops> layers, List<String> uncounted) {

    /**
     * One vertex.
     *
     * @param name         vertex name
     * @param type         layer or vertex class (simple name)
     * @param forward      forward FLOPs per example
     * @param trainingStep forward + backward FLOPs per example
     */
    public record LayerFlops(String name, String type, long forward, long trainingStep) {
    }

    public FlopCount {
        layers = List.copyOf(layers);
        uncounted = List.copyOf(uncounted);
    }

    /** Forward FLOPs of one example. */
    public long forwardPerExample() {
        return layers.stream().mapToLong(LayerFlops::forward).sum();
    }

    /** Forward + backward FLOPs of one example. */
    public long trainingStepPerExample() {
        return layers.stream().mapToLong(LayerFlops::trainingStep).sum();
    }

    /** Forward FLOPs of a batch. */
    public long forward(int batch) {
        return Math.multiplyExact(forwardPerExample(), (long) batch);
    }

    /** Training-step FLOPs of a batch. */
    public long trainingStep(int batch) {
        return Math.multiplyExact(trainingStepPerExample(), (long) batch);
    }
}
