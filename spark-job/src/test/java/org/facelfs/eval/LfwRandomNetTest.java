package org.facelfs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.SharedData;
import org.facelfs.data.pairs.LfwPairs;
import org.facelfs.data.pairs.PairVerificationSet;
import org.facelfs.model.BackboneKind;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.Backbones;
import org.facelfs.train.LrSchedule;
import org.facelfs.model.Nonlinearity;
import org.facelfs.train.Optimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The 6,000 LFW View-2 pairs scored by a randomly initialised small CNN at 32x32 grey: the whole
 * evaluation path on real data. A random conv net is not at chance on LFW (its features still
 * carry image statistics such as brightness and pose), so the bound is wide; every image that
 * pairs.txt names must be embedded exactly once. Read with the product's readers ({@link LfwPairs},
 * {@link PairVerificationSet}, {@link Preprocess#lfw}). Skipped when shared/data/lfw is absent.
 */
class LfwRandomNetTest {

    static final long SEED = 1234;

    @Test
    void randomSmallCnnOnLfwViewTwo() throws Exception {
        Path lfw = SharedData.require("lfw");
        Path pairsFile = lfw.resolve("pairs.txt");

        // Independent count of the distinct images pairs.txt names.
        List<String> lines = Files.readAllLines(pairsFile);
        Set<String> distinct = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] t = line.trim().split("\\s+");
            distinct.add(t[0] + "#" + Integer.parseInt(t[1]));
            distinct.add(t.length == 3 ? t[0] + "#" + Integer.parseInt(t[2]) : t[2] + "#" + Integer.parseInt(t[3]));
        }

        long t0 = System.nanoTime();
        PairVerificationSet pairs = PairVerificationSet.load(
                LfwPairs.read(pairsFile.toString(), lfw.resolve("images").toString()),
                Preprocess.lfw(new ImageShape(1, 32, 32)), Runtime.getRuntime().availableProcessors());
        long t1 = System.nanoTime();
        var head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build();
        // A quarter of the default widths keeps the test well under a minute on one core.
        var spec = new BackboneSpec(BackboneKind.SMALL_CNN, 128, new ImageShape(1, 32, 32), List.of(8, 16, 32, 64), 0,
                Nonlinearity.LEAKY_RELU);
        var graph = Backbones.graph(spec, head,
                new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0)), SEED);
        Embedder embedder = new Embedder(graph, 128, true);
        VerificationReport report = embedder.evaluate(pairs);
        long t2 = System.nanoTime();
        System.out.printf("%s%nload %.1f s, embed+metrics %.1f s, seed %d%n", report.summary(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, SEED);
        System.out.println("fold accuracies " + report.foldAccuracies() + ", best-threshold accuracy "
                + report.bestThresholdAccuracy() + ", TAR@FAR " + report.tarAtFar());

        assertEquals(6000, report.numPairs());
        assertEquals(10, report.foldAccuracies().size());
        assertEquals(distinct.size(), pairs.numImages());
        assertEquals(distinct.size(), report.imagesEmbedded());
        assertEquals(distinct.size(), embedder.imagesEmbedded());
        assertTrue(report.accuracyMean() > 0.45 && report.accuracyMean() < 0.80, report.summary());
        assertTrue(report.auc() > 0.4 && report.auc() < 0.9, report.summary());
    }
}
