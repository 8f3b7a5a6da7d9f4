package org.facelfs.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facelfs.cluster.SparkHome;
import org.facelfs.cluster.SparkSubmit;

/**
 * Scale-out of one search round over executor layouts on {@code local-cluster[E,C,MB]} (real executor JVMs,
 * the cluster jar through spark-submit): for each layout E×C (E executors of C cores, E·C task slots) the same
 * search with M candidates per round, and per round the ratio of the round's wall time to
 * {@code ceil(M/slots) × one candidate's time} (the median candidate's train + reward seconds of that round,
 * from history.jsonl): 1.0 = perfect scale-out, above = overhead or cores that do not deliver (e.g. two
 * candidates in one executor JVM sharing memory bandwidth). Threads per candidate: automatic
 * (spark.task.cpus = 1, so OpenMP 1 per task). Not a test.
 *
 * <p>Run from {@code search-driver/} after {@code mvn -B -o -q package -DskipTests -pl search-driver -am}
 * and {@code mvn -B -o -q -pl search-driver -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}:
 * <pre>
 * java -Xmx512m $JOPTS -cp target/test-classes:target/classes:../spark-job/target/classes:$(cat /tmp/cp.txt) \
 *   org.facelfs.bench.ScaleOutBench CONFIG WORK_DIR LAYOUTS [-Dkey=value ...]
 * </pre>
 * e.g. {@code ../conf/local.conf /tmp/scale 1x2,2x1,1x1 -Dsearch.rounds=3 -Dsearch.candidates=4}.
 */
public final class ScaleOutBench {

    /** Executor heap; the worker offers a little more. */
    static final int EXECUTOR_MB = 900;

    private ScaleOutBench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        List<String> layouts = Arrays.asList(args[2].split(","));
        Map<String, String> overrides = BenchArgs.overrides(Arrays.asList(args).subList(3, args.length));
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Config %s %s; local-cluster, client deploy mode; nproc %d; load average at start %s%n%n"
                        + "| layout (executors x cores) | slots | round | wall s | median candidate s | candidates "
                        + "| wall / (ceil(M/slots) x candidate) |%n|---|---|---|---|---|---|---|%n",
                config, overrides, Runtime.getRuntime().availableProcessors(), LoadAverage.text()));
        for (String layout : layouts) {
            String[] ec = layout.split("x");
            int executors = Integer.parseInt(ec[0]);
            int cores = Integer.parseInt(ec[1]);
            for (RoundTimes r : run(config, work.resolve("layout-" + layout), executors, cores, overrides)) {
                int m = r.candidateSeconds().size();
                double candidate = RoundTimes.median(r.candidateSeconds());
                int waves = (m + executors * cores - 1) / (executors * cores);
                report.append(String.format(Locale.ROOT, "| %d x %d | %d | %d | %.1f | %.1f | %d | %.2f |%n", executors,
                        cores, executors * cores, r.round(), r.wallSeconds(), candidate, m,
                        r.wallSeconds() / (waves * candidate)));
            }
        }
        report.append("\nload average at the end ").append(LoadAverage.text()).append("\n");
        Files.writeString(work.resolve("scale-out.md"), report);
        System.out.println(report);
        System.exit(0); // Spark's non-daemon threads
    }

    private static List<RoundTimes> run(Path config, Path dir, int executors, int cores, Map<String, String> overrides)
            throws Exception {
        SparkHome home = SparkHome.create(Files.createDirectories(dir).resolve("spark-home"));
        Path out = dir.resolve("run");
        Path log = dir.resolve("submit.log");
        SparkSubmit submit = SparkSubmit.search(home,
                        "local-cluster[%d,%d,%d]".formatted(executors, cores, EXECUTOR_MB + 100), "client", config,
                        out.toString())
                .without("spark.executorEnv.OMP_NUM_THREADS")
                .conf("spark.executor.cores", Integer.toString(cores))
                .conf("spark.cores.max", Integer.toString(executors * cores))
                .conf("spark.executor.memory", EXECUTOR_MB + "m");
        overrides.forEach(submit::override);
        submit.run(log, Duration.ofHours(2));
        return RoundTimes.read(out, new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList());
    }
}
