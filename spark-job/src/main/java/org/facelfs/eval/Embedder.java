package org.facelfs.eval;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageOps;
import org.facelfs.data.ImageShape;
import org.facelfs.data.VerificationSet;
import org.facelfs.model.Backbones;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Embeds the images of a {@link VerificationSet} with a graph's {@value Backbones#EMBEDDING}
 * vertex and scores its pairs. Inference runs in batches over the distinct images that pairs
 * use, each image once however many pairs share it (the count is kept); a pair's score is the
 * cosine of its two embeddings. With flip fusion (insightface's protocol) an image's embedding
 * is {@code normalise(f(img) + f(flip(img)))}; the image and its mirror go through the network
 * in the same batch.
 */
public final class Embedder {

    private final ComputationGraph graph;
    private final int batchSize;
    private final boolean flipFusion;
    private long imagesEmbedded;

    /**
     * @param graph      a graph built by {@link Backbones} (it is only read; BN in inference mode)
     * @param batchSize  images per forward pass (doubled with flip fusion)
     * @param flipFusion add the embedding of the mirrored image before normalising
     */
    public Embedder(ComputationGraph graph, int batchSize, boolean flipFusion) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (graph.getVertex(Backbones.EMBEDDING) == null) {
            throw new IllegalArgumentException("graph has no vertex named '" + Backbones.EMBEDDING + "'");
        }
        this.graph = graph;
        this.batchSize = batchSize;
        this.flipFusion = flipFusion;
    }

    /** Distinct images embedded by this embedder so far (over every call). */
    public long imagesEmbedded() {
        return imagesEmbedded;
    }

    /**
     * L2-normalised embeddings of the images pairs use; rows of images no pair uses are null.
     */
    public float[][] embed(VerificationSet set) {
        boolean[] used = new boolean[set.numImages()];
        for (int p = 0; p < set.numPairs(); p++) {
            used[set.left(p)] = true;
            used[set.right(p)] = true;
        }
        int[] todo = IntStream.range(0, used.length).filter(i -> used[i]).toArray();
        float[][] out = new float[set.numImages()][];
        for (int start = 0; start < todo.length; start += batchSize) {
            int n = Math.min(batchSize, todo.length - start);
            int[] ids = Arrays.copyOfRange(todo, start, start + n);
            float[][] rows = embedBatch(set, ids);
            for (int k = 0; k < n; k++) {
                out[ids[k]] = rows[k];
            }
            imagesEmbedded += n;
        }
        return out;
    }

    /** Cosine score of every pair from normalised embeddings. */
    public static double[] cosineScores(float[][] embeddings, VerificationSet set) {
        double[] scores = new double[set.numPairs()];
        for (int p = 0; p < scores.length; p++) {
            float[] a = embeddings[set.left(p)];
            float[] b = embeddings[set.right(p)];
            double dot = 0;
            for (int d = 0; d < a.length; d++) {
                dot += (double) a[d] * b[d];
            }
            scores[p] = dot;
        }
        return scores;
    }

    /** Embeds, scores and measures the set: the candidate's verification report. */
    public VerificationReport evaluate(VerificationSet set) {
        return evaluateWithDecisions(set).report();
    }

    /** A report and the per-pair decisions behind its k-fold accuracy (for paired tests between models). */
    public record Evaluation(VerificationReport report, PairDecisions decisions) {
    }

    /** As {@link #evaluate}, also keeping each pair's score and k-fold decision. */
    public Evaluation evaluateWithDecisions(VerificationSet set) {
        long before = imagesEmbedded;
        float[][] embeddings = embed(set);
        double[] scores = cosineScores(embeddings, set);
        boolean[] same = new boolean[set.numPairs()];
        int[] folds = new int[set.numPairs()];
        for (int p = 0; p < same.length; p++) {
            same[p] = set.same(p);
            folds[p] = set.fold(p);
        }
        VerificationReport report = VerificationReport.of(set.name(), scores, same, folds, set.numFolds(),
                (int) (imagesEmbedded - before));
        return new Evaluation(report, PairDecisions.of(scores, same, folds, report.foldThresholds()));
    }

    private float[][] embedBatch(VerificationSet set, int[] ids) {
        ImageShape shape = set.shape();
        int len = shape.length();
        int n = ids.length;
        int rows = flipFusion ? 2 * n : n;
        float[] buffer = new float[rows * len];
        for (int k = 0; k < n; k++) {
            float[] img = set.image(ids[k]);
            if (img.length != len) {
                throw new IllegalArgumentException(set.name() + ": image " + ids[k] + " has " + img.length
                        + " floats, shape " + shape + " needs " + len);
            }
            System.arraycopy(img, 0, buffer, k * len, len);
            if (flipFusion) {
                System.arraycopy(ImageOps.flipHorizontal(img, shape), 0, buffer, (n + k) * len, len);
            }
        }
        INDArray input = Nd4j.create(buffer, new long[] {rows, shape.channels(), shape.height(), shape.width()}, DataType.FLOAT);
        INDArray emb = graph.output(List.of(Backbones.EMBEDDING), false, new INDArray[] {input}, null)[0];
        if (flipFusion) {
            emb = emb.get(NDArrayIndex.interval(0, n), NDArrayIndex.all())
                    .add(emb.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()));
        }
        float[][] out = emb.castTo(DataType.FLOAT).toFloatMatrix();
        for (int k = 0; k < n; k++) {
            requireFinite(out[k], set.name(), ids[k]);
            normalise(out[k]);
        }
        return out;
    }

    private static void requireFinite(float[] embedding, String setName, int image) {
        for (float x : embedding) {
            if (!Float.isFinite(x)) {
                throw new NonFiniteEmbeddingException(setName, image, x);
            }
        }
    }

    /** In-place L2 normalisation; a zero vector stays zero (its cosine with anything is 0). */
    static void normalise(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += (double) x * x;
        }
        if (sq > 0) {
            double inv = 1 / Math.sqrt(sq);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] * inv);
            }
        }
    }
}
