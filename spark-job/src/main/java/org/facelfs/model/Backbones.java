package org.facelfs.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.facelfs.model.GraphAssembler.Node;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds a face model as one DL4J {@link ComputationGraph}: vertex {@value #INPUT} (NCHW images)
 * → backbone → vertex {@value #EMBEDDING} (the face embedding, before any normalisation) →
 * output layer {@value #HEAD} (the margin softmax, or any DL4J output layer with
 * {@code nIn = embeddingDim}). Evaluation reads {@value #EMBEDDING}; training fits {@value #HEAD}.
 *
 * <p>Every backbone ends with insightface's head {@code BN → Dropout → Flatten → FC → BN}; the
 * last BN's output is the embedding. Read it with
 * {@code graph.output(List.of(Backbones.EMBEDDING), false, new INDArray[] {images}, null)[0]}.
 */
public final class Backbones {

    /** Name of the image input. */
    public static final String INPUT = "input";
    /**
     * Name of the embedding vertex: an identity layer after the final BN. DL4J M2.1 cannot return
     * a BatchNormalization layer's activations from {@code output(List, ...)} with workspaces on
     * ("Workspace ... for array type INPUT is not open"), so the BN output is exposed through it.
     */
    public static final String EMBEDDING = "embedding";
    /** Name of the output layer attached to the embedding. */
    public static final String HEAD = "margin";

    private Backbones() {
    }

    /** Builds and initialises the graph (parameters drawn from {@code seed}). */
    public static ComputationGraph graph(BackboneSpec spec, Layer head, UpdaterSettings opt, long seed) {
        ComputationGraph graph = new ComputationGraph(configuration(spec, head, opt, seed));
        graph.init();
        return graph;
    }

    /**
     * The graph configuration. The updater starts at the schedule's base rate; the trainer sets
     * the rate of each iteration with {@code train.Optimizer#applyLr}.
     *
     * @param head an output layer configuration; it is cloned, and its {@code nIn} may be left
     *             unset (it is inferred) but if set must equal {@code spec.embeddingDim()}
     */
    public static ComputationGraphConfiguration configuration(BackboneSpec spec, Layer head, UpdaterSettings opt, long seed) {
        if (head == null || opt == null || spec == null) {
            throw new IllegalArgumentException("spec, head and optimizer must all be set");
        }
        if (head instanceof FeedForwardLayer ff && ff.getNIn() != 0 && ff.getNIn() != spec.embeddingDim()) {
            throw new IllegalArgumentException("head nIn " + ff.getNIn() + " does not match embeddingDim "
                    + spec.embeddingDim());
        }
        GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(opt.updater())
                .l2(opt.l2())
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Truncate)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(spec.input().height(), spec.input().width(),
                        spec.input().channels()));
        GraphAssembler g = new GraphAssembler(builder);
        Node input = g.input(INPUT, spec.input().channels(), spec.input().height(), spec.input().width());
        Node body = switch (spec.kind()) {
            case SMALL_CNN -> SmallCnn.body(g, input, spec);
            case IRESNET18, IRESNET34, IRESNET50, IRESNET100 -> IResNet.body(g, input, spec);
            case MOBILEFACENET -> MobileFaceNet.body(g, input, spec);
        };
        Node x = spec.kind() == BackboneKind.MOBILEFACENET ? body : g.bn(body, "head.bn");
        if (spec.dropout() > 0) {
            x = g.dropout(x, "head.dropout", spec.dropout());
        }
        // MobileFaceNet's final 1x1 conv is linear without bias; insightface's IResNet FC has one.
        x = g.dense(x, "head.fc", spec.embeddingDim(), spec.kind() != BackboneKind.MOBILEFACENET);
        g.identity(g.bn(x, "embedding.bn"), EMBEDDING);
        builder.addLayer(HEAD, head.clone(), EMBEDDING).setOutputs(HEAD);
        return builder.build();
    }
}
