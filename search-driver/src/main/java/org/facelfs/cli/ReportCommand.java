package org.facelfs.cli;

import org.facelfs.run.RunLayout;
import org.facelfs.io.FileStore;
import org.facelfs.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code facelfs report DIR}: re-renders report.html and the charts of a run, finished or running. */
@Command(name = "report", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Re-render report.html and charts/*.png of a run directory (also while the run goes on).")
final class ReportCommand extends Verb {

    @Parameters(paramLabel = "DIR", description = "The run's output directory (any Hadoop FileSystem URI or local path).")
    String dir;

    @Override
    int run() throws Exception {
        FileStore store = FileStore.withDefaults();
        RunLayout layout = new RunLayout(store.path(dir));
        new RunReport(store).write(layout);
        System.out.println("report: " + store.qualified(layout.report()));
        return 0;
    }
}
