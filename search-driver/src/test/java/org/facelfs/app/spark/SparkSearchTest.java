package org.facelfs.app.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facelfs.search.ScoredCandidate;
import org.facelfs.app.RunSummary;
import org.facelfs.cli.SearchApplication;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.io.FileStore;
import org.facelfs.train.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The search job for real: embedded Spark local[2], real DL4J training on synthetic faces. */
public class SparkSearchTest {

    @TempDir
    Path tmp;

    static final Path TINY = Path.of("src/test/resources/tiny.conf");
    private final List<String> lines = new ArrayList<>();

    RunSummary search(Path out, Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>(overrides);
        o.put("run.out", out.toString());
        return SearchApplication.run(ConfigLoader.load(TINY, o), false, lines::add);
    }

    @Test
    void aShortSearchLeavesEveryOutput() throws Exception {
        Path out = tmp.resolve("run");
        RunSummary s = search(out, Map.of());
        assertEquals(2, s.state().completedRounds());
        for (String f : List.of("state.json", "history.csv", "history.jsonl", "config.conf", "labels.txt",
                "best/model.zip", "best/loss.json", "best/loss.txt", "best/evaluation.json", "report.html",
                "init/model.zip", "rounds/0000/candidate-0/model.zip", "rounds/0001/candidate-1/result.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
        assertEquals(1 + 2 * 2, Files.readAllLines(out.resolve("history.csv")).size());
        // the best model loads and is the last round's best candidate's weights
        FileStore store = FileStore.withDefaults();
        ModelFiles models = new ModelFiles(store);
        ScoredCandidate best = s.state().best().orElseThrow();
        assertEquals(1, best.candidate().round());
        assertEquals(models.read(out.resolve("rounds/0001/candidate-" + best.candidate().index() + "/model.zip").toUri()
                        .toString()).params(),
                models.read(out.resolve("best/model.zip").toUri().toString()).params());
        JsonNode loss = new ObjectMapper().readTree(out.resolve("best/loss.json").toFile());
        assertEquals("unified-global", loss.path("type").asText());
        // with no data.eval sets, the final evaluation is the reward set again: the same model on the
        // same pairs must give exactly the best candidate's reward
        JsonNode eval = new ObjectMapper().readTree(out.resolve("best/evaluation.json").toFile());
        assertEquals(best.reward(), eval.path("synthetic-heldout").path("accuracyMean").asDouble(), 0.0);
        assertTrue(Double.isFinite(best.reward()));
        // the report: every chart is a real image
        String html = Files.readString(out.resolve("report.html"));
        for (String section : org.facelfs.report.HtmlReport.SECTIONS) {
            assertTrue(html.contains("<h2>" + section + "</h2>"), "report lacks " + section);
        }
        assertTrue(html.contains("charts/roc.png") && html.contains("charts/rewards.png"), "charts missing from the page");
        try (var charts = Files.list(out.resolve("charts"))) {
            for (Path png : charts.toList()) {
                BufferedImage img = ImageIO.read(png.toFile());
                assertTrue(img != null && img.getWidth() > 100, png.toString());
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("round 2/2") && l.contains("μ=")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("report.html")), lines.toString());
    }

    @Test
    void stoppingAfterOneRoundAndResumingEqualsAnUnbrokenRun() throws Exception {
        Path unbroken = tmp.resolve("unbroken");
        Path resumed = tmp.resolve("resumed");
        search(unbroken, Map.of("search.rounds", "3"));
        search(resumed, Map.of("search.rounds", "1"));
        search(resumed, Map.of("search.rounds", "3"));
        assertEquals(deterministicColumns(unbroken), deterministicColumns(resumed));
        JsonNode a = new ObjectMapper().readTree(unbroken.resolve("state.json").toFile()).path("controller");
        JsonNode b = new ObjectMapper().readTree(resumed.resolve("state.json").toFile()).path("controller");
        assertEquals(a.path("policy"), b.path("policy"));
        assertEquals(a.path("history").size(), 3);
    }

    /**
     * Extending a cosine run: exact (history, controller and best weights bit for bit) when the
     * cosine has a fixed length; refused, with nothing changed, when its length is search.rounds.
     */
    @Test
    void extendingACosineRunOneToThreeRoundsEqualsAnUnbrokenRunOrIsRefused() throws Exception {
        Map<String, String> cosine = Map.of("train.lr.schedule", "cosine", "train.lr.min", "0.01");
        Map<String, String> fixedLength = new HashMap<>(cosine);
        fixedLength.put("train.lr.cosine-rounds", "3");
        Path unbroken = tmp.resolve("unbroken");
        Path resumed = tmp.resolve("resumed");
        search(unbroken, with(fixedLength, "search.rounds", "3"));
        search(resumed, with(fixedLength, "search.rounds", "1"));
        search(resumed, with(fixedLength, "search.rounds", "3"));
        assertEquals(deterministicColumns(unbroken), deterministicColumns(resumed));
        JsonNode a = new ObjectMapper().readTree(unbroken.resolve("state.json").toFile()).path("controller");
        JsonNode b = new ObjectMapper().readTree(resumed.resolve("state.json").toFile()).path("controller");
        assertEquals(a.path("policy"), b.path("policy"));
        ModelFiles models = new ModelFiles(FileStore.withDefaults());
        assertArrayEquals(models.read(unbroken.resolve("best/model.zip").toUri().toString()).params().data().asFloat(),
                models.read(resumed.resolve("best/model.zip").toUri().toString()).params().data().asFloat(), "bit for bit");

        Path overTotal = tmp.resolve("over-total");
        search(overTotal, with(cosine, "search.rounds", "1"));
        String before = Files.readString(overTotal.resolve("state.json"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> search(overTotal, with(cosine, "search.rounds", "3")));
        assertTrue(e.getMessage().contains("search.rounds changes from 1 to 3, but train.lr.schedule = cosine runs over "
                + "search.rounds") && e.getMessage().contains("train.lr.cosine-rounds"), e.getMessage());
        assertEquals(before, Files.readString(overTotal.resolve("state.json")), "nothing changed");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    /** History without timings and executor names, which differ between runs. */
    public static List<String> deterministicColumns(Path run) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("history.jsonl"))) {
            JsonNode r = new ObjectMapper().readTree(line);
            out.add(String.join(",", r.path("candidate").asText(), r.path("lossJson").asText(), r.path("seed").asText(),
                    r.path("status").asText(), r.path("reward").asText(), r.path("best").asText(),
                    r.path("trainLoss").asText()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "search.space=piecewise",
        "search.policy=random-softmax",
        "search.policy=am-lfs",
        "search.policy=fixed|search.fixed-loss={type=cosface,scale=16,m2=0.2}",
        "search.policy=fixed|search.fixed-loss={type=arcface,scale=16,m3=0.3}",
        "search.policy=fixed|search.fixed-loss={type=sphereface,scale=16,m1=2,lambdaBase=1000,lambdaGamma=0.0001,"
                + "lambdaPower=2,lambdaMin=5}",
        "cluster.group=executors|cluster.executors-per-group=2",
    })
    void everySearchModeRunsThroughSpark(String settings) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String kv : settings.split("\\|")) {
            o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        RunSummary s = search(tmp.resolve("mode"), o);
        assertEquals(2, s.state().completedRounds());
        assertTrue(Double.isFinite(s.state().best().orElseThrow().reward()), settings);
        if (settings.contains("executors")) {
            String history = Files.readString(tmp.resolve("mode/history.csv"));
            assertTrue(history.contains("parameter averaging on 2 executors"), history);
        }
    }
}
