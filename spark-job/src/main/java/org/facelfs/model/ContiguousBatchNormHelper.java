package org.facelfs.model;

import java.util.Collections;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN batch-norm helper ({@code MKLDNNBatchNormHelper}: libnd4j's {@code batchnorm} and
 * {@code batchnorm_bp} ops, oneDNN's on a oneDNN build) with the batch variance computed another way. DL4J's
 * helper runs libnd4j's {@code Variance} op, ten times a mean's time on the same array and the largest part of
 * a 32x32 step's batch norms (docs/benchmarks.md, "Batch norm's variance"); here the variance is the mean square
 * of the centred activations, σ²_c = Σ (x − μ_c)² / M (M = N·H·W, biased as DL4J's), from a mean, a broadcast
 * subtraction and a squared norm. Centring first keeps it exact where |μ| ≫ σ; where the float sum of squares
 * overflows (activations of a diverging run) the variance is libnd4j's, as DL4J's helper gives it. Inference
 * (DL4J's global statistics) goes straight to the {@code batchnorm} op. Float NCHW only: other data types and
 * NHWC return null, so DL4J falls back to its built-in implementation for both passes. The last training forward
 * pass's statistics are kept for the backward pass and for DL4J's update of the global mean and variance.
 */
public final class ContiguousBatchNormHelper implements BatchNormalizationHelper {

    private static final int[] BATCH_AND_SPATIAL = {0, 2, 3};

    private INDArray meanCache;
    private INDArray varCache;
    private INDArray varSum; // a scalar kept beside the caches: the overflow check allocates nothing per step

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!supported(x, gamma, beta, format)) {
            return null;
        }
        INDArray xc = contiguous(x); // libnd4j's batchnorm gave an F-order [N, C, 1, 1] (dense case) other values
        INDArray m;
        INDArray v;
        if (training) {
            batchStatistics(xc);
            m = meanCache;
            v = varCache;
        } else {
            m = mean.reshape(mean.length());
            v = var.reshape(var.length());
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(xc, m, v, vector(gamma), vector(beta))
                .addIntegerArguments(1, 1, 1) // apply gamma, apply beta, channel axis 1
                .addFloatingPointArguments(eps)
                .addOutputs(out).build());
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, gamma, beta, format) || meanCache == null || dGammaView == null) {
            return null;
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
        INDArray dMean = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, meanCache.shape());
        INDArray dVar = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, meanCache.shape());
        Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(contiguous(input), meanCache, varCache, vector(gamma), vector(beta), contiguous(epsilon))
                .addIntegerArguments(1, 1, 1) // apply gamma, apply beta, channel axis 1
                .addFloatingPointArguments(eps)
                .addOutputs(dx, dMean, dVar, vector(dGammaView), vector(dBetaView)).build());

        Gradient grad = new DefaultGradient();
        grad.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        grad.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(grad, dx);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }

    private static boolean supported(INDArray x, INDArray gamma, INDArray beta, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && format != CNN2DFormat.NHWC
                && gamma != null && beta != null;
    }

    /** Fills the mean and variance caches with the batch's per-channel statistics. */
    private void batchStatistics(INDArray x) {
        long channels = x.size(1);
        if (meanCache == null || meanCache.length() != channels) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
                varCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
                varSum = Nd4j.scalar(DataType.FLOAT, 0f);
            }
        }
        x.mean(meanCache, BATCH_AND_SPATIAL);
        INDArray centred = x.ulike();
        Nd4j.exec(new BroadcastSubOp(x, meanCache, centred, 1));
        Nd4j.getExecutioner().exec(new SquaredNorm(centred, varCache, BATCH_AND_SPATIAL));
        varCache.divi(x.length() / channels);
        Nd4j.getExecutioner().exec(new Sum(varCache, varSum));
        if (!Float.isFinite(varSum.getFloat(0))) {
            // The float sum of squares overflows from |x - mean| ~ 1e19 (a diverging run) where libnd4j's
            // Variance op, accumulating in double, still gives the finite variance; take its result then.
            Nd4j.exec(new Variance(x, varCache, false, BATCH_AND_SPATIAL));
        }
    }

    /** A parameter or gradient row view as the rank-1 array libnd4j's ops take. */
    private static INDArray vector(INDArray a) {
        return a.rank() == 1 ? a : a.reshape(a.length());
    }

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
    }
}
