package org.facelfs.model;

/** The activation after each BN in a backbone. */
public enum Nonlinearity {
    /**
     * PReLU with one learnable slope per channel, as insightface and MobileFaceNet use. DL4J
     * 1.0.0-M2.1's own PReLU layer cannot back-propagate a per-channel slope, so it is composed
     * of built-in layers: {@code relu(x) + a ⊙ (x - relu(x))} with {@code a} a bias-free 1x1
     * depthwise conv (initial slope 0.25, PyTorch's).
     */
    PRELU,
    /** Leaky ReLU with the fixed slope 0.25: one layer, cheaper than the composed PReLU. */
    LEAKY_RELU
}
