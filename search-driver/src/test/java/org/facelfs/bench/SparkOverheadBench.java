package org.facelfs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.facelfs.app.SearchApplication;
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

    private static final Pattern ROUND = Pattern.compile("round (\\d+)/(\\d+).*? in (?:(\\d+)m)?([0-9.]+)s");

    private SparkOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, String> overrides = new HashMap<>();
        for (String a : Arrays.asList(args).subList(2, args.length)) {
            String kv = a.substring(2);
            overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        overrides.put("run.out", out.toString());
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        Map<Integer, Double> roundSeconds = new TreeMap<>();
        Map<Integer, Long> heap = new TreeMap<>();
        List<Double> loads = new ArrayList<>();
        String started = Instant.now() + ", load average " + loadavg();
        SearchApplication.run(ConfigLoader.load(config, overrides), true, line -> {
            System.err.println(line);
            Matcher m = ROUND.matcher(line);
            if (m.find()) {
                int round = Integer.parseInt(m.group(1));
                roundSeconds.put(round, (m.group(3) == null ? 0 : 60 * Integer.parseInt(m.group(3)))
                        + Double.parseDouble(m.group(4)));
                System.gc();
                heap.put(round, mem.getHeapMemoryUsage().getUsed());
                loads.add(load1());
            }
        });
        int slots = slots(Files.readString(out.resolve("config.conf")));
        Map<Integer, List<JsonNode>> rows = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String l : Files.readAllLines(out.resolve("history.jsonl"))) {
            JsonNode r = json.readTree(l);
            rows.computeIfAbsent(r.path("round").asInt() + 1, k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Config %s %s; %d slots; started %s; nproc %d%n%n", config, overrides, slots,
                started, Runtime.getRuntime().availableProcessors()));
        sb.append("| round | M | round wall s | slowest candidate s | wall / slowest | ideal schedule s | wall / ideal "
                + "| eval share | driver heap after GC MiB | load 1 min |\n|---|---|---|---|---|---|---|---|---|---|\n");
        double trainSum = 0;
        double evalSum = 0;
        List<Double> overSlowest = new ArrayList<>();
        List<Double> overIdeal = new ArrayList<>();
        int k = 0;
        for (Map.Entry<Integer, Double> e : roundSeconds.entrySet()) {
            List<JsonNode> rs = rows.getOrDefault(e.getKey(), List.of());
            double[] t = rs.stream().mapToDouble(r -> r.path("trainSeconds").asDouble() + r.path("evalSeconds").asDouble())
                    .toArray();
            double train = rs.stream().mapToDouble(r -> r.path("trainSeconds").asDouble()).sum();
            double eval = rs.stream().mapToDouble(r -> r.path("evalSeconds").asDouble()).sum();
            trainSum += train;
            evalSum += eval;
            double slowest = Arrays.stream(t).max().orElse(Double.NaN);
            double ideal = listSchedule(t, slots);
            overSlowest.add(e.getValue() / slowest);
            overIdeal.add(e.getValue() / ideal);
            sb.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.3f | %.1f | %.3f | %.1f %% | %.1f | %.2f |%n",
                    e.getKey(), t.length, e.getValue(), slowest, e.getValue() / slowest, ideal, e.getValue() / ideal,
                    100 * eval / (train + eval), heap.get(e.getKey()) / 1048576.0, loads.get(k++)));
        }
        sb.append(String.format(Locale.ROOT, "%nMedian wall / slowest %.3f, median wall / ideal %.3f (rounds 2+: %.3f / %.3f); "
                        + "reward evaluation %.1f %% of candidate time; heap after GC first %.1f MiB, last %.1f MiB, "
                        + "slope %.2f MiB/round over rounds 2+%n",
                median(overSlowest), median(overIdeal), median(overSlowest.subList(Math.min(1, overSlowest.size() - 1),
                        overSlowest.size())), median(overIdeal.subList(Math.min(1, overIdeal.size() - 1), overIdeal.size())),
                100 * evalSum / (trainSum + evalSum), first(heap) / 1048576.0, last(heap) / 1048576.0, slope(heap) / 1048576.0));
        Files.writeString(out.resolve("overhead.md"), sb.toString());
        System.out.println(sb);
        System.exit(0); // Spark's non-daemon threads
    }

    /** Makespan of tasks started in order on the first free of {@code slots} slots (zero overhead). */
    static double listSchedule(double[] t, int slots) {
        double[] free = new double[Math.max(1, slots)];
        for (double d : t) {
            int s = 0;
            for (int i = 1; i < free.length; i++) {
                if (free[i] < free[s]) {
                    s = i;
                }
            }
            free[s] += d;
        }
        return Arrays.stream(free).max().orElse(0);
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

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    private static double load1() {
        return Double.parseDouble(loadavg().split(" ")[0]);
    }
}
