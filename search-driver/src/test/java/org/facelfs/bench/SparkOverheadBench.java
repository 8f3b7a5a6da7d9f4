package org.facelfs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facelfs.cli.SearchApplication;
import org.facelfs.app.config.ConfigLoader;

/**
 * Spark's cost around the candidates, in one process on embedded Spark:
 * <ul>
 *   <li><b>overhead</b>: per round, the round's wall time (the driver's progress line) against what
 *       the candidates themselves took (history: trainSeconds + evalSeconds): against the slowest
 *       candidate, and against the ideal schedule of the measured candidate times on the
 *       {@code local[N]} slots in task order (what zero overhead would give when M &gt; N);</li>
 *   <li><b>reward cost</b>: evalSeconds / (trainSeconds + evalSeconds) summed over candidates;</li>
 *   <li><b>heap</b>: driver heap used after {@code System.gc()} at the end of every round.</li>
 * </ul>
 * Run (search-driver test classpath, project root):
 * <pre>
 * java -Xmx4g -cp search-driver/target/test-classes:search-driver/target/classes:spark-job/target/classes:$(cat /tmp/cp.txt) \
 *   org.facelfs.bench.SparkOverheadBench CONFIG OUT_DIR [-Dkey=value ...]
 * </pre>
 * e.g. {@code conf/local.conf /tmp/ovh -Dsearch.rounds=4} or, for the heap over 20 rounds,
 * {@code search-driver/src/test/resources/tiny.conf /tmp/heap -Dsearch.rounds=20}.
 */
public final class SparkOverheadBench {

    private SparkOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, String> overrides = new HashMap<>(BenchArgs.overrides(Arrays.asList(args).subList(2, args.length)));
        overrides.put("run.out", out.toString());
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        List<String> lines = new ArrayList<>();
        Map<Integer, Long> heap = new TreeMap<>();
        Map<Integer, Double> loads = new TreeMap<>();
        String started = Instant.now() + ", load average " + LoadAverage.text();
        SearchApplication.run(ConfigLoader.load(config, overrides), true, line -> {
            System.err.println(line);
            lines.add(line);
            RoundTimes.roundOf(line).ifPresent(round -> {
                System.gc();
                heap.put(round, mem.getHeapMemoryUsage().getUsed());
                loads.put(round, LoadAverage.oneMinute());
            });
        });
        int slots = slots(Files.readString(out.resolve("config.conf")));
        String table = new OverheadTable(slots)
                .column("driver heap after GC MiB", r -> String.format(Locale.ROOT, "%.1f", heap.get(r.round()) / 1048576.0))
                .column("load 1 min", r -> String.format(Locale.ROOT, "%.2f", loads.get(r.round())))
                .render(RoundTimes.read(out, lines));
        String report = String.format(Locale.ROOT, "Config %s %s; %d slots; started %s; nproc %d%n%n%s"
                        + "Driver heap after GC first %.1f MiB, last %.1f MiB, slope %.2f MiB/round over rounds 2+%n",
                config, overrides, slots, started, Runtime.getRuntime().availableProcessors(), table,
                first(heap) / 1048576.0, last(heap) / 1048576.0, slope(heap) / 1048576.0);
        Files.writeString(out.resolve("overhead.md"), report);
        System.out.println(report);
        System.exit(0); // Spark's non-daemon threads
    }

    private static int slots(String conf) {
        Matcher m = Pattern.compile("master\\s*=\\s*\"local\\[(\\d+|\\*)]\"").matcher(conf);
        if (m.find()) {
            return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Least-squares slope of heap over rounds 2+ (bytes per round). */
    static double slope(Map<Integer, Long> heap) {
        List<Map.Entry<Integer, Long>> e = new ArrayList<>(heap.entrySet());
        e = e.subList(Math.min(1, e.size()), e.size());
        double n = e.size();
        double mx = e.stream().mapToDouble(Map.Entry::getKey).sum() / n;
        double my = e.stream().mapToDouble(Map.Entry::getValue).sum() / n;
        double num = 0;
        double den = 0;
        for (Map.Entry<Integer, Long> p : e) {
            num += (p.getKey() - mx) * (p.getValue() - my);
            den += (p.getKey() - mx) * (p.getKey() - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    private static long first(Map<Integer, Long> m) {
        return m.values().iterator().next();
    }

    private static long last(Map<Integer, Long> m) {
        return new ArrayList<>(m.values()).get(m.size() - 1);
    }
}
