package org.facelfs.cli;

import org.facelfs.model.NativeBuild;
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
        try {
            NativeBuild.choose(); // before anything loads ND4J: oneDNN where the CPU has AVX2
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("facelfs: " + e.getMessage());
            System.exit(2);
        }
        int code = newCommandLine().execute(args);
        // In YARN cluster mode this main runs inside the ApplicationMaster, which reports the final
        // status after main returns: an exit here, even 0, marks the application FAILED ("Shutdown
        // hook called before final status was reported") and YARN starts a second attempt.
        if (code != 0 || !insideYarnApplicationMaster()) {
            System.exit(code);
        }
    }

    /** The ApplicationMaster sets the application's Spark settings as system properties. */
    static boolean insideYarnApplicationMaster() {
        return "cluster".equals(System.getProperty("spark.submit.deployMode"))
                && System.getProperty("spark.master", "").startsWith("yarn");
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new FacelfsCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
    }
}
