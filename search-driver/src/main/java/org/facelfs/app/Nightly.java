package org.facelfs.app;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.facelfs.run.RunLayout;
import org.facelfs.io.FileStore;

/**
 * {@code --nightly BASE}: tonight's run goes to {@code BASE/<yyyy-mm-dd>} and warm-starts from the
 * newest earlier night under BASE that completed at least one round. Running the same night again
 * (a retry) resumes tonight's directory instead.
 */
public final class Nightly {

    private static final Pattern NIGHT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Nightly() {
    }

    /** Tonight's output directory. */
    public static String outFor(String base, LocalDate today) {
        return base.replaceAll("/+$", "") + "/" + today;
    }

    /** The newest night before {@code today} under {@code base} with a state.json, if any. */
    public static Optional<String> previousNight(FileStore store, String base, LocalDate today) {
        return store.list(store.path(base)).stream()
                .filter(p -> NIGHT.matcher(p.getName()).matches())
                .filter(p -> LocalDate.parse(p.getName()).isBefore(today))
                .filter(p -> store.exists(new RunLayout(p).state()))
                .max(Comparator.comparing(Path::getName))
                .map(Path::toString);
    }
}
