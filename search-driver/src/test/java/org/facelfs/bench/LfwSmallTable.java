package org.facelfs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.facelfs.eval.McNemar;
import org.facelfs.eval.PairDecisions;

/**
 * Runs the lfw-small table (docs/benchmarks.md): every method × seed as its own
 * {@code java -jar facelfs.jar search} process on one thread ({@code local[1]}, OMP_NUM_THREADS=1),
 * {@code --jobs} of them side by side; then the {@code eval} verb on the test set (View-2 folds
 * 1-5, k-fold within them) with the per-pair dump; then mean ± std over seeds and McNemar per
 * seed against the reference method on the same 3,000 pairs. The accuracy of the randomly
 * initialised network is the eval of the softmax runs' {@code init/model.zip}.
 *
 * <p>Re-running skips what is done (a run with {@code test.json}) and resumes interrupted searches
 * (the run directory is the checkpoint), so the hours-long table can be stopped and continued.
 *
 * <p>Run from the project root after {@code mvn -B -o -q package -DskipTests -pl search-driver -am}
 * and {@code mvn -B -o -q -pl search-driver -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}:
 * <pre>
 * java -cp search-driver/target/test-classes:search-driver/target/classes:spark-job/target/classes:$(cat /tmp/cp.txt) \
 *   org.facelfs.bench.LfwSmallTable --seeds 1,2,3 --jobs 2 [--methods softmax,cosface,...] [--reference cosface]
 *   [--control-loss HOCON] [--search-overrides "-Dk=v ..."] [--out runs/lfw-small-table] [--doc docs/benchmarks.md]
 *   [-Dkey=value ...]   (overrides for every search)
 * </pre>
 * The hand-crafted margins run first; the best of them (highest mean test accuracy) is the reference
 * of the paired tests and, unless {@code --control-loss} says otherwise, the control's fixed loss.
 * {@code --search-overrides} apply to the other methods only (e.g. their M and warm-up).
 * <pre>
 * </pre>
 */
public final class LfwSmallTable {

    static final List<String> ALL = List.of("softmax", "sphereface", "cosface", "arcface", "combined",
            "elasticface-arc", "elasticface-cos", "curricularface", "adaface", "am-lfs", "am-lfs-tau", "random-softmax", "search-global",
            "search-piecewise", "best-of-m", "retrained-global", "retrained-piecewise");
    /** The fixed losses (M = 1, no warm-up): run first, the best of them is the paired tests' reference. */
    static final List<String> HAND_CRAFTED = List.of("softmax", "sphereface", "cosface", "arcface", "combined",
            "elasticface-arc", "elasticface-cos", "curricularface", "adaface");
    /**
     * A search's found loss (its {@code best/loss.json}, per seed) trained again from scratch as a fixed loss, M = 1,
     * on the softmax overlay's budget: does the loss keep its accuracy without the search's best-of-M selection?
     */
    static final Map<String, String> RETRAINED = Map.of("retrained-global", "search-global",
            "retrained-piecewise", "search-piecewise");
    static final String RANDOM_INIT = "random-init";
    static final String LFW = "../shared/data/lfw";
    static final String START = "<!-- lfw-small-table:start -->";
    static final String END = "<!-- lfw-small-table:end -->";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LfwSmallTable() {
    }

    /** One finished run's figures on the test set. */
    record Result(String method, int seed, double accuracy, double accuracyStd, double auc, double tar1e2, double tar1e3,
                  double reward, double seconds, PairDecisions pairs, List<String> mu) {

        /** μ after the last round's update, or "" for methods without a learned distribution. */
        String finalMu() {
            return mu.isEmpty() ? "" : mu.get(mu.size() - 1);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("-D")) {
                overrides.add(args[i]);
            } else {
                opt.put(args[i], args[++i]);
            }
        }
        List<String> methods = Arrays.asList(opt.getOrDefault("--methods", String.join(",", ALL)).split(","));
        List<Integer> seeds = Arrays.stream(opt.getOrDefault("--seeds", "1,2,3").split(",")).map(Integer::valueOf).toList();
        int jobs = Integer.parseInt(opt.getOrDefault("--jobs", "2"));
        Path out = Path.of(opt.getOrDefault("--out", "runs/lfw-small-table"));
        String jar = opt.getOrDefault("--jar", "search-driver/target/facelfs.jar");
        String heap = opt.getOrDefault("--heap", "3g");
        for (String m : methods) {
            if (!ALL.contains(m)) {
                throw new IllegalArgumentException("unknown method '" + m + "'; known: " + ALL);
            }
        }

