package org.facelfs.train;

import org.facelfs.outcome.CandidateStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.SharedData;
import org.facelfs.data.source.TrainingSource;
import org.facelfs.data.source.VerificationSource;
import org.facelfs.eval.Embedder;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneSpec;
import org.facelfs.train.LrSchedule;
import org.facelfs.train.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real faces: the small CNN trained on 30 AT&T identities verifies pairs of the 10 others (never
 * seen in training) clearly above chance and above the untrained network.
 */
class AttFacesLearningTest {

    static final ImageShape SHAPE = new ImageShape(1, 32, 32);

    @Test
    void aFewEpochsOnThirtyIdentitiesVerifyTheOtherTen(@TempDir Path dir) throws Exception {
        Path att = SharedData.require("att_faces");
        List<String> train = IntStream.rangeClosed(1, 30).mapToObj(i -> "s" + i).toList();
        Path csv = heldOutPairs(att, dir.resolve("pairs.csv"));
        Preprocess pre = Preprocess.resize(SHAPE);
        TrainingSource data = new TrainingSource.Folders(att.toString(), pre, 1, train, List.of(), "", List.of(), 1);
        VerificationSource pairs = new VerificationSource.Csv("att-heldout", csv.toString(), att.toString(), pre, 1);
        Optimizer opt = new Optimizer(0.9, 5e-4, new LrSchedule.Cosine(0.1, 8, 0.005, 0.5));
        TrainPlan plan = new TrainPlan(data, pairs, 32, 0, true, opt, 1, 1, 100, true, 0);
        assertEquals(30, data.open().numClasses());

        FileStore store = FileStore.withDefaults();
        ComputationGraph init = InitialModel.build(BackboneSpec.smallCnn(SHAPE, 64), 30, new LossSpec.CosFace(16, 0.2),
                opt, 2026);
        double untrained = new Embedder(init, 100, true).evaluate(pairs.open()).accuracyMean();
        String start = dir.resolve("r0.zip").toUri().toString();
        new ModelFiles(store).write(init, new ModelFiles.ModelInfo(SHAPE), start);
        CandidateResult last = null;
        for (int round = 0; round < 8; round++) {
            String out = dir.resolve("r" + (round + 1) + ".zip").toUri().toString();
            last = new CandidateTrainer(store).run(new CandidateTask("r%04d-c00".formatted(round), round,
                    new LossSpec.CosFace(16, 0.2), 17 + round, start, out, dir.resolve("result.json").toUri().toString(),
                    plan), "test");
            assertEquals(CandidateStatus.OK, last.status(), last.reason());
            start = out;
        }
        // measured (seed 2026, 8 epochs, 32x32 grey, 900 pairs): untrained 0.7600, trained 0.8422; training is
        // deterministic on the CPU backend, the margins below only absorb platform differences
        System.out.printf("att_faces held-out verification: untrained %.4f, trained %.4f%n", untrained, last.reward());
        assertTrue(last.reward() > 0.80, "trained accuracy " + last.reward());
        assertTrue(last.reward() > untrained + 0.04, "untrained " + untrained + ", trained " + last.reward());
    }

    /** All same-identity pairs of s31..s40 and as many random different-identity pairs. */
    static Path heldOutPairs(Path att, Path csv) throws Exception {
        List<String> lines = new ArrayList<>();
        Random r = new Random(5);
        for (int s = 31; s <= 40; s++) {
            for (int i = 1; i <= 10; i++) {
                for (int j = i + 1; j <= 10; j++) {
                    lines.add("s%d/%d.pgm,s%d/%d.pgm,1".formatted(s, i, s, j));
                    int other = 31 + (s - 31 + 1 + r.nextInt(9)) % 10;
                    lines.add("s%d/%d.pgm,s%d/%d.pgm,0".formatted(s, i, other, 1 + r.nextInt(10)));
                }
            }
        }
        assertTrue(Files.isDirectory(att.resolve("s40")));
        return Files.writeString(csv, String.join("\n", lines) + "\n");
    }
}
