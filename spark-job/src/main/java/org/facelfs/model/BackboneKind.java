package org.facelfs.model;

/** The backbone families {@link Backbones} can build. */
public enum BackboneKind {
    /** A small plain CNN (conv stages with BN and an activation) for CPU runs and tests. */
    SMALL_CNN,
    /** insightface IResNet-18: IR blocks [2, 2, 2, 2]. */
    IRESNET18,
    /** insightface IResNet-34: IR blocks [3, 4, 6, 3]. */
    IRESNET34,
    /** insightface IResNet-50: IR blocks [3, 4, 14, 3]. */
    IRESNET50,
    /** insightface IResNet-100: IR blocks [3, 13, 30, 3]. */
    IRESNET100,
    /** MobileFaceNet (Chen et al. 2018): depthwise bottlenecks and a global depthwise (GDC) head. */
    MOBILEFACENET;

    /** IR blocks per stage for the IResNet kinds; throws for the others. */
    int[] iresnetBlocks() {
        return switch (this) {
            case IRESNET18 -> new int[] {2, 2, 2, 2};
            case IRESNET34 -> new int[] {3, 4, 6, 3};
            case IRESNET50 -> new int[] {3, 4, 14, 3};
            case IRESNET100 -> new int[] {3, 13, 30, 3};
            default -> throw new IllegalStateException(this + " is not an IResNet");
        };
    }

    boolean isIResNet() {
        return this == IRESNET18 || this == IRESNET34 || this == IRESNET50 || this == IRESNET100;
    }
}
