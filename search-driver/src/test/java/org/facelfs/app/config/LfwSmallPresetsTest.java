package org.facelfs.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.facelfs.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facelfs.data.source.TrainingSource;
import org.facelfs.data.source.VerificationSource;
import org.facelfs.loss.LossSpec;
import org.facelfs.policy.StepUnits;
import org.facelfs.policy.AmLfsVariant;
import org.facelfs.policy.PolicyKind;
import org.facelfs.policy.SpaceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every method overlay of the lfw-small protocol (conf/lfw-small/*.conf) loads, validates, and
 * shares the protocol: training identities outside folds 1-7, reward folds 6-7, test folds 1-5,
 * the same input, backbone and rounds; only the policy, M and the fixed loss differ.
 */
class LfwSmallPresetsTest {

    static final Path DIR = Path.of("../conf/lfw-small");

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "sphereface", "cosface", "arcface", "combined", "am-lfs", "random-softmax",
            "search-global", "search-piecewise", "best-of-m", "am-lfs-tau", "elasticface-arc", "elasticface-cos",
            "curricularface", "adaface"})
    void presetKeepsTheProtocol(String method) {
        JobConfig job = JobConfig.read(new ConfigReader(ConfigLoader.load(DIR.resolve(method + ".conf"), Map.of())));
        assertEquals("runs/lfw-small/" + method, job.run().out());
        assertEquals(10, job.search().rounds());
        assertEquals(32, job.search().scale());
        TrainingSource.Folders train = assertInstanceOf(TrainingSource.Folders.class, job.plan().data());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), train.excludeFolds());
        assertEquals(1, train.minImagesPerIdentity());
        VerificationSource.Lfw reward = assertInstanceOf(VerificationSource.Lfw.class, job.plan().reward());
        assertEquals(List.of(6, 7), reward.folds());
        assertEquals(1, job.eval().size());
        assertEquals(List.of(1, 2, 3, 4, 5), ((VerificationSource.Lfw) job.eval().get(0)).folds());
        assertEquals("1x48x48", job.model().input().channels() + "x" + job.model().input().height() + "x"
                + job.model().input().width());
        boolean fixed = job.search().policy() == PolicyKind.FIXED;
        int m = method.equals("best-of-m") || !fixed ? 4 : 1;
        assertEquals(m, job.search().candidates(), "M");
        assertEquals(fixed ? 0 : 2, job.search().warmupRounds());
        switch (method) {
            case "softmax" -> assertInstanceOf(LossSpec.Softmax.class, job.search().fixedLoss());
            case "sphereface" -> assertEquals(LossSpec.SphereFace.withReferenceAnnealing(32, 4), job.search().fixedLoss());
            case "cosface", "best-of-m" -> assertEquals(new LossSpec.CosFace(32, 0.35), job.search().fixedLoss());
            case "arcface" -> assertEquals(new LossSpec.ArcFace(32, 0.5), job.search().fixedLoss());
            case "combined" -> assertEquals(new LossSpec.Combined(32, 1, 0.2, 0.3), job.search().fixedLoss());
            case "am-lfs", "am-lfs-tau" -> {
                assertEquals(PolicyKind.AM_LFS, job.search().policy());
                assertEquals(method.equals("am-lfs") ? AmLfsVariant.LOGIT : AmLfsVariant.PROBABILITY,
                        job.search().amLfsTransform());
                // as the re-implementations search (σ 0.2, steps in x-units at Adam lr 0.05), not auto's 0.03 σ-units
                assertEquals(0.2, job.search().sigma());
                assertEquals(StepUnits.X, job.search().stepUnits());
                assertEquals(0.05, job.search().adam().learningRate());
            }
            case "elasticface-arc" -> assertEquals(new LossSpec.ElasticArc(32, 0.5, 0.05, 0), job.search().fixedLoss());
            case "elasticface-cos" -> assertEquals(new LossSpec.ElasticCos(32, 0.35, 0.05, 0), job.search().fixedLoss());
            case "curricularface" -> assertEquals(LossSpec.CurricularFace.start(32, 0.5), job.search().fixedLoss());
            case "adaface" -> assertEquals(LossSpec.AdaFace.start(32, 0.4, 0.333), job.search().fixedLoss());
            case "random-softmax" -> assertEquals(PolicyKind.RANDOM_SOFTMAX, job.search().policy());
            case "search-global" -> assertEquals(SpaceKind.GLOBAL, job.search().space());
            case "search-piecewise" -> assertEquals(SpaceKind.PIECEWISE, job.search().space());
            default -> throw new AssertionError(method);
        }
        if (!fixed) {
            assertNull(job.search().fixedLoss());
        }
    }

    @Test
    void everyOverlayIsTested() throws Exception {
        try (var files = Files.list(DIR)) {
            assertEquals(15, files.count(), "a new overlay in " + DIR + " needs a case in presetKeepsTheProtocol");
        }
        assertEquals(true, Files.isRegularFile(DIR.resolveSibling("lfw-small.conf")));
    }
}
