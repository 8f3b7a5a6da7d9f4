package org.facelfs.app.check;

import java.util.ArrayList;
import java.util.List;
import org.facelfs.app.config.JobConfig;
import org.facelfs.data.source.TrainingSource;
import org.facelfs.data.source.VerificationSource;

/**
 * One file or directory the job will read, with the config key that names it.
 *
 * @param key       e.g. {@code data.train.path}
 * @param location  the key's value (any Hadoop FileSystem URI or local path)
 * @param directory whether it must be a directory (else a readable file)
 */
public record Input(String key, String location, boolean directory) {

    /** Every input of the job: training data, reward set, evaluation sets and the warm start. */
    public static List<Input> of(JobConfig job) {
        List<Input> in = new ArrayList<>();
        training(job.plan().data(), in);
        verification("data.reward", job.plan().reward(), in);
        for (int i = 0; i < job.eval().size(); i++) {
            verification("data.eval[" + i + "]", job.eval().get(i), in);
        }
        if (!job.warmStart().from().isBlank()) {
            in.add(new Input("search.init-from", job.warmStart().from(), true));
        }
        return in;
    }

    private static void training(TrainingSource source, List<Input> in) {
        if (source instanceof TrainingSource.Folders f) {
            in.add(new Input("data.train.path", f.root(), true));
            optionalFile("data.train.exclude-identities-of.pairs", f.excludePairs(), in);
        } else if (source instanceof TrainingSource.RecordIo r) {
            in.add(new Input("data.train.path", r.rec(), false));
            optionalFile("data.train.index", r.idx(), in);
        }
    }

    private static void verification(String key, VerificationSource source, List<Input> in) {
        if (source instanceof VerificationSource.Lfw l) {
            in.add(new Input(key + ".pairs", l.pairs(), false));
            in.add(new Input(key + ".images", l.images(), true));
        } else if (source instanceof VerificationSource.Csv c) {
            in.add(new Input(key + ".file", c.file(), false));
            if (!c.images().isBlank()) {
                in.add(new Input(key + ".images", c.images(), true));
            }
        } else if (source instanceof VerificationSource.Bin b) {
            in.add(new Input(key + ".file", b.file(), false));
        }
    }

    private static void optionalFile(String key, String location, List<Input> in) {
        if (location != null && !location.isBlank()) {
            in.add(new Input(key, location, false));
        }
    }
}
