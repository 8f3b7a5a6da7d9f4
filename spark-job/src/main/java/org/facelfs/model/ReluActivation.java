package org.facelfs.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's plain ReLU with a faster backward pass giving the same bits (the ReLU half of {@link GraphAssembler}'s
 * PReLU, in the IResNets and MobileFaceNet). DL4J M2.1 runs libnd4j's {@code relu_bp} custom op, a lambda per
 * element: 1.9-2.3x slower on one thread (1.4-1.6x on two) than ND4J's vectorised {@code step} (1 where x &gt; 0,
 * else 0) times ε plus 0, which gives relu_bp's values and its +0 where ε·0 would be -0
 * ({@code ActivationBackpropBench}, docs/benchmarks.md).
 */
public class ReluActivation extends ActivationReLU {

    /** DL4J's {@code Activation.RELU}: no cap, threshold 0, slope 0 below it. */
    public ReluActivation() {
        super();
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        if (getMax() != null || getThreshold() != null || getNegativeSlope() != null) {
            return super.backprop(in, epsilon); // a configuration written by hand: DL4J's general path
        }
        assertShape(in, epsilon);
        INDArray dLdz = in.ulike(); // like DL4J's: a layer's pre-activation is not overwritten
        Nd4j.getExecutioner().exec(new Step(in, dLdz, 0.0));
        dLdz.muli(epsilon).addi(0.0);
        return new Pair<>(dLdz, null);
    }
}
