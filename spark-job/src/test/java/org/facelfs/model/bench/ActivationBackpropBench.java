package org.facelfs.model.bench;

import java.util.Arrays;
import org.facelfs.model.LeakyReluActivation;
import org.facelfs.model.NativeBuild;
import org.facelfs.model.ReluActivation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backward pass of DL4J's leaky ReLU and ReLU (and the leaky ReLU's forward pass) against
 * {@link LeakyReluActivation} and {@link ReluActivation} on
 * one activation tensor (default 64x32x112x112, the small CNN's first stage at 112x112, batch 64): median ms per
 * call of 5 repeats of 10 calls in a workspace, the input's copy that DL4J's ActivationLayer makes included, and whether the
 * results are bit-identical. Args: {@code [N C H W]}. Threads: {@code OMP_NUM_THREADS}.
 */
public final class ActivationBackpropBench {

    private static final int CALLS = 10;
    private static final int REPEATS = 5;
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.STRICT).build();

    private ActivationBackpropBench() {
    }

    public static void main(String[] args) {
        NativeBuild.choose(); // the product's ND4J build (or -Dfacelfs.native), before ND4J loads
        long[] shape = args.length == 4 ? Arrays.stream(args).mapToLong(Long::parseLong).toArray()
                : new long[] {64, 32, 112, 112};
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, shape);
        INDArray eps = Nd4j.randn(DataType.FLOAT, shape);
        System.out.printf("shape %s, OMP_NUM_THREADS %s%n", Arrays.toString(shape), System.getenv("OMP_NUM_THREADS"));
        System.out.println("| activation | DL4J ms | facelfs ms | ratio | bit-identical |");
        System.out.println("|---|---|---|---|---|");
        row("leaky ReLU 0.25", new ActivationLReLU(0.25), new LeakyReluActivation(0.25), x, eps, false);
        row("ReLU", new ActivationReLU(), new ReluActivation(), x, eps, false);
        row("leaky ReLU 0.25, forward", new ActivationLReLU(0.25), new LeakyReluActivation(0.25), x, eps, true);
    }

    private static void row(String name, IActivation dl4j, IActivation ours, INDArray x, INDArray eps,
                            boolean forward) {
        boolean same = Arrays.equals(pass(dl4j, x.dup(), eps, forward).data().asInt(),
                pass(ours, x.dup(), eps, forward).data().asInt());
        double a = medianMs(dl4j, x, eps, forward);
        double b = medianMs(ours, x, eps, forward);
        System.out.printf("| %s | %.1f | %.1f | %.1fx | %s |%n", name, a, b, a / b, same);
    }

    private static INDArray pass(IActivation fn, INDArray in, INDArray eps, boolean forward) {
        return forward ? fn.getActivation(in, true) : fn.backprop(in, eps).getFirst();
    }

    private static double medianMs(IActivation fn, INDArray x, INDArray eps, boolean forward) {
        INDArray in = x.ulike();
        call(fn, in, x, eps, forward); // the workspace learns its size
        double[] ms = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                call(fn, in, x, eps, forward);
            }
            ms[r] = (System.nanoTime() - t0) / 1e6 / CALLS;
        }
        Arrays.sort(ms);
        return ms[REPEATS / 2];
    }

    /** One pass in a workspace, as a layer's runs: its new arrays are not fresh pages of the heap. */
    private static void call(IActivation fn, INDArray in, INDArray x, INDArray eps, boolean forward) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "activation-bench")) {
            in.assign(x); // the copy ActivationLayer hands over
            pass(fn, in, eps, forward);
        }
    }
}