        // the hand-crafted margins first: the best of them is the paired tests' reference and the control's loss
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<String> handCrafted = methods.stream().filter(HAND_CRAFTED::contains).toList();
        List<Result> results = runAll(pool, handCrafted, seeds, m -> runOne(jar, heap, out, m.method(), m.seed(), overrides));
        if (methods.contains("softmax")) {
            for (int seed : seeds) {
                results.add(randomInit(jar, heap, out, seed));
            }
        }
        String controlLoss = opt.containsKey("--control-loss") ? opt.get("--control-loss")
                : handCrafted.isEmpty() ? null : fixedLossOf(Path.of("conf/lfw-small"), bestHandCrafted(results));
        List<String> searchLike = new ArrayList<>(overrides);
        searchLike.addAll(Arrays.asList(opt.getOrDefault("--search-overrides", "").split("\\s+")));
        searchLike.removeIf(String::isBlank);
        List<String> rest = methods.stream().filter(m -> !HAND_CRAFTED.contains(m) && !RETRAINED.containsKey(m)).toList();
        results.addAll(runAll(pool, rest, seeds, m -> {
            List<String> extra = new ArrayList<>(searchLike);
            if (m.method().equals("best-of-m") && controlLoss != null) {
                extra.add("-Dsearch.fixed-loss=" + controlLoss);
            }
            return runOne(jar, heap, out, m.method(), m.seed(), extra);
        }));
        List<String> retrained = methods.stream().filter(RETRAINED::containsKey).toList();
        results.addAll(runAll(pool, retrained, seeds, m -> {
            Path found = out.resolve(RETRAINED.get(m.method())).resolve("seed-" + m.seed()).resolve("run/best/loss.json");
            List<String> extra = new ArrayList<>(overrides);
            extra.add("-Dsearch.fixed-loss=" + Files.readString(found).trim());
            return runOne(jar, heap, out, m.method(), "softmax", m.seed(), extra);
        }));
        pool.shutdown();
        List<String> described = new ArrayList<>(overrides);
        if (!rest.isEmpty() && searchLike.size() > overrides.size()) {
            described.add("(searches and control also: " + String.join(" ", searchLike.subList(overrides.size(),
                    searchLike.size())) + (controlLoss == null ? "" : "; control loss " + controlLoss) + ")");
        }

