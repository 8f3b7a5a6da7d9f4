package org.facelfs.app.spark;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.facelfs.app.TrainingBackend.DataFacts;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.InputProblems;
import org.facelfs.data.folder.ImageFolderDataset;
import org.facelfs.data.recordio.RecordIoFaceDataset;
import org.facelfs.data.source.TrainingSource;

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
    private final DriverHadoopConf hadoop;

    DataInspection(TrainingSource source, DriverHadoopConf hadoop) {
        this.source = source;
        this.hadoop = hadoop;
    }

    @Override
    public Outcome call(Integer ignored) {
        hadoop.install();
        try {
            return new Outcome(facts(source), null);
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

    /** Skipped inputs of readers that skip (image folders, RecordIO): counts per kind, then the messages. */
    private static List<String> problems(FaceDataset data) {
        InputProblems p = data instanceof ImageFolderDataset f ? f.problems()
                : data instanceof RecordIoFaceDataset r ? r.problems() : null;
        if (p == null || p.total() == 0) {
            return List.of();
        }
        return p.summary().lines().toList();
    }
}
