package org.facelfs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.facelfs.app.check.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facelfs check}: the preflight of a search's config, inputs and resources, without training. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a search before submitting it: resolve the config as the job does (includes and all), "
                + "validate every key, open every input through the Hadoop FileSystem, print the resource plan and "
                + "the effective config.",
                "Exit 0 when the search can start, 2 with one 'facelfs: check:' line per problem otherwise.",
                "Under spark-submit it sees the same spark.* settings (and spark.hadoop.* file system keys) as the job."})
final class CheckCommand extends Verb {

    @Mixin
    ConfigOptions config;

    @Option(names = "--write-resolved", paramLabel = "FILE",
            description = "When the check passes, write the effective config (includes and -D overrides applied) to "
                    + "FILE: a self-contained file to ship instead of the original.")
    Path resolvedOut;

    @Option(names = "--master", paramLabel = "MASTER",
            description = "The master the search will be submitted to (yarn, k8s://...), for the resource plan; "
                    + "default: spark.master, else run.master. The check itself never starts Spark.")
    String master;

    @Override
    int run() throws Exception {
        SparkConf spark = new SparkConf(); // the spark.* system properties spark-submit sets, as the job sees them
        if (master != null) {
            spark.set("spark.master", master);
        }
        Preflight p = Preflight.run(config.file, config.overrides, spark);
        if (p.effective() != null) {
            System.out.println("# effective config (" + (config.file == null ? "defaults" : config.file) + ")");
            System.out.println(p.effective());
            System.out.println("# inputs");
            p.inputs().forEach(l -> System.out.println("  " + l));
            System.out.println("# resource plan");
            p.plan().forEach(l -> System.out.println("  " + l));
        }
        if (!p.ok()) {
            p.problems().forEach(l -> System.err.println("facelfs: check: " + l));
            System.err.println("facelfs: check: " + p.problems().size() + " problem(s)");
            return 2;
        }
        if (resolvedOut != null) {
            Path parent = resolvedOut.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(resolvedOut, "# resolved by facelfs check from " + config.file + "\n" + p.effective());
            System.out.println("# resolved config written to " + resolvedOut);
        }
        System.out.println("check: ok");
        return 0;
    }
}
