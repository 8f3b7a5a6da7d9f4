package org.facelfs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facelfs.io.FileStore;
import org.facelfs.train.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real divergence inside a real Spark run: at a learning rate of 5·10^5 the weights grow through
 * round 1 (the loss, mostly weight decay, reaches ~10^16 but stays finite, and so do the embeddings) and
 * overflow float32 in round 2, for every candidate: its training loss or, where that stays finite, its
 * embeddings. (3·10^5 to 10^6 do the same on both native builds; 10^5 still finishes round 2.)
 * (The loss family itself cannot be made to diverge per candidate: its gradient weight is at most 1/(1-p)
 * whatever a is, and a is clamped — see docs/reliability.md.)
 * The diverged candidates must be marked non-finite with the reason, get no weights and no
 * update, never become the start of a round, and the search must finish.
 */
class NonFiniteCandidateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void divergedCandidatesAreMarkedNeverBroadcastAndTheSearchGoesOn() throws Exception {
        Path out = tmp.resolve("run");
        CliRun.Outcome r = CliRun.search(out, "search.rounds=3", "search.warmup-rounds=0", "train.lr.base=5e5");
        assertEquals(0, r.exit(), r.err());

        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("history.jsonl"))) {
            rows.add(JSON.readTree(line));
        }
        assertEquals(6, rows.size());
        String round0Best = null;
        for (JsonNode row : rows) {
            int round = row.path("round").asInt();
            String status = row.path("status").asText();
            if (round == 0) {
                assertEquals("ok", status, row.toString());
                if (row.path("best").asBoolean()) {
                    round0Best = row.path("candidate").asText();
                }
            } else {
                assertEquals("non-finite", status, row.toString());
                String reason = row.path("reason").asText();
                assertTrue(reason.startsWith("training loss became") || reason.contains("the embedding of image"),
                        row.toString());
                assertTrue(reason.contains("learning rate 500000.0"), row.toString());
                assertFalse(row.path("best").asBoolean());
                assertTrue(Double.isNaN(row.path("reward").asDouble(0)) || row.path("reward").isNull()
                        || "NaN".equals(row.path("reward").asText()), row.toString());
                int index = row.path("index").asInt();
                assertFalse(Files.exists(out.resolve("rounds/%04d/candidate-%d/model.zip".formatted(round, index))),
                        "a diverged candidate wrote weights");
            }
        }
        assertTrue(round0Best != null, "round 1 had a best");

        JsonNode state = JSON.readTree(out.resolve("state.json").toFile());
        assertEquals(3, state.path("completedRounds").asInt());
        // never broadcast: rounds 2 and 3 started from round 1's best, and it is still the best
        assertEquals(round0Best, state.path("bestCandidate").asText());
        assertTrue(state.path("startModel").asText().endsWith("rounds/0000/candidate-" + round0Best.charAt(round0Best.length() - 1)
                + "/model.zip"), state.path("startModel").asText());
        ModelFiles models = new ModelFiles(FileStore.withDefaults());
        assertEquals(models.read(out.resolve(state.path("startModel").asText()).toUri().toString()).params(),
                models.read(out.resolve("best/model.zip").toUri().toString()).params());

        // the controller's rule for a round with no finished candidate: no reward assigned, no update
        JsonNode history = state.path("controller").path("history");
        assertEquals(3, history.size());
        assertTrue(history.get(0).path("updated").asBoolean(), history.get(0).toString());
        for (int round = 1; round < 3; round++) {
            JsonNode h = history.get(round);
            assertFalse(h.path("updated").asBoolean(), h.toString());
            assertEquals(history.get(0).path("mu"), h.path("mu"), "μ moved after a round with no finished candidate");
            for (JsonNode c : h.path("candidates")) {
                assertEquals("non-finite", c.path("status").asText());
            }
        }
        assertTrue(r.out().contains("round 3/3"), r.out());
    }

    /**
     * At 10^7 round 1's training loss stays finite but the embeddings overflow: a NaN or infinite embedding
     * marks the candidate non-finite, as a non-finite loss does, instead of failing it and stopping the run.
     * With no candidate finished anywhere the run ends normally and points at no best model.
     */
    @Test
    void nonFiniteEmbeddingsMarkTheCandidateNonFinite() throws Exception {
        Path out = tmp.resolve("run");
        CliRun.Outcome r = CliRun.search(out, "search.rounds=2", "search.warmup-rounds=0", "train.lr.base=1e7");
        assertEquals(0, r.exit(), r.err());

        List<String> lines = Files.readAllLines(out.resolve("history.jsonl"));
        assertEquals(4, lines.size());
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            assertEquals("non-finite", row.path("status").asText(), line);
            assertTrue(row.path("reason").asText().matches(
                    "synthetic: the embedding of image \\d+ has the value (NaN|-?Infinity) after training round "
                            + (row.path("round").asInt() + 1) + " \\(learning rate 1\\.0E7 at its last iteration\\)"),
                    line);
            assertFalse(Files.exists(out.resolve("rounds/%04d/candidate-%d/model.zip".formatted(
                    row.path("round").asInt(), row.path("index").asInt()))), "a diverged candidate wrote weights");
        }
        assertTrue(r.out().contains("no candidate finished in any round: no best model"), r.out());
        assertFalse(r.out().contains("best model   "), "a run without a best lists no best model:\n" + r.out());
        assertFalse(Files.exists(out.resolve("best/model.zip")));
    }
}
