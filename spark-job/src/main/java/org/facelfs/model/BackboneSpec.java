package org.facelfs.model;

import java.io.Serializable;
import java.util.List;
import org.facelfs.data.ImageShape;

/**
 * What backbone to build: an immutable value, so a run's config, its checkpoints and its report
 * all name the same network.
 *
 * @param kind         the family
 * @param embeddingDim size of the face embedding (the "embedding" vertex); the paper uses 512
 *                     for IResNet and 128 for MobileFaceNet
 * @param input        image shape fed to the "input" vertex (CHW); IResNet and MobileFaceNet are
 *                     designed for 3x112x112 but build for any size of at least 16x16
 * @param widths       channels per stage: SMALL_CNN any number of stages (each halves the
 *                     resolution), IResNet exactly 4 (the stem uses the first), MobileFaceNet
 *                     empty (its widths are fixed by the paper)
 * @param dropout      probability of dropping a unit before the embedding FC (0 = no dropout layer)
 * @param nonlinearity activation after BN: PReLU as the papers (the IResNet and MobileFaceNet
 *                     factories), or the cheaper fixed leaky ReLU (the small CNN factory and the
 *                     five-argument constructor)
 */
public record BackboneSpec(BackboneKind kind, int embeddingDim, ImageShape input, List<Integer> widths,
                           double dropout, Nonlinearity nonlinearity) implements Serializable {

    /** insightface's stage widths. */
    public static final List<Integer> IRESNET_WIDTHS = List.of(64, 128, 256, 512);
    /** Default stage widths of the small CNN. */
    public static final List<Integer> SMALL_CNN_WIDTHS = List.of(32, 64, 128, 256);
    /** The paper's input: aligned 112x112 RGB. */
    public static final ImageShape FACE_112 = new ImageShape(3, 112, 112);

    public BackboneSpec {
        if (kind == null) {
            throw new IllegalArgumentException("backbone kind must be set");
        }
        if (embeddingDim < 1) {
            throw new IllegalArgumentException("embeddingDim must be >= 1, got " + embeddingDim);
        }
        if (input == null) {
            throw new IllegalArgumentException("input shape must be set");
        }
        if (input.height() < 16 || input.width() < 16) {
            throw new IllegalArgumentException("input must be at least 16x16, got "
                    + input.height() + "x" + input.width());
        }
        widths = List.copyOf(widths == null ? List.of() : widths);
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("widths must be >= 1, got " + widths);
            }
        }
        switch (kind) {
            case SMALL_CNN -> {
                if (widths.isEmpty()) {
                    throw new IllegalArgumentException("SMALL_CNN needs at least one stage width");
                }
            }
            case MOBILEFACENET -> {
                if (!widths.isEmpty()) {
                    throw new IllegalArgumentException("MOBILEFACENET widths are fixed by the paper: "
                            + "give an empty list, got " + widths);
                }
            }
            default -> {
                if (widths.size() != 4) {
                    throw new IllegalArgumentException(kind + " needs exactly 4 stage widths, got " + widths);
                }
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (nonlinearity == null) {
            throw new IllegalArgumentException("nonlinearity must be set (PRELU or LEAKY_RELU)");
        }
    }

    /**
     * Without a nonlinearity: {@link Nonlinearity#LEAKY_RELU}, what every backbone used before
     * PReLU became available (keeps existing configurations and results unchanged).
     */
    public BackboneSpec(BackboneKind kind, int embeddingDim, ImageShape input, List<Integer> widths, double dropout) {
        this(kind, embeddingDim, input, widths, dropout, Nonlinearity.LEAKY_RELU);
    }

    /** The small CNN with the default 4 stages (32, 64, 128, 256) and the cheaper leaky ReLU (CPU runs). */
    public static BackboneSpec smallCnn(ImageShape input, int embeddingDim) {
        return new BackboneSpec(BackboneKind.SMALL_CNN, embeddingDim, input, SMALL_CNN_WIDTHS, 0.0, Nonlinearity.LEAKY_RELU);
    }

    /** insightface IResNet of the given kind at 3x112x112 with a 512-d embedding, PReLU, no dropout. */
    public static BackboneSpec iresnet(BackboneKind kind) {
        if (!kind.isIResNet()) {
            throw new IllegalArgumentException(kind + " is not an IResNet kind");
        }
        return new BackboneSpec(kind, 512, FACE_112, IRESNET_WIDTHS, 0.0, Nonlinearity.PRELU);
    }

    /** MobileFaceNet at 3x112x112 with the paper's 128-d embedding and PReLU. */
    public static BackboneSpec mobileFaceNet() {
        return new BackboneSpec(BackboneKind.MOBILEFACENET, 128, FACE_112, List.of(), 0.0, Nonlinearity.PRELU);
    }

    /** The same backbone with another activation. */
    public BackboneSpec withNonlinearity(Nonlinearity other) {
        return new BackboneSpec(kind, embeddingDim, input, widths, dropout, other);
    }
}
