package org.facelfs.policy;

import java.util.List;
import org.facelfs.loss.LossSpec;

/**
 * What a policy proposes for one candidate: the loss to train with and the raw sample it came
 * from (the Gaussian's {@code x}, Random-Softmax's factors {@code a}, empty for a fixed loss).
 * The sample, not the loss, is what the policy update needs back.
 */
public record Proposal(LossSpec spec, List<Double> sample) {
    public Proposal {
        sample = List.copyOf(sample);
    }
}
