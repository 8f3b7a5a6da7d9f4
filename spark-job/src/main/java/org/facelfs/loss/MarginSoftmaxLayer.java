package org.facelfs.loss;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime layer of {@link MarginSoftmaxOutputLayer}: hand-written ND4J forward and backward.
 *
 * <p>Forward: {@code x̂ = x/‖x‖}, {@code r_j = ‖W_j‖}, {@code cos = (x̂ W) / r} (W itself is never
 * normalised into a copy: dividing the [n x C] product by r is 4x cheaper than normalising the
 * [d x C] matrix at d = 512, n = 128), {@code z = s·cos} with the target logit replaced by
 * {@code s f(cos_y)} ({@link TargetMargin}), {@code log p_y = (z_y - max z) - log Σ exp(z - max z)}, and the per-sample
 * loss and weight w from {@link SampleLoss}.
 *
 * <p>Backward, with {@code G = dL/dcos} ({@code s w p_j}, target {@code s w (p_y - 1) f'(cos_y)}) and
 * {@code G' = G / r} (column-wise):
 * <pre>
 *   dL/dW   = x̂ᵀ G' - W · diag(q),     q_j = Σ_i G'_ij cos_ij / r_j
 *   dL/dx̂   = G' Wᵀ
 *   dL/dx   = (dL/dx̂ - x̂ (x̂ · dL/dx̂)) / ‖x‖
 * </pre>
 * Gradients are of the summed loss (DL4J divides by the minibatch size in the updater).
 *
 * <p>The per-sample work (n scalars) is done in double in Java; the [n x C] and [d x C] work in
 * ND4J. DL4J calls {@code backpropGradient} and then {@code computeScore} on the same input in one
 * training step; the loss found in backprop is handed to that one {@code computeScore} call instead
 * of running the forward pass a second time (DL4J's own OutputLayer runs it twice).
 */
public class MarginSoftmaxLayer extends BaseOutputLayer<MarginSoftmaxOutputLayer> {

    private static final String W = DefaultParamInitializer.WEIGHT_KEY;
    /** Lower bound on vector norms, so that a zero embedding or class vector gives no NaN. */
    private static final double NORM_FLOOR = 1e-12;

    private double regularizationTerm;
    // One-shot hand-over of the summed loss from backpropGradient to the following computeScore.
    private Double pendingLossSum;
    private INDArray pendingInput;
    private INDArray pendingLabels;

    public MarginSoftmaxLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The spec in force now (it may change between rounds, see {@link MarginHeads}). */
    public LossSpec spec() {
        return layerConf().getSpec();
    }

    /** The normalised embeddings, their norms, the class-weight norms and the cosine matrix. */
    private record Cosines(INDArray w, INDArray xn, INDArray xNorm, INDArray wNorm, INDArray cos) {
    }

    /** Per-sample results of the loss pass. */
    private record Losses(double[] loss, double[] weight, double[] oneMinusP, double[] targetSlope, INDArray sumExp,
                          INDArray exps, int[] labels, INDArray offTargetSlope) {
        double sum() {
            return Arrays.stream(loss).sum();
        }
    }

    private Cosines cosines(boolean training, LayerWorkspaceMgr workspaceMgr) {
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(W, training, workspaceMgr);
        INDArray x = input.castTo(w.dataType());
        if (x.rank() != 2 || x.size(1) != w.size(0)) {
            throw new DL4JInvalidInputException("MarginSoftmaxOutputLayer expects embeddings [minibatch, " + w.size(0)
                    + "], got shape " + Arrays.toString(x.shape()) + " " + layerId());
        }
        long n = x.size(0);
        INDArray xNorm = Transforms.max(x.norm2(1), NORM_FLOOR, false).reshape(n, 1);
        INDArray xn = x.divColumnVector(xNorm);
        INDArray wNorm = Transforms.max(w.norm2(0), NORM_FLOOR, false).reshape(1, w.size(1));
        INDArray cos = Nd4j.createUninitialized(w.dataType(), n, w.size(1));
        Nd4j.gemm(xn, w, cos, false, false, 1.0, 0.0);
        cos.diviRowVector(wNorm);
        return new Cosines(w, xn, xNorm, wNorm, cos);
    }

    private int[] labelIndices(long n, long classes) {
        if (labels == null) {
            throw new IllegalStateException("MarginSoftmaxOutputLayer needs labels " + layerId());
        }
        if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != classes) {
            throw new DL4JInvalidInputException("labels must be one-hot [" + n + ", " + classes + "], got shape "
                    + Arrays.toString(labels.shape()) + " " + layerId());
        }
        return labels.argMax(1).toIntVector();
    }

    private Losses losses(Cosines c) {
        LossSpec spec = spec();
        double s = spec.scale();
        int n = (int) c.cos.size(0);
        TargetMargin[] margin = TargetMargin.forBatch(spec, getIterationCount(), c.xNorm.toDoubleVector());
        int[] y = labelIndices(n, c.cos.size(1));
        double[] mask = perExampleMask(n);
        INDArray z = c.cos.mul(s);
        INDArray offTargetSlope = spec instanceof LossSpec.CurricularFace cf ? hardNegatives(cf, c.cos, y, z) : null;
        double[] targetSlope = new double[n];
        for (int i = 0; i < n; i++) {
            double cy = c.cos.getDouble(i, y[i]);
            targetSlope[i] = margin[i].slope(cy);
            if (!margin[i].isIdentity()) {
                z.putScalar(i, y[i], s * margin[i].value(cy));
            }
        }
        // log p_y = (z_y - max) - log Σ exp(z - max). Not ND4J's LogSumExp op: in 1.0.0-M2.1 it returns
        // -inf for a row like [-1e5, 0, 0, 0]. The off-target terms are summed apart from the target's:
        // in float 1 + 3·2.3e-8 is 1.0, and 1 - p (which a large |a| multiplies by 1e4) would be 0.
        INDArray rowMax = z.max(true, 1);
        double[] zy = new double[n];
        for (int i = 0; i < n; i++) {
            zy[i] = z.getDouble(i, y[i]);
        }
        double[] max = rowMax.toDoubleVector();
        INDArray exps = Transforms.exp(z.subiColumnVector(rowMax), false);
        double[] targetExp = new double[n];
        for (int i = 0; i < n; i++) {
            targetExp[i] = exps.getDouble(i, y[i]);
            exps.putScalar(i, y[i], 0);
        }
        double[] rest = exps.sum(true, 1).castTo(DataType.DOUBLE).toDoubleVector();
        double[] loss = new double[n];
        double[] weight = new double[n];
        double[] logP = new double[n];
        double[] oneMinusP = new double[n];
        double[] sums = new double[n];
        for (int i = 0; i < n; i++) {
            exps.putScalar(i, y[i], targetExp[i]);
            double ey = Math.exp(zy[i] - max[i]); // 1 exactly when the target is the largest logit
            sums[i] = ey + rest[i];
            logP[i] = Math.min(0, (zy[i] - max[i]) - (ey == 1 ? Math.log1p(rest[i]) : Math.log(sums[i])));
            oneMinusP[i] = rest[i] / sums[i];
            SampleLoss sample = SampleLoss.of(spec, logP[i], oneMinusP[i]);
            loss[i] = mask[i] * sample.loss();
            weight[i] = mask[i] * sample.weight();
        }
        INDArray sumExp = Nd4j.createFromArray(sums).castTo(exps.dataType()).reshape(n, 1);
        return new Losses(loss, weight, oneMinusP, targetSlope, sumExp, exps, y, offTargetSlope);
    }

    /**
     * CurricularFace: replaces the logits of the hard negatives in {@code z} by {@code s g(cos)} and
     * returns the slope {@code dz/(s dcos)} of every entry (1 where nothing changed); see {@link HardNegatives}.
     */
    private static INDArray hardNegatives(LossSpec.CurricularFace cf, INDArray cos, int[] y, INDArray z) {
        int n = y.length;
        double[] threshold = new double[n];
        for (int i = 0; i < n; i++) {
            threshold[i] = HardNegatives.threshold(cf.m(), cos.getDouble(i, y[i]));
        }
        INDArray hard = cos.subColumnVector(Nd4j.createFromArray(threshold).castTo(cos.dataType()).reshape(n, 1))
                .gt(0).castTo(cos.dataType());
        for (int i = 0; i < n; i++) {
            hard.putScalar(i, y[i], 0); // the target's logit is the margin's
        }
        double t = cf.t();
        // z += s·hard·(g(c) - c) = s·hard·c·(t - 1 + c); slope = 1 + hard·(g'(c) - 1) = 1 + hard·(t - 1 + 2c)
        z.addi(cos.add(t - 1).muli(cos).muli(hard).muli(cf.scale()));
        return cos.mul(2).addi(t - 1).muli(hard).addi(1);
    }

    /** CurricularFace's and AdaFace's running statistics move by one training step's batch, before the step. */
    private void advanceRunningStatistics(Cosines c) {
        LossSpec spec = spec();
        if (!RunningStatistics.isStateful(spec)) {
            return;
        }
        int n = (int) c.cos.size(0);
        int[] y = labelIndices(n, c.cos.size(1));
        double[] targetCos = new double[n];
        for (int i = 0; i < n; i++) {
            targetCos[i] = c.cos.getDouble(i, y[i]);
        }
        layerConf().setSpec(RunningStatistics.afterStep(spec, targetCos, c.xNorm.toDoubleVector()));
    }

    private double[] perExampleMask(int n) {
        double[] mask = new double[n];
        Arrays.fill(mask, 1);
        if (maskArray != null) {
            if (maskArray.length() != n) {
                throw new DL4JInvalidInputException("MarginSoftmaxOutputLayer supports per-example masks [" + n
                        + ", 1] only, got shape " + Arrays.toString(maskArray.shape()) + " " + layerId());
            }
            mask = maskArray.castTo(DataType.DOUBLE).toDoubleVector();
        }
        return mask;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Cosines c = cosines(true, workspaceMgr);
        advanceRunningStatistics(c);
        Losses l = losses(c);
        double s = spec().scale();
        int n = l.loss.length;
        DataType dt = c.w.dataType();

        // G = dL/dcos: s·w·p_j off target, s·w·(p_y - 1)·f'(cos_y) on target; then G' = G / r.
        INDArray g = l.exps.diviColumnVector(l.sumExp); // p
        double[] sw = new double[n];
        for (int i = 0; i < n; i++) {
            sw[i] = s * l.weight[i];
        }
        g.muliColumnVector(Nd4j.createFromArray(sw).castTo(dt).reshape(n, 1));
        if (l.offTargetSlope != null) {
            g.muli(l.offTargetSlope);
        }
        for (int i = 0; i < n; i++) {
            g.putScalar(i, l.labels[i], -sw[i] * l.oneMinusP[i] * l.targetSlope[i]);
        }
        g.diviRowVector(c.wNorm);

        // dL/dW = x̂ᵀ G' - W·diag(q), q_j = Σ_i G'_ij cos_ij / r_j
        INDArray q = Nd4j.exec(new Dot(g, c.cos, 0)).reshape(1, c.w.size(1));
        q.divi(c.wNorm).negi();
        INDArray weightGrad = gradientViews.get(W);
        // W is 'f'-ordered [d, C]: scale the rows of its 'c'-ordered transpose [C, d] (contiguous);
        // broadcasting along dimension 1 of the 'f' view directly is ~20x slower in ND4J.
        Nd4j.exec(new BroadcastMulOp(c.w.transpose(), q.reshape(c.w.size(1), 1), weightGrad.transpose(), 0));
        Nd4j.gemm(c.xn, g, weightGrad, true, false, 1.0, 1.0);
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(W, weightGrad);

        // dL/dx = (G' Wᵀ - x̂ (x̂·G' Wᵀ)) / ‖x‖
        INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dt,
                new long[] {n, c.w.size(0)}, 'c');
        Nd4j.gemm(g, c.w, epsilonNext, false, true, 1.0, 0.0);
        INDArray radial = epsilonNext.mul(c.xn).sum(true, 1);
        epsilonNext.subi(c.xn.mulColumnVector(radial)).diviColumnVector(c.xNorm);
        epsilonNext = backpropDropOutIfPresent(epsilonNext);

        pendingLossSum = l.sum();
        pendingInput = input;
        pendingLabels = labels;
        weightNoiseParams.clear();
        return new Pair<>(gradient, epsilonNext);
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            return;
        }
        this.gradient = backpropGradient(null, workspaceMgr).getFirst();
        this.score = computeScore(regularizationTerm, true, workspaceMgr);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            throw new IllegalStateException("Cannot calculate score without input and labels " + layerId());
        }
        this.regularizationTerm = fullNetRegTerm;
        double lossSum;
        if (training && pendingLossSum != null && pendingInput == input && pendingLabels == labels) {
            lossSum = pendingLossSum;
        } else {
            lossSum = losses(cosines(training, workspaceMgr)).sum();
        }
        clearPending();
        double score = lossSum;
        if (conf().isMiniBatch()) {
            score /= getInputMiniBatchSize();
        }
        this.score = score + fullNetRegTerm;
        return this.score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        if (input == null || labels == null) {
            throw new IllegalStateException("Cannot calculate score without input and labels " + layerId());
        }
        double[] loss = losses(cosines(false, workspaceMgr)).loss;
        INDArray scores = Nd4j.createFromArray(loss).reshape(loss.length, 1).addi(fullNetRegTerm).castTo(dataType);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, scores);
    }

    /** The prediction output: {@code softmax(s·cos θ)}, without any margin. */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Cosines c = cosines(training, workspaceMgr);
        INDArray logits = c.cos.muli(spec().scale());
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, logits.dataType(), logits.shape(), 'c');
        Nd4j.exec(new SoftMax(logits, out, 1));
        return out;
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return cosines(training, workspaceMgr).cos.muli(spec().scale());
    }

    @Override
    protected INDArray getLabels2d(LayerWorkspaceMgr workspaceMgr, ArrayType arrayType) {
        return labels;
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        clearPending();
        super.setInput(input, workspaceMgr);
    }

    @Override
    public void setLabels(INDArray labels) {
        clearPending();
        super.setLabels(labels);
    }

    @Override
    public void clear() {
        super.clear();
        clearPending();
    }

    private void clearPending() {
        pendingLossSum = null;
        pendingInput = null;
        pendingLabels = null;
    }
}
