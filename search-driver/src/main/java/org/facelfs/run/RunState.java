package org.facelfs.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.facelfs.io.FileStore;

/**
 * {@code state.json}: what a resumed run needs — how many rounds are complete, the weights the
 * next round starts from, the controller's full state — and the provenance that explains a result.
 * Replaced atomically after each round, so it always describes a completed round.
 *
 * @param formatVersion     layout version of this file
 * @param runId             unique id of the run, fixed at its start
 * @param configFingerprint hash of the effective config without the keys that may change on resume
 * @param dataFingerprint   fingerprint of the training data
 * @param codeVersion       facelfs version that wrote it
 * @param completedRounds   rounds finished; the next round to run has this index
 * @param startModel        URI of the weights (and updater state) the next round starts from
 * @param bestCandidate     id of the best candidate of the last completed round ("" before any)
 * @param bestReward        its reward (NaN before any)
 * @param bestLossJson      its loss spec as JSON ("" before any)
 * @param controller        the search controller's state (JSON)
 * @param startedAt         ISO time the run started
 * @param updatedAt         ISO time this file was written
 */
public record RunState(
        int formatVersion,
        String runId,
        String configFingerprint,
        String dataFingerprint,
        String codeVersion,
        int completedRounds,
        String startModel,
        String bestCandidate,
        double bestReward,
        String bestLossJson,
        JsonNode controller,
        String startedAt,
        String updatedAt) {

    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    public RunState afterRound(String nextStartModel, String best, double reward, String lossJson,
                               JsonNode controllerState, String now) {
        return new RunState(formatVersion, runId, configFingerprint, dataFingerprint, codeVersion,
                completedRounds + 1, nextStartModel, best, reward, lossJson, controllerState, startedAt, now);
    }

    public void write(FileStore store, RunLayout layout) {
        try {
            store.writeAtomically(layout.state(), JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code state.json}; a damaged file is reported with its path and what to do, never
     * half-used.
     */
    public static RunState read(FileStore store, RunLayout layout) {
        byte[] bytes = store.readBytes(layout.state());
        RunState s;
        try {
            s = JSON.readValue(bytes, RunState.class);
        } catch (IOException e) {
            throw new CorruptCheckpointException(layout.state() + " cannot be read as a facelfs checkpoint ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (s.formatVersion() != FORMAT_VERSION || s.controller() == null || s.completedRounds() < 0
                || s.startModel() == null) {
            throw new CorruptCheckpointException(layout.state() + " is incomplete or of another format (version "
                    + s.formatVersion() + ")");
        }
        return s;
    }
}
