package org.facelfs.model.bench;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.facelfs.model.ContiguousBatchNormHelper;
import org.facelfs.model.NativeBuild;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One batch-norm layer's training forward and backward pass with DL4J's oneDNN helper against
 * {@link ContiguousBatchNormHelper}: median ms per call (forward + backward) of 5 repeats of 20 calls in a
 * workspace, and the largest difference of their input gradients relative to its largest magnitude. Default
 * shapes: the README model's (32x32 input, batch 32, widths 16/32/64) and the small CNN's first stage at
 * 112x112, batch 64. Args: {@code N C H W} for one shape. Threads: {@code OMP_NUM_THREADS}.
 */
public final class BatchNormBench {

    private static final int CALLS = 20;
    private static final int REPEATS = 5;
    private static final double EPS = 1e-5;
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.STRICT).build();

    private BatchNormBench() {
    }

    public static void main(String[] args) {
        NativeBuild.choose(); // the product's ND4J build (or -Dfacelfs.native), before ND4J loads
        long[][] shapes = args.length == 4 ? new long[][] {Arrays.stream(args).mapToLong(Long::parseLong).toArray()}
                : new long[][] {{32, 16, 16, 16}, {32, 32, 8, 8}, {32, 64, 4, 4}, {64, 32, 56, 56}};
        System.out.printf("OMP_NUM_THREADS %s%n", System.getenv("OMP_NUM_THREADS"));
        System.out.println("| shape | DL4J oneDNN helper ms | facelfs ms | ratio | max dx difference (relative) |");
        System.out.println("|---|---|---|---|---|");
        for (long[] shape : shapes) {
            row(shape);
        }
    }

    private static void row(long[] shape) {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, shape).muli(1.5).addi(0.5);
        INDArray dy = Nd4j.randn(DataType.FLOAT, shape);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, shape[1]).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, 1, shape[1]);
        BatchNormalizationHelper dl4j = new MKLDNNBatchNormHelper(DataType.FLOAT);
        BatchNormalizationHelper ours = new ContiguousBatchNormHelper();
        INDArray dxDl4j = pass(dl4j, x, dy, gamma, beta);
        INDArray dxOurs = pass(ours, x, dy, gamma, beta);
        double diff = dxDl4j.sub(dxOurs).amaxNumber().doubleValue() / dxDl4j.amaxNumber().doubleValue();
        double a = medianMs(dl4j, x, dy, gamma, beta);
        double b = medianMs(ours, x, dy, gamma, beta);
        System.out.printf("| %s | %.3f | %.3f | %.2fx | %.1e |%n", Arrays.toString(shape), a, b, a / b, diff);
    }

    private static INDArray pass(BatchNormalizationHelper h, INDArray x, INDArray dy, INDArray gamma, INDArray beta) {
        h.preOutput(x, true, x.shape(), gamma, beta, null, null, 0.9, EPS, CNN2DFormat.NCHW, NO_WS);
        return h.backpropGradient(x, dy, x.shape(), gamma, beta, gamma.ulike(), beta.ulike(), EPS, CNN2DFormat.NCHW,
                NO_WS).getSecond();
    }

    private static double medianMs(BatchNormalizationHelper h, INDArray x, INDArray dy, INDArray gamma,
                                   INDArray beta) {
        INDArray dGamma = gamma.ulike();
        INDArray dBeta = beta.ulike();
        call(h, x, dy, gamma, beta, dGamma, dBeta); // the workspace learns its size
        double[] ms = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                call(h, x, dy, gamma, beta, dGamma, dBeta);
            }
            ms[r] = (System.nanoTime() - t0) / 1e6 / CALLS;
        }
        Arrays.sort(ms);
        return ms[REPEATS / 2];
    }

    private static void call(BatchNormalizationHelper h, INDArray x, INDArray dy, INDArray gamma, INDArray beta,
                             INDArray dGamma, INDArray dBeta) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "bn-bench")) {
            h.preOutput(x, true, x.shape(), gamma, beta, null, null, 0.9, EPS, CNN2DFormat.NCHW, NO_WS);
            h.backpropGradient(x, dy, x.shape(), gamma, beta, dGamma, dBeta, EPS, CNN2DFormat.NCHW, NO_WS);
        }
    }
}
