package org.facelfs.train;

import org.facelfs.model.NativeKernels;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps ND4J's CPU threads (OpenMP and BLAS) for the candidates of this JVM. In local[N] every
 * task shares one process, so without a cap N concurrent candidates oversubscribe the cores
 * (57 s vs 75 s for the same job in STACK.md). ND4J's and BLAS's caps are process-wide; the OpenMP
 * cap, the only one oneDNN obeys, is the calling thread's: call this from the thread that trains.
 */
public final class Threads {

    private Threads() {
    }

    /** Applies {@code n} threads; 0 leaves ND4J's default (OMP_NUM_THREADS or all cores). */
    public static synchronized void limit(int n) {
        if (n <= 0) {
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
        NativeKernels.limitOpenMpThreads(n);
    }
}
