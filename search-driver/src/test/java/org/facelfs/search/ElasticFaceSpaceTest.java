package org.facelfs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.policy.PolicyKind;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.ElasticFaceSpace;
import org.junit.jupiter.api.Test;

/** ElasticFace's (m, ln σ_m) as a search space: its start, its clipping, and the search moving it. */
class ElasticFaceSpaceTest {

    @Test
    void startsAtThePapersValuesAndClipsTheMargin() {
        ElasticFaceSpace arc = new ElasticFaceSpace(true);
        LossSpec.ElasticArc a = (LossSpec.ElasticArc) arc.toLossSpec(arc.initialMean(), 32);
        assertEquals(0.5, a.m());
        assertEquals(0.05, a.sigma(), 1e-15);
        assertEquals(32, a.scale());
        ElasticFaceSpace cos = new ElasticFaceSpace(false);
        LossSpec.ElasticCos c = (LossSpec.ElasticCos) cos.toLossSpec(cos.initialMean(), 32);
        assertEquals(0.35, c.m());
        assertEquals(0.05, c.sigma(), 1e-15);
        assertEquals(0.0, ((LossSpec.ElasticArc) arc.toLossSpec(new double[] {-0.1, 0}, 32)).m());
        assertEquals(1.0, ((LossSpec.ElasticArc) arc.toLossSpec(new double[] {0.3, 2}, 32)).sigma(), "σ_m capped at 1");
        assertTrue(((LossSpec.ElasticArc) arc.toLossSpec(new double[] {9, -3}, 32)).m() < Math.PI / 2);
        assertTrue(((LossSpec.ElasticCos) cos.toLossSpec(new double[] {9, -3}, 32)).m() < 2);
    }

    /** On a synthetic reward peaked at m = 0.3, σ_m = 0.1 the mean moves there from the paper's start. */
    @Test
    void theSearchMovesMAndSigmaTowardsTheOptimum() {
        ToDoubleFunction<LossSpec> reward = spec -> {
            LossSpec.ElasticArc e = (LossSpec.ElasticArc) spec;
            return -Math.pow(e.m() - 0.3, 2) - Math.pow(Math.log(e.sigma()) - Math.log(0.1), 2);
        };
        SearchController c = new SearchController(ReferenceSettings.builder().policy(PolicyKind.ELASTICFACE_ARC)
                .candidates(8).rounds(150).warmupRounds(0).seed(4).build());
        SyntheticSearch.run(c, 150, reward, 0.01);
        List<RoundRecord> last = c.history().subList(100, 150);
        double m = last.stream().mapToDouble(r -> r.mu().get(0)).average().orElseThrow();
        double logSigma = last.stream().mapToDouble(r -> r.mu().get(1)).average().orElseThrow();
        assertEquals(0.3, m, 0.06, "mean of μ_m over rounds 101-150");
        assertEquals(Math.log(0.1), logSigma, 0.15, "mean of μ_ln σ over rounds 101-150 (start ln 0.05 = -3.0)");
    }
}
