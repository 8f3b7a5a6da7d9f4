package org.facelfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.facelfs.data.ImageShape;
import org.facelfs.eval.PairDecisions;
import org.facelfs.eval.VerificationMetrics;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.model.BackboneKind;
import org.facelfs.model.BackboneSpec;
import org.facelfs.train.LrSchedule;
import org.facelfs.model.Nonlinearity;
import org.facelfs.train.Optimizer;
import org.facelfs.train.InitialModel;
import org.facelfs.train.ModelFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code eval} verb on real LFW images with a tiny randomly initialised model: LFW View-2 folds
 * picked with {@code --folds} (k-fold within them, as the lfw-small protocol's test set), a CSV
 * pairs file, and the per-pair dump behind McNemar tests. Skipped when ../shared/data/lfw is absent.
 */
class EvalCommandTest {

    @TempDir
    Path tmp;
    Path lfw;
    Path model;

    @BeforeEach
    void tinyModel() {
        lfw = findLfw().orElse(null);
        Assumptions.assumeTrue(lfw != null, "shared/data/lfw not found above " + Path.of("").toAbsolutePath());
        ImageShape shape = new ImageShape(1, 24, 24);
        BackboneSpec spec = new BackboneSpec(BackboneKind.SMALL_CNN, 16, shape, List.of(8, 16), 0, Nonlinearity.LEAKY_RELU);
        var net = InitialModel.build(spec, 5, new LossSpec.Softmax(16),
                new Optimizer(0.9, 5e-4, new LrSchedule.MultiStep(0.1, List.of(), 0.1, 0)), 11);
        model = tmp.resolve("model.zip");
        new ModelFiles(FileStore.withDefaults()).write(net, new ModelFiles.ModelInfo(shape), model.toUri().toString());
    }

    @Test
    void lfwFoldsAreTheKOfKFoldAndThePairDumpReproducesTheReport() throws Exception {
        Path dump = tmp.resolve("pairs.csv");
        String out = run("eval", "--model", model.toString(), "--pairs", lfw.resolve("pairs.txt").toString(),
                "--images", lfw.resolve("images").toString(), "--crop", "50,50,150,150", "--folds", "6,7",
                "--threads", "1", "--json", "--pairs-out", dump.toString());
        JsonNode r = new ObjectMapper().readTree(out);
        assertEquals(1200, r.path("numPairs").asInt());
        assertEquals(2, r.path("foldAccuracies").size(), "folds 6 and 7 are the 2 folds of the k-fold rule");

        PairDecisions d;
        try (BufferedReader in = Files.newBufferedReader(dump)) {
            d = PairDecisions.readCsv(in, dump.toString());
        }
        assertEquals(1200, d.numPairs());
        // pairs.txt order: fold 6 = 300 same then 300 different, then fold 7 alike
        assertTrue(d.same()[0] && !d.same()[300] && d.folds()[599] == 0 && d.folds()[600] == 1);
        // independent recomputation from the dumped scores gives the report's thresholds and accuracy
        VerificationMetrics.FoldedAccuracy k = VerificationMetrics.kFold(d.scores(), d.same(), d.folds(), 2);
        assertEquals(k.mean(), r.path("accuracyMean").asDouble(), 1e-12);
        assertEquals(k.thresholds().get(1), d.thresholds()[1], 1e-6);
        assertEquals(r.path("accuracyMean").asDouble(), d.accuracy(), 1e-12);
        System.out.printf("random tiny CNN on LFW folds 6-7: %.4f (AUC %.4f)%n", d.accuracy(), r.path("auc").asDouble());
    }

    @Test
    void csvPairsWithTheirOwnFoldsAndAHumanSummary() throws Exception {
        // 12 View-1 pairs written as a CSV with absolute paths and a fold column
        List<String> dev = Files.readAllLines(lfw.resolve("pairsDevTest.txt"));
        List<String> csv = new ArrayList<>(List.of("path1,path2,same,fold"));
        for (int i = 0; i < 6; i++) {
            String[] s = dev.get(1 + i).trim().split("\\s+");          // same-person lines come first
            String[] d = dev.get(501 + i).trim().split("\\s+");        // then different-person lines
            csv.add(img(s[0], s[1]) + "," + img(s[0], s[2]) + ",1," + (i % 2));
            csv.add(img(d[0], d[1]) + "," + img(d[2], d[3]) + ",0," + (i % 2));
        }
        Path pairs = tmp.resolve("dev12.csv");
        Files.write(pairs, csv);
        Path dump = tmp.resolve("dev12-pairs.csv");
        String out = run("eval", "--model", model.toString(), "--pairs", pairs.toString(), "--crop", "50,50,150,150",
                "--threads", "1", "--pairs-out", dump.toString());
        long distinct = csv.stream().skip(1).flatMap(l -> java.util.stream.Stream.of(l.split(",")).limit(2)).distinct().count();
        assertTrue(out.contains("2 folds, 12 pairs, " + distinct + " images"), out + " (distinct images: " + distinct + ")");
        List<String> rows = Files.readAllLines(dump);
        assertEquals(13, rows.size());
        assertTrue(rows.get(1).startsWith("0,0,1,") && rows.get(2).startsWith("1,0,0,"), rows.toString());
        assertNotEquals(rows.get(1).split(",")[3], rows.get(2).split(",")[3], "scores of different pairs differ");
    }

    private String img(String name, String index) {
        return lfw.resolve("images").resolve(name).resolve(String.format("%s_%04d.jpg", name, Integer.parseInt(index)))
                .toString();
    }

    /** Runs the CLI, returns its stdout; fails on a non-zero exit code. */
    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            code = FacelfsCommand.newCommandLine().execute(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        // keep the JSON or summary only (ND4J may print banners on stdout)
        int json = out.indexOf("{\n");
        return json >= 0 ? out.substring(json) : out;
    }

    static Optional<Path> findLfw() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared/data/lfw");
            if (Files.isRegularFile(p.resolve("pairs.txt"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
