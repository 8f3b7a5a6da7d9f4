package org.facelfs.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.facelfs.run.History;
import org.facelfs.run.HistoryRow;
import org.facelfs.run.RunLayout;
import org.facelfs.cluster.SparkHome;
import org.facelfs.cluster.SparkSubmit;
import org.facelfs.cluster.StandaloneCluster;
import org.facelfs.io.FileStore;

/**
 * {@link SparkOverheadBench}'s overhead and reward-cost figures on a real Spark standalone cluster:
 * a Master and {@value #WORKERS} Workers of {@value #CORES} core on 127.0.0.1 (the cluster tests'
 * harness, {@code org.facelfs.cluster}), the cluster jar submitted with spark-submit in client
 * deploy mode — so the driver is its own JVM, each candidate runs in an executor JVM a Worker
 * started, and weights and results go through the run directory as on any cluster. Executors:
 * {@code SparkSubmit}'s 1 core and 1 GiB heap each (docs/cluster.md, memory model). The round
 * wall times come from spark-submit's log (the driver's progress lines), the candidates' times
 * from the run's history ({@link RoundTimes}); the load average is sampled as each round ends.
 *
 * <p>Run from {@code search-driver/} (the cluster jar is {@code target/facelfs-cluster.jar}) after
 * {@code mvn -B -o -q package -DskipTests -pl search-driver -am} and
 * {@code mvn -B -o -q -pl search-driver -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}
 * ({@code JOPTS}: the Java 17 {@code --add-opens} set, which the cluster's JVMs inherit):
 * <pre>
 * java -Xmx512m $JOPTS -cp target/test-classes:target/classes:../spark-job/target/classes:$(cat /tmp/cp.txt) \
 *   org.facelfs.bench.StandaloneOverheadBench CONFIG WORK_DIR [-Dkey=value ...]
 * </pre>
 * e.g. {@code ../conf/local.conf /tmp/sovh -Dsearch.rounds=4}. WORK_DIR receives the SPARK_HOME, the
 * daemons' and executors' logs, {@code submit.log} (the driver's output), the run ({@code run/}) and
 * {@code overhead.md}.
 */
public final class StandaloneOverheadBench {

    static final int WORKERS = 2;
    static final int CORES = 1;
    /** What each Worker offers: one executor's 1 GiB heap (SparkSubmit's default) with room to spare. */
    static final String WORKER_MEMORY = "2g";

    private StandaloneOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Map<String, String> overrides = BenchArgs.overrides(Arrays.asList(args).subList(2, args.length));
        Path run = work.resolve("run");
        Path log = work.resolve("submit.log");
        Map<Integer, Double> loads = new ConcurrentHashMap<>();
        String started;
        Duration took;
        SparkHome home = SparkHome.create(work.resolve("spark-home"));
        try (StandaloneCluster cluster = StandaloneCluster.start(home, work.resolve("cluster"), WORKERS, CORES,
                WORKER_MEMORY)) {
            SparkSubmit submit = SparkSubmit.search(home, cluster.masterUrl(), "client", config, run.toString());
            overrides.forEach(submit::override);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> roundsEnded(log).forEach(r -> loads.putIfAbsent(r, LoadAverage.oneMinute())),
                    1, 1, TimeUnit.SECONDS);
            started = Instant.now() + ", load average " + LoadAverage.text();
            Instant t0 = Instant.now();
            try {
                submit.run(log, Duration.ofHours(2));
            } finally {
                sampler.shutdownNow();
            }
            took = Duration.between(t0, Instant.now());
            System.err.println("spark-submit " + String.join(" ", submit.arguments()));
        }
        List<RoundTimes> rounds = RoundTimes.read(run, lines(log));
        String table = new OverheadTable(WORKERS * CORES)
                .column("load 1 min", r -> String.format(Locale.ROOT, "%.2f", loads.getOrDefault(r.round(), Double.NaN)))
                .render(rounds);
        String report = String.format(Locale.ROOT, "Config %s %s; standalone, %d Workers x %d core, client deploy mode; "
                        + "executors %s; started %s; spark-submit took %ds; load average at the end %s; nproc %d%n%n%s",
                config, overrides, WORKERS, CORES, executors(run), started, took.toSeconds(), LoadAverage.text(),
                Runtime.getRuntime().availableProcessors(), table);
        Files.writeString(work.resolve("overhead.md"), report);
        System.out.println(report);
        System.exit(0); // Spark's and the HTTP client's non-daemon threads
    }

    /** The rounds whose end the driver has logged so far. */
    private static List<Integer> roundsEnded(Path log) {
        try {
            return Files.exists(log) ? lines(log).stream().flatMap(l -> RoundTimes.roundOf(l).stream()).toList()
                    : List.of();
        } catch (java.io.IOException e) {
            return List.of(); // unreadable now: next second
        }
    }

    /** The log's lines; a byte sequence that is not UTF-8 (a half-written character) is replaced, not fatal. */
    private static List<String> lines(Path log) throws java.io.IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    }

    /** The executors the history names (one per slot expected): proof the candidates left the driver. */
    private static TreeSet<String> executors(Path run) {
        RunLayout layout = new RunLayout(new org.apache.hadoop.fs.Path(run.toUri()));
        TreeSet<String> ids = new TreeSet<>();
        History.load(FileStore.withDefaults(), layout, Integer.MAX_VALUE).rows().stream().map(HistoryRow::executor)
                .filter(e -> e != null).forEach(ids::add);
        return ids;
    }
}
