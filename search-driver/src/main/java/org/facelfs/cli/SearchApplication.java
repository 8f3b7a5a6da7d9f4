package org.facelfs.cli;

import org.facelfs.app.RunSummary;
import org.facelfs.app.WarmStart;
import org.facelfs.app.RunOptions;
import org.facelfs.app.ConfigFingerprint;
import org.facelfs.app.Version;
import org.facelfs.app.ProgressReporter;
import org.facelfs.app.SearchRun;
import org.facelfs.config.ConfigError;
import com.typesafe.config.Config;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.facelfs.config.ConfigReader;
import org.facelfs.app.config.JobConfig;
import org.facelfs.app.metrics.MetricsRoundListener;
import org.facelfs.app.metrics.SearchMetricsPlugin;
import org.facelfs.run.RunLayout;
import org.facelfs.app.spark.SparkContexts;
import org.facelfs.app.config.SparkSection;
import org.facelfs.app.summary.InterruptedOnShutdown;
import org.facelfs.app.summary.RunStatus;
import org.facelfs.app.summary.StopRecorder;
import org.facelfs.app.summary.SummaryFile;
import org.facelfs.app.spark.SparkTrainingBackend;
import org.facelfs.io.FileStore;
import org.facelfs.report.RunReport;
import org.facelfs.search.Best;
import org.facelfs.policy.Policies;
import org.facelfs.search.SearchSettings;
import org.facelfs.search.SearchState;
import org.facelfs.train.TrainPlan;

/** The {@code search} verb end to end: configuration, Spark, the search loop, the report. */
public final class SearchApplication {

    private SearchApplication() {
    }

    /**
     * @param config the effective configuration (defaults, file, overrides)
     * @param fresh  refuse to resume an existing run
     * @param out    where progress lines go
     */
    public static RunSummary run(Config config, boolean fresh, Consumer<String> out) {
        JobConfig job = JobConfig.read(new ConfigReader(config));
        requireBackendForGpus(job.cluster().gpusPerCandidate());
        Instant started = Instant.now();
        try (JavaSparkContext sc = SparkContexts.create(job.run().master(), job.run().name(),
                job.cluster().gpusPerCandidate(), sparkSection(config, job.search()),
                job.cluster().threadsPerCandidate())) {
            FileStore store = new FileStore(sc.hadoopConfiguration());
            RunLayout layout = new RunLayout(store.path(job.run().out()));
            SummaryFile summaryFile = new SummaryFile(store, layout, job.search().rounds(),
                    job.run().maxFailedFraction(), ConfigFingerprint.of(config), Version.current(), started);
            boolean ours = isOurs(store, layout, fresh, ConfigFingerprint.of(config));
            RunSummary summary;
            try (InterruptedOnShutdown onSignal = ours ? new InterruptedOnShutdown(summaryFile, layout.state().toString())
                    : null) {
                Supplier<RunSummary> body = () -> search(config, fresh, out, job, sc, store, layout);
                summary = ours ? StopRecorder.recording(body, sc.sc()::isStopped, layout.state().toString(), summaryFile)
                        : body.get();
            }
            RunStatus status = summaryFile.finished();
            printSummary(summary, store, new ProgressReporter(out));
            return summary.withStatus(status);
        }
    }

