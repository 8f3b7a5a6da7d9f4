package org.facelfs.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.facelfs.io.FileStore;
import org.facelfs.loss.LossSpecJson;
import org.facelfs.search.Candidate;
import org.facelfs.search.ScoredCandidate;
import org.facelfs.search.SearchState;

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
 * @param controller        the search controller's state: the one owner of the best candidate
 *                          ({@link #best()}); the file's {@code bestCandidate}, {@code bestReward} and
 *                          {@code bestLossJson} are written from it for readers of the file, and
 *                          ignored when it is read
 * @param startedAt         ISO time the run started
 * @param updatedAt         ISO time this file was written
 */
@JsonPropertyOrder({"formatVersion", "runId", "configFingerprint", "dataFingerprint", "setFingerprints", "codeVersion",
        "completedRounds", "startModel", "bestCandidate", "bestReward", "bestLossJson", "controller", "startedAt",
        "updatedAt"})
@JsonIgnoreProperties(value = {"bestCandidate", "bestReward", "bestLossJson"}, allowGetters = true)
public record RunState(
        int formatVersion,
        String runId,
        String configFingerprint,
        String dataFingerprint,
        Map<String, String> setFingerprints,
        String codeVersion,
        int completedRounds,
        String startModel,
        SearchState controller,
        String startedAt,
        String updatedAt) {

    /** 2: {@code startModel} relative to the run directory, {@code setFingerprints}. Format 1 is still read. */
    public static final int FORMAT_VERSION = 2;
    private static final int ABSOLUTE_START_MODEL_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // as SearchState writes a failed candidate's NaN
            .build();

    public RunState afterRound(String nextStartModel, SearchState controllerState, String now) {
        return new RunState(FORMAT_VERSION, runId, configFingerprint, dataFingerprint, setFingerprints, codeVersion,
                completedRounds + 1, nextStartModel, controllerState, startedAt, now);
    }

    /**
     * The best candidate of the last completed round that had one (its weights start the next
     * round): the controller's {@link SearchState#current()}; empty before any candidate finished.
     */
    @JsonIgnore
    public Optional<ScoredCandidate> best() {
        return Optional.ofNullable(controller.current());
    }

    /** {@code bestCandidate} in the file: {@link #best()}'s id, "" before any. */
    @JsonProperty("bestCandidate")
    String bestCandidateInFile() {
        return best().map(b -> b.candidate().id()).orElse("");
    }

    /** {@code bestReward} in the file: {@link #best()}'s reward, NaN before any. */
    @JsonProperty("bestReward")
    double bestRewardInFile() {
        return best().map(ScoredCandidate::reward).orElse(Double.NaN);
    }

    /** {@code bestLossJson} in the file: {@link #best()}'s loss as JSON text, "" before any. */
    @JsonProperty("bestLossJson")
    String bestLossJsonInFile() {
        return best().map(b -> LossSpecJson.write(b.candidate().spec())).orElse("");
    }

    /** The same state with the reward and evaluation sets' fingerprints (files that predate them take today's). */
    public RunState withSetFingerprints(Map<String, String> fingerprints) {
        return new RunState(formatVersion, runId, configFingerprint, dataFingerprint, Map.copyOf(fingerprints),
                codeVersion, completedRounds, startModel, controller, startedAt, updatedAt);
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
        String relative = path.endsWith("/" + own) ? own : startModel;
        return new RunState(formatVersion, runId, configFingerprint, dataFingerprint, setFingerprints, codeVersion,
                completedRounds, relative, controller, startedAt, updatedAt);
    }

    private String ownStartModel(RunLayout layout) {
        Optional<Candidate> best = best().map(ScoredCandidate::candidate);
        return layout.relative(best.map(c -> layout.candidateModel(c.round(), c.index())).orElse(layout.initialModel()));
    }

    private static boolean isAbsolute(String location) {
        return location.startsWith("/") || location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }
}
