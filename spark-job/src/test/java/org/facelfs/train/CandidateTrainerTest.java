package org.facelfs.train;

import org.facelfs.outcome.CandidateStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.facelfs.data.source.TrainingSource;
import org.facelfs.data.source.VerificationSource;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneSpec;
import org.facelfs.train.LrSchedule;
import org.facelfs.train.Optimizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One candidate, one round, without Spark: the work of one task. */
class CandidateTrainerTest {

    @TempDir
    static Path dir;

    static final FileStore STORE = FileStore.withDefaults();
    static final ImageShape SHAPE = new ImageShape(1, 32, 32);
    static final TrainingSource.Synthetic DATA = new TrainingSource.Synthetic(20, 8, SHAPE, 7, 1.0);
    static final VerificationSource REWARD = new VerificationSource.SyntheticPairs("synthetic", DATA, 20, 4, 20);
    static String init;

    static TrainPlan plan(double lr) {
        Optimizer opt = new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(lr, List.of(), 0.1, 0));
        return new TrainPlan(DATA, REWARD, 16, 0, true, opt, 1, 1, 64, true, 0);
    }

    @BeforeAll
    static void initialWeights() {
        ComputationGraph net = InitialModel.build(BackboneSpec.smallCnn(SHAPE, 64), 20, new LossSpec.Softmax(16),
                plan(0.1).optimizer(), 3);
        init = dir.resolve("init.zip").toUri().toString();
        new ModelFiles(STORE).write(net, new ModelFiles.ModelInfo(SHAPE), init);
    }

    private static CandidateTask task(String name, LossSpec loss, long seed, TrainPlan plan) {
        return new CandidateTask("r0000-" + name, 0, loss, seed, init, dir.resolve(name + "/model.zip").toUri().toString(),
                dir.resolve(name + "/result.json").toUri().toString(), plan);
    }

    @Test
    void theSameTaskTwiceGivesBitIdenticalWeightsAndResults() throws Exception {
        LossSpec loss = new LossSpec.UnifiedGlobal(16, -10);
        CandidateTrainer trainer = new CandidateTrainer(STORE);
        CandidateResult a = trainer.run(task("a", loss, 11, plan(0.05)), "test");
        CandidateResult b = trainer.run(task("b", loss, 11, plan(0.05)), "test");
        assertEquals(CandidateStatus.OK, a.status(), a.reason());
        ModelFiles files = new ModelFiles(STORE);
        assertEquals(files.read(a.modelUri()).params(), files.read(b.modelUri()).params());
        assertEquals(a.reward(), b.reward(), 0.0);
        assertEquals(a.meanTrainLoss(), b.meanTrainLoss(), 0.0);
        assertEquals(160, a.imagesTrained(), "one epoch of 20 x 8 images");
        assertTrue(Files.readString(dir.resolve("a/result.json")).contains("\"accuracyMean\""));
        // a different seed trains on another order: different weights
        CandidateResult c = trainer.run(task("c", loss, 12, plan(0.05)), "test");
        assertTrue(!files.read(c.modelUri()).params().equals(files.read(a.modelUri()).params()));
    }

    @Test
    void twoDevicesTrainDataParallelThroughParallelWrapper() {
        TrainPlan p = plan(0.05);
        TrainPlan twoDevices = new TrainPlan(p.data(), p.reward(), p.batchSize(), 6, p.flip(), p.optimizer(), 1, 2,
                p.evalBatchSize(), p.flipFusion(), 0);
        CandidateTrainer trainer = new CandidateTrainer(STORE);
        CandidateResult r = trainer.run(task("pw", new LossSpec.CosFace(16, 0.2), 5, twoDevices), "test");
        assertEquals(CandidateStatus.OK, r.status(), r.reason());
        assertEquals(6 * 16, r.imagesTrained());
        ModelFiles files = new ModelFiles(STORE);
        assertTrue(!files.read(r.modelUri()).params().equals(files.read(init).params()), "weights moved");
    }

    @Test
    void aDivergingLearningRateStopsWithNonFiniteStatus() {
        CandidateResult r = new CandidateTrainer(STORE).run(task("diverge", new LossSpec.Softmax(16), 1, plan(1e30)),
                "test");
        assertEquals(CandidateStatus.NON_FINITE, r.status());
        assertTrue(r.reason().contains("iteration"), r.reason());
        assertTrue(Double.isNaN(r.reward()));
    }

    @Test
    void aMissingStartModelFailsWithTheFileNamed() {
        CandidateTask t = new CandidateTask("r0000-x", 0, new LossSpec.Softmax(16), 1,
                dir.resolve("nope.zip").toUri().toString(), dir.resolve("x/model.zip").toUri().toString(),
                dir.resolve("x/result.json").toUri().toString(), plan(0.1));
        CandidateResult r = new CandidateTrainer(STORE).run(t, "test");
        assertEquals(CandidateStatus.FAILED, r.status());
        assertTrue(r.reason().contains("nope.zip"), r.reason());
    }
}