    private static RunSummary search(Config config, boolean fresh, Consumer<String> out, JobConfig job,
                                     JavaSparkContext sc, FileStore store, RunLayout layout) {
        TrainPlan plan = job.planWithThreads(threadsPerCandidate(job, sc));
        WarmStart warm = job.warmStart().from().isBlank() ? null
                : WarmStart.read(store, job.warmStart().from(), job.warmStart().take());
        RunOptions options = new RunOptions(layout, job.search(),
                org.facelfs.app.config.ConfigLoader.render(config, ConfigFingerprint.SECTIONS),
                ConfigFingerprint.of(config), Version.current(), fresh, warm,
                java.time.Duration.ofMillis(Math.round(job.run().leaseSeconds() * 1000)));
        SparkTrainingBackend backend = new SparkTrainingBackend(sc, store, plan, job.model(),
                Policies.warmupLoss(job.search().policySettings()), job.eval().isEmpty() ? java.util.List.of(plan.reward()) : job.eval(),
                job.cluster().group() == JobConfig.ClusterSettings.Group.EXECUTORS
                        ? job.cluster().executorsPerGroup() : 0);
        ProgressReporter progress = new ProgressReporter(out);
        progress.line("Spark %s, %d candidate(s) at a time, %d thread(s) each; data: %s".formatted(sc.master(),
                sc.defaultParallelism(), plan.threads(), plan.data().describe()));
        RunSummary summary = new SearchRun(options, backend, store, progress,
                MetricsRoundListener.forRun(job.search())).run();
        new RunReport(store).write(layout);
        return summary;
    }

    /**
     * The config's spark { } section, plus the search's metrics plugin and the length of μ it
     * makes gauges for.
     */
    static SparkSection sparkSection(Config config, SearchSettings search) {
        return SparkSection.from(config)
                .with("spark.plugins", SearchMetricsPlugin.class.getName())
                .with(SearchMetricsPlugin.DIMENSIONS,
                        Integer.toString(Policies.create(search.policySettings()).state().mu().size()));
    }

    /**
     * Whether the directory is (or will be) this run's, so that a stop may replace its summary.json:
     * a refused start (--fresh on a run, another configuration, a damaged checkpoint) leaves the
     * summary of the run that is there alone.
     */
    private static boolean isOurs(FileStore store, RunLayout layout, boolean fresh, String fingerprint) {
        if (!store.exists(layout.state())) {
            return true;
        }
        try {
            return !fresh && org.facelfs.run.RunState.read(store, layout).configFingerprint().equals(fingerprint);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** GPUs asked for but a CPU build: say so at once instead of training on the CPU for hours. */
    static void requireBackendForGpus(int gpus) {
        if (gpus > 0 && !org.facelfs.train.DeviceAffinity.cudaBuild()) {
            throw new org.facelfs.config.ConfigError("cluster.gpus-per-candidate", "is " + gpus
                    + " but this jar runs ND4J on the CPU backend: build the cluster jar with `mvn -Pcuda package` "
                    + "for GPU executors, or set cluster.gpus-per-candidate = 0");
        }
    }

    /**
     * CPU threads per candidate: as configured; else 1 in local mode (one candidate per core),
     * spark.task.cpus on a cluster.
     */
    static int threadsPerCandidate(JobConfig job, JavaSparkContext sc) {
        if (job.cluster().threadsPerCandidate() > 0) {
            return job.cluster().threadsPerCandidate();
        }
        return SparkContexts.isLocal(sc) ? 1 : sc.getConf().getInt("spark.task.cpus", 1);
    }

    private static void printSummary(RunSummary s, FileStore store, ProgressReporter progress) {
        RunLayout l = s.layout();
        SearchState search = s.state().controller();
        progress.line("done: %d rounds; %s".formatted(s.state().completedRounds(), search.current() == null
                ? "no candidate finished" : search.settings().finalModel().summary(new Best(search.current(), search.overall()))));
        s.evaluations().forEach(progress::finalEvaluation);
        // paths as users write them (no %-escapes), so each can be pasted into --out, report or eval
        progress.line("results in " + store.qualified(l.out()));
        progress.line("  report       " + store.qualified(l.report()));
        if (search.current() != null) { // a run in which every candidate diverged has no best to point at
            progress.line("  best model   " + store.qualified(l.bestModel()));
            progress.line("  best loss    " + store.qualified(l.bestLoss()) + " (formula: "
                    + store.qualified(l.bestLossFormula()) + ")");
        }
        progress.line("  history      " + store.qualified(l.historyCsv()));
        progress.line("  checkpoint   " + store.qualified(l.state()));
    }
}
