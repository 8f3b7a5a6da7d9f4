package org.facelfs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpec;
import org.facelfs.loss.LossSpecJson;
import org.facelfs.policy.PolicyState;
import org.facelfs.search.Candidate;
import org.facelfs.search.ReferenceSettings;
import org.facelfs.search.ScoredCandidate;
import org.facelfs.search.SearchState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * state.json: the start model relative to the run directory (format 1's absolute URIs mapped onto
 * it), and the best candidate owned by the controller's state alone.
 */
class RunStateTest {

    @TempDir
    Path tmp;

    private final FileStore store = FileStore.withDefaults();

    /** A controller state after {@code rounds} rounds whose last best is {@code best} (null: none yet). */
    private static SearchState controller(int rounds, ScoredCandidate best) {
        return new SearchState(SearchState.FORMAT_VERSION, ReferenceSettings.builder().build(),
                SearchState.RngScheme.CURRENT, rounds, PolicyState.NONE, best, best, List.of());
    }

    private static ScoredCandidate scored(int round, int index, double reward) {
        Candidate c = new Candidate(round, index, Candidate.idOf(round, index), new LossSpec.CosFace(32, 0.35),
                7L, List.of(0.35), false);
        return new ScoredCandidate(c, reward, Map.of("accuracy", reward));
    }

    private RunState format1(String startModel, ScoredCandidate best) {
        return new RunState(1, "run", "config", "data", null, "old", 3, startModel, controller(3, best), "t0", "t1");
    }

    private RunState writtenAndRead(RunState s, RunLayout layout) {
        s.write(store, layout);
        return RunState.read(store, layout);
    }

    @Test
    void aFormatOneUriOfTheRunsOwnBestIsReadAsTheSameFileUnderTheDirectoryAsItIsNow() {
        RunLayout moved = new RunLayout(store.path(tmp.resolve("moved here").toString()));
        RunState read = writtenAndRead(format1("file:/data/old%20place/run/rounds/0002/candidate-1/model.zip",
                scored(2, 1, 0.5)), moved);
        assertEquals("rounds/0002/candidate-1/model.zip", read.startModel());
        assertEquals(moved.candidateModel(2, 1), read.startModelPath(store, moved));
    }

    @Test
    void beforeAnyBestTheOwnFileIsTheInitialModel() {
        RunLayout moved = new RunLayout(store.path(tmp.resolve("moved").toString()));
        RunState read = writtenAndRead(format1("hdfs://nn:8020/runs/a/init/model.zip", null), moved);
        assertEquals(moved.initialModel(), read.startModelPath(store, moved));
    }

    @Test
    void aWarmStartsWeightsFromAnotherRunAreKeptAsTheyWere() {
        RunLayout run = new RunLayout(store.path(tmp.resolve("night2").toString()));
        String other = "hdfs://nn:8020/runs/night1/rounds/0003/candidate-0/model.zip";
        RunState read = writtenAndRead(format1(other, null), run);
        assertEquals(other, read.startModel());
        assertEquals(store.fromUri(other), read.startModelPath(store, run));
    }

    @Test
    void theCurrentFormatStoresTheStartRelativeToTheDirectory() {
        RunLayout layout = new RunLayout(store.path(tmp.resolve("a run #1").toString()));
        String relative = layout.relative(layout.candidateModel(4, 2));
        assertEquals("rounds/0004/candidate-2/model.zip", relative);
        RunState s = format1("x", null).afterRound(relative, controller(4, scored(4, 2, 0.7)), "t2");
        RunState read = writtenAndRead(s, layout);
        assertEquals(RunState.FORMAT_VERSION, read.formatVersion());
        assertEquals(layout.candidateModel(4, 2), read.startModelPath(store, layout));
    }

    /**
     * The file keeps bestCandidate, bestReward and bestLossJson for its readers (scripts, older
     * tools), written from the controller's best; reading takes the controller's, so the two can
     * never disagree in a run that continues.
     */
    @Test
    void theFilesBestFieldsAreTheControllersBestAndReadingTakesTheController() throws Exception {
        RunLayout layout = new RunLayout(store.path(tmp.resolve("run").toString()));
        ScoredCandidate best = scored(1, 2, 0.875);
        format1("x", null).afterRound("rounds/0001/candidate-2/model.zip", controller(2, best), "t2")
                .write(store, layout);
        Path file = tmp.resolve("run/state.json");
        JsonNode written = JsonMapper.builder().build().readTree(file.toFile());
        assertEquals("r0001-c02", written.path("bestCandidate").asText());
        assertEquals(0.875, written.path("bestReward").asDouble(), 0.0);
        assertEquals(LossSpecJson.write(best.candidate().spec()), written.path("bestLossJson").asText());
        assertEquals("r0001-c02", written.path("controller").path("current").path("candidate").path("id").asText());

        // a file whose copy says otherwise (edited by hand, or written by a buggy version) is read by its controller
        Files.writeString(file, Files.readString(file).replace("\"bestCandidate\" : \"r0001-c02\"",
                "\"bestCandidate\" : \"r0009-c09\""));
        assertTrue(Files.readString(file).contains("r0009-c09"));
        RunState read = RunState.read(store, layout);
        assertEquals(best, read.best().orElseThrow());

        RunState none = writtenAndRead(format1("x", null).afterRound("init/model.zip", controller(1, null), "t2"), layout);
        assertTrue(none.best().isEmpty());
        JsonNode before = JsonMapper.builder().build().readTree(file.toFile());
        assertEquals("", before.path("bestCandidate").asText());
        assertEquals("NaN", before.path("bestReward").asText());
        assertEquals("", before.path("bestLossJson").asText());
    }
}
