package org.facelfs.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
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
 * @param setFingerprints   fingerprint of each reward and evaluation set, by {@code data.reward} /
 *                          {@code data.eval} and name (null in files written before they were kept)
 * @param codeVersion       facelfs version that wrote it
 * @param completedRounds   rounds finished; the next round to run has this index
 * @param startModel        the weights (and updater state) the next round starts from, relative to
 *                          the run directory ({@code init/model.zip}, {@code rounds/0002/candidate-1/model.zip}),
 *                          so a copied or moved directory resumes from its own files. Format 1 stored
 *                          an absolute URI: {@link #read} maps it onto the directory's own file
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
        Map<String, String> setFingerprints,
        String codeVersion,
        int completedRounds,
        String startModel,
        String bestCandidate,
        double bestReward,
        String bestLossJson,
        JsonNode controller,
        String startedAt,
        String updatedAt) {

    /** 2: {@code startModel} relative to the run directory, {@code setFingerprints}. Format 1 is still read. */
    public static final int FORMAT_VERSION = 2;
    private static final int ABSOLUTE_START_MODEL_VERSION = 1;
    private static final Pattern CANDIDATE_ID = Pattern.compile("r(\\d+)-c(\\d+)");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    public RunState afterRound(String nextStartModel, String best, double reward, String lossJson,
                               JsonNode controllerState, String now) {
        return new RunState(FORMAT_VERSION, runId, configFingerprint, dataFingerprint, setFingerprints, codeVersion,
                completedRounds + 1, nextStartModel, best, reward, lossJson, controllerState, startedAt, now);
    }

    /** The same state with the reward and evaluation sets' fingerprints (files that predate them take today's). */
    public RunState withSetFingerprints(Map<String, String> fingerprints) {
        return new RunState(formatVersion, runId, configFingerprint, dataFingerprint, Map.copyOf(fingerprints),
                codeVersion, completedRounds, startModel, bestCandidate, bestReward, bestLossJson, controller, startedAt,
                updatedAt);
    }

    /**
     * The file the next round starts from: under {@code layout}'s directory, wherever it now is; an
     * absolute URI only where a format-1 file named weights that are not the run's own (a warm
     * start from another run, before any round had a best).
     */
    public Path startModelPath(FileStore store, RunLayout layout) {
        return isAbsolute(startModel) ? store.fromUri(startModel) : layout.resolve(startModel);
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
        if (s.formatVersion() < ABSOLUTE_START_MODEL_VERSION || s.formatVersion() > FORMAT_VERSION
                || s.controller() == null || s.completedRounds() < 0 || s.startModel() == null) {
            throw new CorruptCheckpointException(layout.state() + " is incomplete or of another format (version "
                    + s.formatVersion() + ")");
        }
        return s.formatVersion() == ABSOLUTE_START_MODEL_VERSION ? s.withOwnStartModel(layout) : s;
    }

    /**
     * Format 1 named the start model by its absolute URI, which after a copy or move is the original
     * directory's file. The run's own file is known without that URI: the last best candidate's
     * weights, or init/model.zip before any best. When the URI ends in that file's relative path
     * it is taken relative to this directory, so the original is never read; any other URI (a warm
     * start's weights from another run) is kept as it is.
     */
    private RunState withOwnStartModel(RunLayout layout) {
        String own = ownStartModel(layout);
        String path = java.net.URI.create(startModel).getPath();
        String relative = own != null && path.endsWith("/" + own) ? own : startModel;
        return new RunState(formatVersion, runId, configFingerprint, dataFingerprint, setFingerprints, codeVersion,
                completedRounds, relative, bestCandidate, bestReward, bestLossJson, controller, startedAt, updatedAt);
    }

    private String ownStartModel(RunLayout layout) {
        if (bestCandidate.isEmpty()) {
            return layout.relative(layout.initialModel());
        }
        Matcher m = CANDIDATE_ID.matcher(bestCandidate);
        return m.matches() ? layout.relative(layout.candidateModel(Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)))) : null;
    }

    private static boolean isAbsolute(String location) {
        return location.startsWith("/") || location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }
}
