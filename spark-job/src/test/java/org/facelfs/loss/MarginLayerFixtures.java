package org.facelfs.loss;

import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/** Small networks and inputs with chosen target cosines, shared by the layer tests. */
final class MarginLayerFixtures {

    private MarginLayerFixtures() {
    }

    /** A margin layer alone (optionally behind an identity dense layer), double precision. */
    static MultiLayerNetwork mln(LossSpec spec, int dim, int classes, boolean dense, IUpdater updater, DataType dt) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(dt).updater(updater).list();
        if (dense) {
            b.layer(new DenseLayer.Builder().nIn(dim).nOut(dim).activation(Activation.IDENTITY).build());
        }
        b.layer(new MarginSoftmaxOutputLayer.Builder().nIn(dim).nOut(classes).spec(spec).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        if (dense) {
            Random rnd = new Random(5);
            INDArray w = Nd4j.eye(dim).castTo(dt);
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    w.putScalar(i, j, w.getDouble(i, j) + 0.01 * rnd.nextGaussian());
                }
            }
            net.getLayer(0).setParam("W", w);
            net.getLayer(0).setParam("b", Nd4j.zeros(dt, 1, dim));
        }
        return net;
    }

    /** The graph shape the backbone helper builds: input → "embedding" → "margin". */
    static ComputationGraph graph(LossSpec spec, int inputs, int dim, int classes, IUpdater updater) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.DOUBLE).updater(updater)
                .graphBuilder()
                .addInputs("in")
                .addLayer("embedding", new DenseLayer.Builder().nIn(inputs).nOut(dim).activation(Activation.TANH).build(), "in")
                .addLayer("margin", new MarginSoftmaxOutputLayer.Builder().nIn(dim).nOut(classes).spec(spec).build(), "embedding")
                .setOutputs("margin")
                .build());
        net.init();
        return net;
    }

    /**
     * Embeddings whose cosine with the column {@code labels[i]} of {@code w} is {@code targetCos[i]},
     * with random norms in [0.5, 2].
     */
    static INDArray embeddingsWithTargetCos(INDArray w, int[] labels, double[] targetCos, long seed) {
        Random rnd = new Random(seed);
        int dim = (int) w.size(0);
        INDArray x = Nd4j.create(w.dataType(), targetCos.length, dim);
        for (int i = 0; i < targetCos.length; i++) {
            double[] u = unitColumn(w, labels[i]);
            double[] v = new double[dim];
            for (int k = 0; k < dim; k++) {
                v[k] = rnd.nextGaussian();
            }
            double dot = 0;
            for (int k = 0; k < dim; k++) {
                dot += v[k] * u[k];
            }
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                v[k] -= dot * u[k];
                norm += v[k] * v[k];
            }
            norm = Math.sqrt(norm);
            double c = targetCos[i];
            double length = 0.5 + 1.5 * rnd.nextDouble();
            for (int k = 0; k < dim; k++) {
                x.putScalar(i, k, length * (c * u[k] + Math.sqrt(1 - c * c) * v[k] / norm));
            }
        }
        return x;
    }

    static double[] unitColumn(INDArray w, int j) {
        double[] u = w.getColumn(j).toDoubleVector();
        double n = 0;
        for (double v : u) {
            n += v * v;
        }
        n = Math.sqrt(n);
        for (int k = 0; k < u.length; k++) {
            u[k] /= n;
        }
        return u;
    }

    static INDArray oneHot(int[] labels, int classes, DataType dt) {
        INDArray y = Nd4j.zeros(dt, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1);
        }
        return y;
    }

    static int[] cyclicLabels(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }

    static double[][] toArray(INDArray a) {
        return a.toDoubleMatrix();
    }
}
