package org.facelfs.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facelfs.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.facelfs.data.source.TrainingSource;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneKind;
import org.facelfs.policy.AmLfsVariant;
import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.StepUnits;
import org.facelfs.search.SearchSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped preset in conf/ loads and validates; the key ones say what they promise. */
class PresetsTest {

    static Stream<Path> presets() throws IOException {
        return Files.walk(Path.of("..", "conf")).filter(p -> p.toString().endsWith(".conf")).sorted();
    }

    static JobConfig load(String preset) {
        return JobConfig.read(new ConfigReader(ConfigLoader.load(Path.of("..", "conf", preset), Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyPresetValidates(Path preset) {
        JobConfig job = JobConfig.read(new ConfigReader(ConfigLoader.load(preset, Map.of())));
        assertTrue(job.search().rounds() >= 1);
    }

    @Test
    void theEmbeddedDefaultIsSyntheticSmallCnnLocalWithFourCandidates() {
        JobConfig job = load("local.conf");
        assertTrue(job.plan().data() instanceof TrainingSource.Synthetic);
        assertEquals(BackboneKind.SMALL_CNN, job.model().kind());
        assertEquals(4, job.search().candidates());
        assertTrue(job.run().master().startsWith("local"));
    }

    @Test
    void thePaperPresetIsIResNet50At112WithEightCandidatesAndScale32() {
        JobConfig job = load("paper.conf");
        assertEquals(BackboneKind.IRESNET50, job.model().kind());
        assertEquals(112, job.model().input().height());
        assertEquals(3, job.model().input().channels());
        assertEquals(8, job.search().candidates());
        assertEquals(32, job.search().scale());
        assertEquals(PolicyKind.SEARCH_SOFTMAX, job.search().policy());
        assertEquals(List.of("lfw", "cfp_fp", "agedb_30"), job.eval().stream().map(e -> e.name()).toList());
    }

    @Test
    void baselinesAreTheSameTrainingWithOneFixedLoss() {
        JobConfig paper = load("paper.conf");
        for (String b : List.of("softmax", "sphereface", "cosface", "arcface", "combined", "elasticface-arc",
                "elasticface-cos", "curricularface", "adaface")) {
            JobConfig job = load("baselines/" + b + ".conf");
            assertEquals(PolicyKind.FIXED, job.search().policy(), b);
            assertEquals(1, job.search().candidates(), b);
            assertEquals(paper.model(), job.model(), b);
            assertEquals(paper.plan().optimizer(), job.plan().optimizer(), b);
        }
        assertEquals(new LossSpec.CosFace(64, 0.35), load("baselines/cosface.conf").search().fixedLoss());
        assertEquals(PolicyKind.RANDOM_SOFTMAX, load("baselines/random-softmax.conf").search().policy());
        assertEquals(PolicyKind.AM_LFS, load("baselines/am-lfs.conf").search().policy());
        assertEquals(AmLfsVariant.LOGIT, load("baselines/am-lfs.conf").search().amLfsTransform());
        assertEquals(AmLfsVariant.PROBABILITY, load("baselines/am-lfs-tau.conf").search().amLfsTransform());
        for (String amLfs : List.of("am-lfs", "am-lfs-tau")) {
            SearchSettings s = load("baselines/" + amLfs + ".conf").search(); // as the re-implementations search
            assertEquals(0.2, s.sigma(), amLfs);
            assertEquals(StepUnits.X, s.stepUnits(), amLfs);
            assertEquals(0.05, s.adam().learningRate(), amLfs);
        }
        assertEquals(new LossSpec.ElasticArc(64, 0.5, 0.05, 0), load("baselines/elasticface-arc.conf").search().fixedLoss());
    }
}
