package org.facelfs.train;

/**
 * Turns an out-of-memory failure into a message that names the setting to change. Heap and
 * ND4J's off-heap memory (JavaCPP, outside the heap) fail differently and need different fixes.
 */
final class OutOfMemory {

    private OutOfMemory() {
    }

    /** Whether an exception is JavaCPP/ND4J refusing an off-heap allocation. */
    static boolean isOffHeap(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof OutOfMemoryError || m.contains("Cannot allocate") || m.contains("maxbytes")
                    || m.contains("Physical memory usage is too high") || m.contains("Failed to allocate")) {
                return true;
            }
        }
        return false;
    }

    static String explain(Throwable e, TrainPlan plan) {
        String what = String.valueOf(e.getMessage());
        boolean offHeap = what.contains("maxbytes") || what.contains("Physical memory") || what.contains("Cannot allocate")
                || what.contains("Failed to allocate");
        String fix = offHeap
                ? "ND4J's off-heap memory is exhausted: lower train.batch-size (now " + plan.batchSize()
                + "), or raise -Dorg.bytedeco.javacpp.maxbytes / maxphysicalbytes in spark.executor.extraJavaOptions"
                + " together with spark.executor.memoryOverhead (docs/cluster.md, memory model)"
                : "the JVM heap is exhausted: lower train.batch-size (now " + plan.batchSize()
                + ") or train.eval-batch-size (now " + plan.evalBatchSize() + "), or raise spark.executor.memory"
                + " (spark.driver.memory / -Xmx in local mode)";
        return "out of memory (" + e.getClass().getSimpleName() + ": " + what + "): " + fix;
    }
}
