package org.facelfs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** state.json's start model: relative to the run directory, and format 1's absolute URIs mapped onto it. */
class RunStateTest {

    @TempDir
    Path tmp;

    private final FileStore store = FileStore.withDefaults();

    private RunState format1(String startModel, String bestCandidate) {
        return new RunState(1, "run", "config", "data", null, "old", 3, startModel, bestCandidate, 0.5, "{}",
                JsonNodeFactory.instance.objectNode(), "t0", "t1");
    }

    private RunState writtenAndRead(RunState s, RunLayout layout) {
        s.write(store, layout);
        return RunState.read(store, layout);
    }

    @Test
    void aFormatOneUriOfTheRunsOwnBestIsReadAsTheSameFileUnderTheDirectoryAsItIsNow() {
        RunLayout moved = new RunLayout(store.path(tmp.resolve("moved here").toString()));
        RunState read = writtenAndRead(format1("file:/data/old%20place/run/rounds/0002/candidate-1/model.zip",
                "r0002-c01"), moved);
        assertEquals("rounds/0002/candidate-1/model.zip", read.startModel());
        assertEquals(moved.candidateModel(2, 1), read.startModelPath(store, moved));
    }

    @Test
    void beforeAnyBestTheOwnFileIsTheInitialModel() {
        RunLayout moved = new RunLayout(store.path(tmp.resolve("moved").toString()));
        RunState read = writtenAndRead(format1("hdfs://nn:8020/runs/a/init/model.zip", ""), moved);
        assertEquals(moved.initialModel(), read.startModelPath(store, moved));
    }

    @Test
    void aWarmStartsWeightsFromAnotherRunAreKeptAsTheyWere() {
        RunLayout run = new RunLayout(store.path(tmp.resolve("night2").toString()));
        String other = "hdfs://nn:8020/runs/night1/rounds/0003/candidate-0/model.zip";
        RunState read = writtenAndRead(format1(other, ""), run);
        assertEquals(other, read.startModel());
        assertEquals(store.fromUri(other), read.startModelPath(store, run));
    }

    @Test
    void theCurrentFormatStoresTheStartRelativeToTheDirectory() {
        RunLayout layout = new RunLayout(store.path(tmp.resolve("a run #1").toString()));
        String relative = layout.relative(layout.candidateModel(4, 2));
        assertEquals("rounds/0004/candidate-2/model.zip", relative);
        RunState s = format1("x", "").afterRound(relative, "r0004-c02", 0.7, "{}",
                JsonNodeFactory.instance.objectNode(), "t2");
        RunState read = writtenAndRead(s, layout);
        assertEquals(RunState.FORMAT_VERSION, read.formatVersion());
        assertEquals(layout.candidateModel(4, 2), read.startModelPath(store, layout));
    }
}
