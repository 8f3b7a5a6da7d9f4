package org.facelfs.app.spark;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.Function;
import org.facelfs.app.TrainingBackend.DataFacts;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.InputProblems;
import org.facelfs.data.folder.ImageFolderDataset;
import org.facelfs.data.recordio.RecordIoFaceDataset;
import org.facelfs.data.source.TrainingSource;
import org.facelfs.data.source.VerificationSource;

/**
 * Opens the training data in a Spark task and reports its {@link DataFacts}: the images are decoded
 * on an executor (whose decode cache its own candidates then reuse; in local mode the driver's JVM),
 * never held by a cluster driver. Bad input comes back as a message, not as a failed task: no retries
 * of a job that cannot succeed, and the user sees the reader's own words.
 */
final class DataInspection implements Function<Integer, DataInspection.Outcome> {

    /** The facts, or the message of the bad input that prevented them. */
    record Outcome(DataFacts facts, String badInput) implements Serializable {

        DataFacts factsOrThrow() {
            if (badInput != null) {
                throw new IllegalArgumentException(badInput);
            }
            return facts;
        }
    }

    private final TrainingSource source;
    private final Map<String, VerificationSource> sets;
    private final DriverHadoopConf hadoop;

    /** @param sets the reward and evaluation sets to fingerprint, by the name resume reports them with */
    DataInspection(TrainingSource source, Map<String, VerificationSource> sets, DriverHadoopConf hadoop) {
        this.source = source;
        this.sets = new LinkedHashMap<>(sets);
        this.hadoop = hadoop;
    }

    @Override
    public Outcome call(Integer ignored) {
        hadoop.install();
        try {
            DataFacts f = facts(source);
            return new Outcome(new DataFacts(f.numClasses(), f.numImages(), f.fingerprint(), f.classNames(),
                    f.problems(), fingerprints(sets)), null);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | DataFormatException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    static DataFacts facts(TrainingSource source) {
        FaceDataset data = source.open();
        if (data.size() == 0 || data.numClasses() < 2) {
            throw new IllegalArgumentException("the training data (" + source.describe() + ") has "
                    + data.size() + " images of " + data.numClasses() + " identities: at least 2 identities are needed");
        }
        return new DataFacts(data.numClasses(), data.size(), data.fingerprint(), List.copyOf(data.classNames()),
                problems(data));
    }

    /**
     * Each set's fingerprint. A set that cannot be read gets its message instead: the candidates
     * open it before training and stop the run with the reader's own words, as without this check.
     */
    static Map<String, String> fingerprints(Map<String, VerificationSource> sets) {
        Map<String, String> out = new TreeMap<>();
        sets.forEach((key, set) -> {
            try {
                out.put(key, set.fingerprint());
            } catch (RuntimeException e) {
                out.put(key, "unreadable: " + e.getMessage());
            }
        });
        return out;
    }

    /**
     * Skipped inputs of readers that skip (image folders, RecordIO): counts per kind, then the messages.
     * A RecordIO pack decodes lazily, so every record is decoded here, as a folder is when opened.
     */
    private static List<String> problems(FaceDataset data) {
        InputProblems p = data instanceof ImageFolderDataset f ? f.problems()
                : data instanceof RecordIoFaceDataset r ? r.decodeAll() : null;
        if (p == null || p.total() == 0) {
            return List.of();
        }
        return p.summary().lines().toList();
    }
}