        String reference = opt.getOrDefault("--reference", bestHandCrafted(results));
        String table = table(results, reference, methods, seeds, described, jobs);
        Files.writeString(out.resolve("table.md"), table);
        System.out.println(table);
        if (opt.containsKey("--doc")) {
            replaceBetweenMarkers(Path.of(opt.get("--doc")), table);
        }
    }

    /** One method at one seed. */
    record Job(String method, int seed) {
    }

    /** A run of one {@link Job}; may throw, which fails the table. */
    interface JobRunner {
        Result run(Job job) throws Exception;
    }

    private static List<Result> runAll(ExecutorService pool, List<String> methods, List<Integer> seeds, JobRunner runner)
            throws Exception {
        List<Future<Result>> futures = new ArrayList<>();
        for (int seed : seeds) {
            for (String m : methods) {
                Job job = new Job(m, seed);
                futures.add(pool.submit(() -> runner.run(job)));
            }
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    /** The {@code search.fixed-loss} of a hand-crafted method's overlay, as HOCON for {@code -Dsearch.fixed-loss=}. */
    static String fixedLossOf(Path overlays, String method) {
        Config overlay = ConfigFactory.parseFile(overlays.resolve(method + ".conf").toFile()).resolve();
        return overlay.getConfig("search.fixed-loss").root().render(ConfigRenderOptions.concise());
    }

    private static Result runOne(String jar, String heap, Path out, String method, int seed, List<String> overrides)
            throws IOException, InterruptedException {
        return runOne(jar, heap, out, method, method, seed, overrides);
    }

    /** {@code method} at {@code seed} from the overlay {@code conf/lfw-small/<overlay>.conf}. */
    private static Result runOne(String jar, String heap, Path out, String method, String overlay, int seed,
                                 List<String> overrides) throws IOException, InterruptedException {
        Path dir = out.resolve(method).resolve("seed-" + seed);
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(dir.resolve("test.json"))) {
            List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + heap, "-jar", jar, "search",
                    "--config", "conf/lfw-small/" + overlay + ".conf", "-Drun.out=" + dir.resolve("run"),
                    "-Dsearch.seed=" + seed, "-Drun.master=local[1]", "-Dcluster.threads-per-candidate=1",
                    "-Ddata.eval=[]"));  // the test set is evaluated once, below, with the per-pair dump
            cmd.addAll(overrides);
            exec(cmd, dir.resolve("search.log"));
            evalTest(jar, heap, dir.resolve("run/best/model.zip"), dir);
            Files.writeString(dir.resolve("seconds.txt"), String.format(Locale.ROOT, "%.1f%n", (System.nanoTime() - t0) / 1e9));
        }
        return read(method, seed, dir);
    }

    private static Result randomInit(String jar, String heap, Path out, int seed) throws Exception {
        Path dir = out.resolve(RANDOM_INIT).resolve("seed-" + seed);
        Files.createDirectories(dir);
        if (!Files.isRegularFile(dir.resolve("test.json"))) {
            evalTest(jar, heap, out.resolve("softmax").resolve("seed-" + seed).resolve("run/init/model.zip"), dir);
        }
        return read(RANDOM_INIT, seed, dir);
    }

    /** The eval verb on View-2 folds 1-5: {@code test.json} and {@code test-pairs.csv} in {@code dir}. */
    private static void evalTest(String jar, String heap, Path model, Path dir) throws IOException, InterruptedException {
        exec(List.of("java", "-Xmx" + heap, "-jar", jar, "eval", "--model", model.toString(), "--pairs", LFW + "/pairs.txt",
                "--images", LFW + "/images", "--crop", "50,50,150,150", "--folds", "1,2,3,4,5", "--threads", "1",
                "--json", "--pairs-out", dir.resolve("test-pairs.csv").toString()), dir.resolve("eval.log"));
        String log = Files.readString(dir.resolve("eval.log"));
        int start = log.indexOf("{\n");
        Files.writeString(dir.resolve("test.json"), log.substring(start, log.lastIndexOf('}') + 1));
    }

    private static void exec(List<String> cmd, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        System.err.println(Instant.now() + " start: " + String.join(" ", cmd));
        int code = pb.start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("exit " + code + " from " + String.join(" ", cmd) + "; see " + log);
        }
        System.err.println(Instant.now() + " done:  " + log);
    }

    private static Result read(String method, int seed, Path dir) throws IOException {
        JsonNode t = JSON.readTree(dir.resolve("test.json").toFile());
        PairDecisions pairs;
        try (BufferedReader in = Files.newBufferedReader(dir.resolve("test-pairs.csv"))) {
            pairs = PairDecisions.readCsv(in, dir.resolve("test-pairs.csv").toString());
        }
        double reward = Double.NaN;
        List<String> mu = new ArrayList<>();
        Path state = dir.resolve("run/state.json");
        if (Files.isRegularFile(state)) {
            JsonNode s = JSON.readTree(state.toFile());
            reward = s.path("bestReward").asDouble(Double.NaN);
            for (JsonNode round : s.path("controller").path("history")) {
                if (!round.path("mu").isEmpty()) { // fixed policies and Random-Softmax learn no μ
                    mu.add(vector(round.path("mu")));
                }
            }
        }
        Path secs = dir.resolve("seconds.txt");
        double seconds = Files.isRegularFile(secs) ? Double.parseDouble(Files.readString(secs).trim()) : Double.NaN;
        return new Result(method, seed, t.path("accuracyMean").asDouble(), t.path("accuracyStd").asDouble(),
                t.path("auc").asDouble(), tar(t, 1e-2), tar(t, 1e-3), reward, seconds, pairs, mu);
    }

    /** A μ vector as {@code [0.12, -0.30]}, two decimals. */
    static String vector(JsonNode values) {
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add(String.format(Locale.ROOT, "%.2f", v.asDouble())));
        return "[" + String.join(", ", parts) + "]";
    }

    private static double tar(JsonNode report, double far) {
        for (JsonNode n : report.path("tarAtFar")) {
            if (n.path("targetFar").asDouble() == far) {
                return n.path("tar").asDouble();
            }
        }
        return Double.NaN;
    }

    /** The hand-crafted margin with the highest mean test accuracy (the paired tests' reference). */
    static String bestHandCrafted(List<Result> results) {
        return results.stream().filter(r -> HAND_CRAFTED.contains(r.method()))
                .collect(Collectors.groupingBy(Result::method, Collectors.averagingDouble(Result::accuracy)))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("softmax");
    }

    static String table(List<Result> results, String reference, List<String> methods, List<Integer> seeds,
                        List<String> overrides, int jobs) {
        Map<String, List<Result>> by = results.stream().collect(Collectors.groupingBy(Result::method, LinkedHashMap::new,
                Collectors.toList()));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Seeds %s, %d concurrent single-thread jobs, overrides %s; reference for "
                + "McNemar: %s. Accuracy: 5-fold rule within View-2 folds 1-5 (3,000 pairs); ± is the std over seeds "
                + "(n - 1). Reward: best candidate's 2-fold accuracy on folds 6-7.%n%n", seeds, jobs,
                overrides.isEmpty() ? "none" : String.join(" ", overrides), reference));
        sb.append("| method | test accuracy % | AUC | TAR@FAR=1e-2 | TAR@FAR=1e-3 | reward % | McNemar vs ")
                .append(reference).append(" per seed (only ref / only method, p) | separated from ").append(reference)
                .append("? | minutes per run | final μ |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Result>> e : by.entrySet()) {
            List<Result> rs = e.getValue();
            StringBuilder mc = new StringBuilder();
            boolean allSignificant = !rs.isEmpty();
            for (Result r : rs) {
                Result ref = by.getOrDefault(reference, List.of()).stream().filter(x -> x.seed() == r.seed()).findFirst()
                        .orElse(null);
                if (ref != null && !r.method().equals(reference)) {
                    McNemar m = McNemar.of(ref.pairs(), r.pairs());
                    allSignificant &= m.p() < 0.05;
                    mc.append(String.format(Locale.ROOT, "s%d: %d/%d, p=%.3g; ", r.seed(), m.onlyA(), m.onlyB(), m.p()));
                }
            }
            String lastMu = rs.get(rs.size() - 1).finalMu();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", e.getKey(),
                    pm(rs, r -> 100 * r.accuracy(), 2), pm(rs, Result::auc, 4), pm(rs, Result::tar1e2, 3),
                    pm(rs, Result::tar1e3, 3), pm(rs, r -> 100 * r.reward(), 2),
                    mc.length() == 0 ? "—" : mc.substring(0, mc.length() - 2),
                    e.getKey().equals(reference) ? "—" : separation(rs, by.getOrDefault(reference, List.of()), allSignificant),
                    pm(rs, r -> r.seconds() / 60, 1), lastMu.isEmpty() ? "—" : lastMu));
        }
        sb.append(muTrajectories(results));
        return sb.toString();
    }

    /**
     * The rule of the table: a method differs from the reference only when the difference of the mean
     * accuracies is larger than the seed spread (the larger of the two stds) and McNemar's p &lt; 0.05
     * for every seed.
     */
    static String separation(List<Result> method, List<Result> reference, boolean significantEverySeed) {
        if (method.size() < 2 || reference.size() < 2) {
            return "— (needs ≥ 2 seeds)";
        }
        double[] m = values(method, Result::accuracy);
        double[] r = values(reference, Result::accuracy);
        double diff = 100 * (mean(m) - mean(r));
        double spread = 100 * Math.max(std(m), std(r));
        boolean beyondSpread = Math.abs(diff) > spread;
        String verdict = beyondSpread && significantEverySeed ? (diff > 0 ? "**yes, better**" : "**yes, worse**") : "no";
        return String.format(Locale.ROOT, "%s (%+.2f pts; spread %.2f; p < 0.05 every seed: %s)", verdict, diff, spread,
                significantEverySeed ? "yes" : "no");
    }

    /** Each learning search's μ after every round (the controller's history), one line per run. */
    static String muTrajectories(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        for (Result r : results) {
            if (!r.mu().isEmpty()) {
                if (sb.length() == 0) {
                    sb.append(String.format(Locale.ROOT, "%nμ after each round's update (warm-up rounds do not update; "
                            + "μ is the CosFace-equivalent margin m (a = 1 - e^{s m}) for the searches, a = -10^μ under search.mapping = log10; the bins' values for piecewise; AM-LFS: the means of the 6 intervals' α, then of their β):%n%n"));
                    sb.append("| method | seed | μ per round |\n|---|---|---|\n");
                }
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", r.method(), r.seed(), String.join(" → ", r.mu())));
            }
        }
        return sb.toString();
    }

    /** The finite values of {@code f} over {@code rs} (a missing figure is NaN and left out). */
    static double[] values(List<Result> rs, java.util.function.ToDoubleFunction<Result> f) {
        return rs.stream().mapToDouble(f).filter(Double::isFinite).toArray();
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1). */
    static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    /** {@code mean ± std} (sample std; just the value for one seed; "—" when undefined). */
    static String pm(List<Result> rs, java.util.function.ToDoubleFunction<Result> f, int digits) {
        double[] v = values(rs, f);
        if (v.length == 0) {
            return "—";
        }
        String fmt = "%." + digits + "f";
        if (v.length == 1) {
            return String.format(Locale.ROOT, fmt, v[0]);
        }
        return String.format(Locale.ROOT, fmt + " ± " + fmt, mean(v), std(v));
    }

    private static void replaceBetweenMarkers(Path doc, String table) throws IOException {
        String text = Files.readString(doc);
        int a = text.indexOf(START);
        int b = text.indexOf(END);
        if (a < 0 || b < a) {
            throw new IllegalArgumentException(doc + " has no " + START + " ... " + END + " markers");
        }
        Files.writeString(doc, text.substring(0, a + START.length()) + "\n" + table + text.substring(b));
        System.err.println("table written into " + doc + File.separator);
    }
}
