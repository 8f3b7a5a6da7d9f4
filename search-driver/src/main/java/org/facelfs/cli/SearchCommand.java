package org.facelfs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facelfs.app.Nightly;
import org.facelfs.app.RunSummary;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.app.summary.RunStatus;
import org.facelfs.app.summary.SummaryFile;
import org.facelfs.io.FileStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facelfs search}: runs (or resumes) the loss-function search described by a HOCON config. */
@Command(name = "search", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Run the loss-function search, or resume it: a run started on an output directory holding "
                + "state.json continues after its last completed round.",
                "Embedded Spark (run.master, default local[*]) unless spark-submit sets a master; -Dspark.KEY=VALUE "
                        + "sets a Spark setting (the config's spark { } section)."},
        exitCodeListHeading = "Exit codes (also the status in <out>/summary.json):%n",
        exitCodeList = {"0:done",
                "2:failed: bad input, or an error stopped the run (fix it; the same command resumes)",
                "3:candidates-failed: every round ran, more than run.max-failed-fraction of candidates failed",
                "4:interrupted: the Spark context was shut down under the run (the same command resumes)"})
final class SearchCommand extends Verb {

    @Mixin
    ConfigOptions config;

    @ArgGroup(exclusive = true)
    Output output = new Output();

    static final class Output {
        @Option(names = "--out", paramLabel = "DIR",
                description = "Output directory, any Hadoop FileSystem URI or local path (overrides run.out).")
        String out;

        @Option(names = "--nightly", paramLabel = "BASE",
                description = "Nightly mode: output BASE/<yyyy-mm-dd> (UTC), warm-started from the newest completed "
                        + "earlier night under BASE.")
        String nightly;
    }

    @Option(names = "--night", paramLabel = "YYYY-MM-DD",
            description = "With --nightly: the night's date, e.g. the scheduler's logical date (Airflow {{ ds }}), so "
                    + "a retry or a backfill writes the night it belongs to; default: today in UTC.")
    LocalDate night;

    @Option(names = "--fresh", description = "Refuse to resume: fail if the output directory already holds a run.")
    boolean fresh;

    @Override
    int run() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(config.overrides);
        // locations are taken as the user wrote them: quoted, so HOCON reads no comment (#, //) into them
        if (output.out != null) {
            overrides.put("run.out", ConfigUtil.quoteString(output.out));
        }
        if (night != null && output.nightly == null) {
            throw new IllegalArgumentException("--night " + night + " needs --nightly BASE");
        }
        if (output.nightly != null) {
            LocalDate today = night != null ? night : LocalDate.now(ZoneOffset.UTC);
            overrides.put("run.out", ConfigUtil.quoteString(Nightly.outFor(output.nightly, today)));
            Nightly.previousNight(FileStore.withDefaults(), output.nightly, today)
                    .ifPresent(prev -> overrides.putIfAbsent("search.init-from", ConfigUtil.quoteString(prev)));
        }
        Config effective = ConfigLoader.load(config.file, overrides);
        RunSummary summary = SearchApplication.run(effective, fresh, System.out::println);
        if (summary.status() != RunStatus.DONE) {
            System.err.println("facelfs: " + summary.status().key() + ": see " + summary.layout().out() + "/"
                    + SummaryFile.NAME);
        }
        return summary.status().exitCode();
    }

}
