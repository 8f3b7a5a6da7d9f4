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
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.facelfs.config.ConfigReader;
import org.facelfs.app.config.JobConfig;
import org.facelfs.run.RunLayout;
import org.facelfs.app.spark.SparkContexts;
import org.facelfs.app.spark.SparkTrainingBackend;
import org.facelfs.io.FileStore;
import org.facelfs.report.RunReport;
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
        try (JavaSparkContext sc = SparkContexts.create(job.run().master(), job.run().name(),
                job.cluster().gpusPerCandidate())) {
            FileStore store = new FileStore(sc.hadoopConfiguration());
            RunLayout layout = new RunLayout(store.path(job.run().out()));
            TrainPlan plan = job.planWithThreads(threadsPerCandidate(job, sc));
            WarmStart warm = job.warmStart().from().isBlank() ? null
                    : WarmStart.read(store, job.warmStart().from(), job.warmStart().take());
            RunOptions options = new RunOptions(layout, job.search(),
                    org.facelfs.app.config.ConfigLoader.render(config, ConfigFingerprint.SECTIONS),
                    ConfigFingerprint.of(config), Version.current(), fresh, warm);
            SparkTrainingBackend backend = new SparkTrainingBackend(sc, store, plan, job.model(),
                    job.search().warmupLoss(), job.eval().isEmpty() ? java.util.List.of(plan.reward()) : job.eval(),
                    job.cluster().group() == JobConfig.ClusterSettings.Group.EXECUTORS
                            ? job.cluster().executorsPerGroup() : 0);
            ProgressReporter progress = new ProgressReporter(out);
            progress.line("Spark %s, %d candidate(s) at a time, %d thread(s) each; data: %s".formatted(sc.master(),
                    sc.defaultParallelism(), plan.threads(), plan.data().describe()));
            RunSummary summary = new SearchRun(options, backend, store, progress).run();
            new RunReport(store).write(layout);
            printSummary(summary, store, progress);
            return summary;
        }
    }

    /** GPUs asked for but a CPU build: say so at once instead of training on the CPU for hours. */
    static void requireBackendForGpus(int gpus) {
        if (gpus > 0 && !org.facelfs.train.DeviceAffinity.onGpu()) {
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
        progress.line("done: %d rounds; best candidate %s, reward %.4f".formatted(s.state().completedRounds(),
                s.state().bestCandidate(), s.state().bestReward()));
        s.evaluations().forEach(r -> progress.line("final evaluation " + r.summary()));
        progress.line("results in " + store.uri(l.out()));
        progress.line("  report       " + store.uri(l.report()));
        progress.line("  best model   " + store.uri(l.bestModel()));
        progress.line("  best loss    " + store.uri(l.bestLoss()) + " (formula: " + store.uri(l.bestLossFormula()) + ")");
        progress.line("  history      " + store.uri(l.historyCsv()));
        progress.line("  checkpoint   " + store.uri(l.state()));
    }
}
