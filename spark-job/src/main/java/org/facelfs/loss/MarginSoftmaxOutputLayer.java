package org.facelfs.loss;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Configuration of the margin-softmax output layer (DESIGN.md §1.1): one learnable class-weight
 * matrix {@code W [nIn x nOut]} (no bias), L2-normalised embeddings and W columns, logits
 * {@code s·cos θ}, and the loss of a {@link LossSpec}. Its output (for prediction) is
 * {@code softmax(s·cos θ)}; its score the mean loss.
 *
 * <pre>{@code
 * new MarginSoftmaxOutputLayer.Builder().nIn(512).nOut(numClasses).spec(new LossSpec.CosFace(32, 0.35)).build()
 * }</pre>
 *
 * <p>The spec is stored as its JSON text ({@link LossSpecJson}) because DL4J's configuration JSON
 * uses a shaded Jackson that ignores {@link LossSpec}'s annotations; so it survives
 * {@code ComputationGraphConfiguration.toJson()} and {@code ModelSerializer}. It is the one
 * mutable field: {@link MarginHeads#withSpec} changes it between rounds without touching W or the
 * updater state.
 */
public class MarginSoftmaxOutputLayer extends BaseOutputLayer {

    private String specJson;
    private transient LossSpec spec;

    /** For DL4J's JSON deserialisation only. */
    public MarginSoftmaxOutputLayer() {
    }

    private MarginSoftmaxOutputLayer(Builder builder) {
        super(builder);
        this.hasBias = false;
        setSpec(builder.spec);
        initializeConstraints(builder);
    }

    /** The loss this layer computes. */
    @JsonIgnore
    public LossSpec getSpec() {
        if (spec == null && specJson != null) {
            spec = LossSpecJson.read(specJson);
        }
        return spec;
    }

    /** Replaces the loss (between rounds); prefer {@link MarginHeads#withSpec}. */
    @JsonIgnore
    public void setSpec(LossSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.specJson = LossSpecJson.write(spec);
    }

    /** The spec as JSON: the serialised property. */
    public String getSpecJson() {
        return specJson;
    }

    /** Sets the spec from its JSON (used by DL4J's deserialiser). */
    public void setSpecJson(String specJson) {
        this.specJson = specJson;
        this.spec = null;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("MarginSoftmaxOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        MarginSoftmaxLayer layer = new MarginSoftmaxLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    @Override
    public MarginSoftmaxOutputLayer clone() {
        MarginSoftmaxOutputLayer copy = (MarginSoftmaxOutputLayer) super.clone();
        copy.spec = null; // re-read from specJson: no shared state between clones
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MarginSoftmaxOutputLayer other && super.equals(o) && Objects.equals(specJson, other.specJson);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hashCode(specJson);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof MarginSoftmaxOutputLayer;
    }

    @Override
    public String toString() {
        return "MarginSoftmaxOutputLayer(" + getLayerName() + ", nIn=" + getNIn() + ", nOut=" + getNOut()
                + ", spec=" + specJson + ")";
    }

    /** Builder: {@code nIn} (embedding size), {@code nOut} (number of classes) and {@code spec} are required. */
    public static class Builder extends BaseOutputLayer.Builder<Builder> {

        private LossSpec spec;

        public Builder() {
            this.setActivationFn(new ActivationSoftmax());
            this.setHasBias(false);
        }

        /** The loss to compute. */
        public Builder spec(LossSpec spec) {
            this.spec = spec;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MarginSoftmaxOutputLayer build() {
            if (spec == null) {
                throw new IllegalStateException("MarginSoftmaxOutputLayer needs a loss spec: call spec(...) on the builder");
            }
            return new MarginSoftmaxOutputLayer(this);
        }
    }
}
