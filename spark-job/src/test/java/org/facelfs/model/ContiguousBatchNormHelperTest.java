package org.facelfs.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ContiguousBatchNormHelper} against an independent reference: batch normalisation and its gradients
 * written out per element in double precision, the reference's gradients checked by central finite
 * differences of a scalar loss. Shapes are those DL4J hands the helper: NCHW activations, and rank-2 features
 * as an F-order {@code [N, C, 1, 1]} view.
 */
class ContiguousBatchNormHelperTest {

    private static final double EPS = 1e-5;
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    /** The reference, in double: x is [n][c][s] (s = H·W), returns y; fills mean and variance (biased). */
    static double[][][] forward(double[][][] x, double[] gamma, double[] beta, double[] mean, double[] var) {
        int n = x.length;
        int c = x[0].length;
        int s = x[0][0].length;
        double[][][] y = new double[n][c][s];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (double[][] sample : x) {
                for (double v : sample[ch]) {
                    sum += v;
                }
            }
            mean[ch] = sum / (n * s);
            double sq = 0;
            for (double[][] sample : x) {
                for (double v : sample[ch]) {
                    sq += (v - mean[ch]) * (v - mean[ch]);
                }
            }
            var[ch] = sq / (n * s);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < s; k++) {
                    y[i][ch][k] = gamma[ch] * (x[i][ch][k] - mean[ch]) / Math.sqrt(var[ch] + EPS) + beta[ch];
                }
            }
        }
        return y;
    }

    /** Σ w·y: a scalar whose gradient with respect to y is w. */
    static double loss(double[][][] x, double[] gamma, double[] beta, double[][][] w) {
        double[][][] y = forward(x, gamma, beta, new double[gamma.length], new double[gamma.length]);
        double l = 0;
        for (int i = 0; i < y.length; i++) {
            for (int ch = 0; ch < y[0].length; ch++) {
                for (int k = 0; k < y[0][0].length; k++) {
                    l += w[i][ch][k] * y[i][ch][k];
                }
            }
        }
        return l;
    }

    @Test
    void trainingForwardAndBackwardMatchTheReference() {
        check(5, 4, 3, 2, new Random(1));
        check(2, 3, 1, 1, new Random(2)); // one value per channel and sample, as a dense layer's features
        check(7, 2, 4, 4, new Random(3));
    }

    private static void check(int n, int c, int h, int w, Random rnd) {
        int s = h * w;
        double[][][] x = random(n, c, s, rnd, 3.0, 1.5); // mean far from 0: the variance must not cancel
        double[][][] dy = random(n, c, s, rnd, 0.0, 1.0);
        double[] gamma = new double[c];
        double[] beta = new double[c];
        for (int ch = 0; ch < c; ch++) {
            gamma[ch] = 0.5 + rnd.nextDouble();
            beta[ch] = rnd.nextGaussian();
        }
        ContiguousBatchNormHelper helper = new ContiguousBatchNormHelper();
        INDArray xa = array(x, h, w);
        INDArray out = helper.preOutput(xa, true, xa.shape(), row(gamma), row(beta), null, null, 0.9, EPS,
                CNN2DFormat.NCHW, NO_WS);
        double[] mean = new double[c];
        double[] var = new double[c];
        double[][][] y = forward(x, gamma, beta, mean, var);
        assertClose(mean, helper.getMeanCache(DataType.FLOAT), 1e-6);
        assertClose(var, helper.getVarCache(DataType.FLOAT), 1e-6);
        assertClose(flat(y), out, 1e-5);

        INDArray dGamma = Nd4j.zeros(DataType.FLOAT, 1, c);
        INDArray dBeta = Nd4j.zeros(DataType.FLOAT, 1, c);
        Pair<Gradient, INDArray> bp = helper.backpropGradient(xa, array(dy, h, w), xa.shape(), row(gamma), row(beta),
                dGamma, dBeta, EPS, CNN2DFormat.NCHW, NO_WS);
        double[][] fd = finiteDifferences(x, gamma, beta, dy);
        assertClose(fd[0], bp.getSecond(), 1e-4);
        assertClose(fd[1], dGamma, 1e-4);
        assertClose(fd[2], dBeta, 1e-4);
        assertEquals(dGamma, bp.getFirst().getGradientFor(BatchNormalizationParamInitializer.GAMMA));
        assertEquals(dBeta, bp.getFirst().getGradientFor(BatchNormalizationParamInitializer.BETA));
    }

    /** Central differences of Σ dy·y in double: [0] by x (flattened NCHW), [1] by γ, [2] by β. */
    private static double[][] finiteDifferences(double[][][] x, double[] gamma, double[] beta, double[][][] dy) {
        double h = 1e-6;
        int n = x.length;
        int c = gamma.length;
        int s = x[0][0].length;
        double[] dx = new double[n * c * s];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < s; k++) {
                    double keep = x[i][ch][k];
                    x[i][ch][k] = keep + h;
                    double up = loss(x, gamma, beta, dy);
                    x[i][ch][k] = keep - h;
                    double down = loss(x, gamma, beta, dy);
                    x[i][ch][k] = keep;
                    dx[(i * c + ch) * s + k] = (up - down) / (2 * h);
                }
            }
        }
        return new double[][] {dx, byParameter(gamma, () -> loss(x, gamma, beta, dy), h),
                byParameter(beta, () -> loss(x, gamma, beta, dy), h)};
    }

    private static double[] byParameter(double[] p, java.util.function.DoubleSupplier loss, double h) {
        double[] d = new double[p.length];
        for (int j = 0; j < p.length; j++) {
            double keep = p[j];
            p[j] = keep + h;
            double up = loss.getAsDouble();
            p[j] = keep - h;
            double down = loss.getAsDouble();
            p[j] = keep;
            d[j] = (up - down) / (2 * h);
        }
        return d;
    }

    /** DL4J hands rank-2 features over as an F-order [N, C, 1, 1] reshape; the helper must read its strides. */
    @Test
    void denseFeaturesInDl4jsLayoutGiveTheSameResults() {
        Random rnd = new Random(4);
        double[][][] x = random(6, 3, 1, rnd, -1.0, 2.0);
        double[] gamma = {1.5, 0.5, 1.0};
        double[] beta = {0.1, -0.2, 0.3};
        INDArray cOrder = array(x, 1, 1);
        INDArray fOrder = cOrder.reshape(6, 3).dup('f').reshape('f', 6, 3, 1, 1);
        ContiguousBatchNormHelper a = new ContiguousBatchNormHelper();
        ContiguousBatchNormHelper b = new ContiguousBatchNormHelper();
        INDArray outC = a.preOutput(cOrder, true, cOrder.shape(), row(gamma), row(beta), null, null, 0.9, EPS,
                CNN2DFormat.NCHW, NO_WS);
        INDArray outF = b.preOutput(fOrder, true, fOrder.shape(), row(gamma), row(beta), null, null, 0.9, EPS,
                CNN2DFormat.NCHW, NO_WS);
        assertEquals(outC, outF);
        INDArray dy = Nd4j.rand(DataType.FLOAT, 6, 3, 1, 1);
        INDArray g1 = Nd4j.zeros(DataType.FLOAT, 1, 3);
        INDArray g2 = Nd4j.zeros(DataType.FLOAT, 1, 3);
        INDArray dx1 = a.backpropGradient(cOrder, dy, cOrder.shape(), row(gamma), row(beta), g1, Nd4j.zeros(1, 3),
                EPS, CNN2DFormat.NCHW, NO_WS).getSecond();
        INDArray dx2 = b.backpropGradient(fOrder, dy.dup('f'), fOrder.shape(), row(gamma), row(beta), g2,
                Nd4j.zeros(1, 3), EPS, CNN2DFormat.NCHW, NO_WS).getSecond();
        assertEquals(dx1, dx2);
        assertEquals(g1, g2);
    }

    /**
     * A diverging run's activations: |x − μ| ~ 1e19 squares past float's maximum, while the variance (~1e37) is
     * still a float. It must be the finite variance, as libnd4j's Variance op (DL4J's helper) gives it: an infinite
     * one normalises the batch to zeros and poisons the global variance that evaluation then uses.
     */
    @Test
    void hugeActivationsStillGiveTheFiniteVariance() {
        Random rnd = new Random(5);
        double[][][] x = random(8, 2, 16, rnd, 0.0, 3e18);
        double[] mean = new double[2];
        double[] var = new double[2];
        forward(x, new double[] {1, 1}, new double[] {0, 0}, mean, var);
        ContiguousBatchNormHelper helper = new ContiguousBatchNormHelper();
        INDArray xa = array(x, 4, 4);
        INDArray out = helper.preOutput(xa, true, xa.shape(), row(new double[] {1, 1}), row(new double[] {0, 0}),
                null, null, 0.9, EPS, CNN2DFormat.NCHW, NO_WS);
        assertClose(var, helper.getVarCache(DataType.FLOAT), 1e-5);
        assertEquals(xa.var(false, 0, 2, 3), helper.getVarCache(DataType.FLOAT));
        assertEquals(1.0, out.var(false).getDouble(0), 1e-3, "the normalised batch has unit variance");
    }

    @Test
    void inferenceUsesTheGlobalStatistics() {
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8}).reshape(2, 2, 2, 1);
        INDArray out = new ContiguousBatchNormHelper().preOutput(x, false, x.shape(),
                Nd4j.createFromArray(new float[][] {{2, 1}}), Nd4j.createFromArray(new float[][] {{0, 10}}),
                Nd4j.createFromArray(new float[][] {{1, 0}}), Nd4j.createFromArray(new float[][] {{4, 1}}), 0.9, 0,
                CNN2DFormat.NCHW, NO_WS);
        // channel 0: 2·(x − 1)/2 = x − 1; channel 1: (x − 0)/1 + 10
        assertEquals(Nd4j.createFromArray(new float[] {0, 1, 13, 14, 4, 5, 17, 18}).reshape(2, 2, 2, 1), out);
    }

    @Test
    void otherLayoutsAndTypesAreLeftToDl4j() {
        ContiguousBatchNormHelper helper = new ContiguousBatchNormHelper();
        INDArray g = Nd4j.ones(DataType.FLOAT, 1, 2);
        assertNull(helper.preOutput(Nd4j.rand(DataType.FLOAT, 2, 3, 3, 2), true, null, g, g, null, null, 0.9, EPS,
                CNN2DFormat.NHWC, NO_WS));
        assertNull(helper.preOutput(Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 3), true, null, g, g, null, null, 0.9, EPS,
                CNN2DFormat.NCHW, NO_WS));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 3, 3);
        assertNull(helper.backpropGradient(x, x, null, g, g, g.dup(), g.dup(), EPS, CNN2DFormat.NCHW, NO_WS),
                "no forward pass yet: no batch statistics");
    }

    private static double[][][] random(int n, int c, int s, Random rnd, double mean, double sd) {
        double[][][] a = new double[n][c][s];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < s; k++) {
                    a[i][ch][k] = (float) (mean + sd * rnd.nextGaussian()); // exactly representable in float
                }
            }
        }
        return a;
    }

    private static double[] flat(double[][][] a) {
        int c = a[0].length;
        int s = a[0][0].length;
        double[] f = new double[a.length * c * s];
        for (int i = 0; i < a.length; i++) {
            for (int ch = 0; ch < c; ch++) {
                System.arraycopy(a[i][ch], 0, f, (i * c + ch) * s, s);
            }
        }
        return f;
    }

    private static INDArray array(double[][][] a, int h, int w) {
        return Nd4j.createFromArray(flat(a)).castTo(DataType.FLOAT).reshape('c', a.length, a[0].length, h, w);
    }

    private static INDArray row(double[] v) {
        return Nd4j.createFromArray(v).castTo(DataType.FLOAT).reshape(1, v.length);
    }

    /** Element by element within {@code tol} relative to the reference's largest magnitude (float rounding). */
    private static void assertClose(double[] expected, INDArray actual, double tol) {
        double[] got = actual.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        assertEquals(expected.length, got.length);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], tol * Math.max(scale, 1e-3), "element " + i);
        }
    }
}
