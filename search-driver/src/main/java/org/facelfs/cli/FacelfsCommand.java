package org.facelfs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code facelfs} command line: one verb per capability (search, check, eval, report). */
@Command(name = "facelfs",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Loss-function search for face recognition (Search-Softmax) on Apache Spark.",
        subcommands = {SearchCommand.class, CheckCommand.class, EvalCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class FacelfsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new FacelfsCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
    }
}
