package org.facelfs.loss;

import java.util.List;
import java.util.stream.Stream;

/**
 * The inputs the margin tests share (reference, layer, gradient check): target cosines that visit
 * every region of every margin, ten bins for the piecewise form, and one spec of every kind.
 */
final class MarginCases {

    /** Embedding width of the layer tests' small networks. */
    static final int DIM = 5;
    static final int CLASSES = 6;
    /** Target cosines that visit every region: ArcFace's fallback (< -cos 0.5), SphereFace k = 0..3. */
    static final double[] TARGET_COS = {0.93, 0.55, 0.12, -0.31, -0.62, -0.91, -0.97};
    /** Ten equal bins of p, a from 0 to -1e4; at s = 4 the samples above fall in bins 0, 1 and 4. */
    static final List<Double> TEN_BINS = List.of(0.0, -1.0, -3.0, -10.0, -30.0, -100.0, -300.0, -1000.0, -3000.0, -1e4);

    /** AM-LFS-t slopes and offsets on six intervals of cos θ_y (TARGET_COS visits all six). */
    static final List<Double> T_ALPHA = List.of(1.2, 0.8, 1.5, 1.0, 0.6, 1.1);
    static final List<Double> T_BETA = List.of(-0.2, 0.1, -0.05, -0.3, 0.15, -0.1);

    private MarginCases() {
    }

    /**
     * One or more specs of every kind: the direct margins and the unified global form at scale
     * {@code s}, AM-LFS at {@code amLfsScale}, and the piecewise form over {@link #TEN_BINS} at s = 4
     * (the scale its bins are chosen for).
     */
    static Stream<LossSpec> everySpec(double s, double amLfsScale) {
        return Stream.of(
                new LossSpec.Softmax(s),
                new LossSpec.CosFace(s, 0.35),
                new LossSpec.ArcFace(s, 0.5),
                new LossSpec.Combined(s, 1.0, 0.2, 0.3),
                new LossSpec.Combined(s, 1.35, 0.1, 0.2),
                new LossSpec.SphereFace(s, 4, 0.1, 0, 1, 0),
                LossSpec.SphereFace.withReferenceAnnealing(s, 4),
                new LossSpec.UnifiedGlobal(s, 0),
                new LossSpec.UnifiedGlobal(s, -1),
                new LossSpec.UnifiedGlobal(s, -1e4),
                new LossSpec.UnifiedPiecewise(4, TEN_BINS),
                new LossSpec.AmLfs(amLfsScale, List.of(0.5, 1.2, 0.8), List.of(0.05, -0.1, 0.2)),
                new LossSpec.AmLfs(amLfsScale, List.of(1.0, 1.0), List.of(-0.3, 0.0)),
                new LossSpec.AmLfsLogit(s, T_ALPHA, T_BETA),
                new LossSpec.ElasticArc(s, 0.5, 0.05, 7),
                new LossSpec.ElasticCos(s, 0.35, 0.05, 7));
    }

    /**
     * The heads with running statistics, at states that exercise them: CurricularFace with t = 0.3,
     * AdaFace with a running norm mean and std that put the test embeddings' margin scalers
     * (norms 0.5–2) on both sides of 0 and into the clip at ±1.
     */
    static Stream<LossSpec> statefulSpecs(double s) {
        return Stream.of(new LossSpec.CurricularFace(s, 0.5, 0.3), new LossSpec.AdaFace(s, 0.4, 0.333, 1.2, 0.25));
    }

    /** {@code specs} and the large-scale cases where float overflow would show first (s = 64). */
    static Stream<LossSpec> withLargeScale(Stream<LossSpec> specs) {
        return Stream.concat(specs, Stream.of(new LossSpec.ArcFace(64, 0.5), new LossSpec.UnifiedGlobal(64, -1e4)));
    }
}
