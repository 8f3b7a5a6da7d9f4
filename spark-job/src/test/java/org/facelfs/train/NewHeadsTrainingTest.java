package org.facelfs.train;

import org.facelfs.outcome.CandidateStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.loss.MarginHeads;
import org.facelfs.loss.MarginSoftmaxOutputLayer;
import org.facelfs.model.Backbones;
import org.facelfs.model.BackboneSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heads added for issue 19 as a candidate trains them (one round = one epoch of synthetic faces,
 * the small CNN): each trains to an OK result with a finite reward, and the stateful heads leave
 * their moved running statistics in the saved model, which the next round continues from.
 */
class NewHeadsTrainingTest {

    @TempDir
    static Path dir;

    static final FileStore STORE = FileStore.withDefaults();
    static String init;

    @BeforeAll
    static void initialWeights() {
        ComputationGraph net = InitialModel.build(BackboneSpec.smallCnn(CandidateTrainerTest.SHAPE, 64), 20,
                new LossSpec.Softmax(16), CandidateTrainerTest.plan(0.1).optimizer(), 3);
        init = dir.resolve("init.zip").toUri().toString();
        new ModelFiles(STORE).write(net, new ModelFiles.ModelInfo(CandidateTrainerTest.SHAPE), init);
    }

    static Stream<LossSpec> newHeads() {
        return Stream.of(new LossSpec.ElasticArc(16, 0.3, 0.05, 1), new LossSpec.ElasticCos(16, 0.2, 0.05, 1),
                LossSpec.CurricularFace.start(16, 0.3), LossSpec.AdaFace.start(16, 0.3, 0.333),
                new LossSpec.AmLfsLogit(16, List.of(1.0, 1.1, 0.9, 1.0, 1.2, 0.8), List.of(0.0, -0.05, 0.0, -0.1, 0.0, -0.2)));
    }

    private static CandidateTask task(String name, LossSpec loss, String start, double lr) {
        return new CandidateTask("r0000-" + name, 0, loss, 7, start, dir.resolve(name + "/model.zip").toUri().toString(),
                dir.resolve(name + "/result.json").toUri().toString(), CandidateTrainerTest.plan(lr));
    }

    @ParameterizedTest
    @MethodSource("newHeads")
    void eachNewHeadTrainsOneRound(LossSpec loss) {
        String name = loss.getClass().getSimpleName();
        CandidateResult r = new CandidateTrainer(STORE).run(task(name, loss, init, 0.05), "test");
        assertEquals(CandidateStatus.OK, r.status(), r.reason());
        assertTrue(Double.isFinite(r.reward()) && Double.isFinite(r.meanTrainLoss()), loss + ": " + r.reward());
        assertEquals(160, r.imagesTrained());
    }

    /**
     * Round two continues round one's t: with a learning rate of 1e-30 the round-two cosines do not
     * depend on t, so a continued t and one reset to 0 differ by exactly 0.99^10 · t₁ after its ten steps.
     */
    @Test
    void statefulHeadsKeepTheirRunningStatisticsAcrossRounds() {
        ModelFiles files = new ModelFiles(STORE);
        LossSpec start = LossSpec.CurricularFace.start(16, 0.3);
        CandidateResult one = new CandidateTrainer(STORE).run(task("cf1", start, init, 0.05), "test");
        ComputationGraph net = files.read(one.modelUri());
        double t1 = ((LossSpec.CurricularFace) MarginHeads.spec(net, Backbones.HEAD)).t();
        assertNotEquals(0.0, t1, "t must have moved from 0 over 10 steps");
        ((MarginSoftmaxOutputLayer) net.getLayer(Backbones.HEAD).conf().getLayer()).setSpec(start);
        String reset = dir.resolve("reset.zip").toUri().toString();
        files.write(net, new ModelFiles.ModelInfo(CandidateTrainerTest.SHAPE), reset);

        double continued = tAfter(new CandidateTrainer(STORE).run(task("cf2", start, one.modelUri(), 1e-30), "test"));
        double fromZero = tAfter(new CandidateTrainer(STORE).run(task("cf3", start, reset, 1e-30), "test"));
        assertEquals(Math.pow(0.99, 10) * t1, continued - fromZero, 1e-9 * Math.max(1, Math.abs(t1)));
    }

    private static double tAfter(CandidateResult r) {
        assertEquals(CandidateStatus.OK, r.status(), r.reason());
        return ((LossSpec.CurricularFace) MarginHeads.spec(new ModelFiles(STORE).read(r.modelUri()), Backbones.HEAD)).t();
    }
}
