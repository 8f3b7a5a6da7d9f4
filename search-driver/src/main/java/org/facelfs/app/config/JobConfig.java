package org.facelfs.app.config;

import java.util.List;
import org.facelfs.config.ConfigError;
import org.facelfs.config.ConfigReader;
import org.facelfs.data.source.DataSection;
import org.facelfs.data.source.VerificationSource;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.ModelSection;
import org.facelfs.search.SearchSettings;
import org.facelfs.train.TrainPlan;
import org.facelfs.train.TrainSection;

/**
 * The whole effective configuration, read and validated at start-up into the values the run
 * uses. Every problem is a {@link ConfigError} naming its key. Each section is read where it is
 * documented: {@code run}, {@code search}, {@code cluster} here (search-driver's reference.conf);
 * {@code data}, {@code model}, {@code train} by {@link DataSection}, {@link ModelSection} and
 * {@link TrainSection} in spark-job (whose reference.conf documents them).
 *
 * @param run     run.*
 * @param search  search.*
 * @param warmStart search.init-from, search.init-take
 * @param cluster cluster.*
 * @param model   model.*
 * @param plan    data.*, train.*: how every candidate trains (threads: 0 until the master is known)
 * @param eval    data.eval: extra sets for the final evaluation
 */
public record JobConfig(RunSettings run, SearchSettings search, WarmStartSettings warmStart, ClusterSettings cluster,
                        BackboneSpec model, TrainPlan plan, List<VerificationSource> eval) {

    /** run.* */
    public record RunSettings(String out, String master, String name, double maxFailedFraction,
                              double leaseSeconds) {
    }

    /** search.init-from / search.init-take: the warm start, or none. */
    public record WarmStartSettings(String from, Take take) {
        /** What {@code search.init-take} may say. */
        public enum Take { BOTH, DISTRIBUTION, WEIGHTS }
    }

    /** cluster.* */
    public record ClusterSettings(Group group, int executorsPerGroup, int gpusPerCandidate, int threadsPerCandidate) {
        /** How a candidate is trained. */
        public enum Group { TASK, EXECUTORS }
    }

    public static JobConfig read(ConfigReader c) {
        RunSettings run = c.build("run", r -> new RunSettings(r.string("out"), r.string("master"), r.string("name"),
                r.inRange("max-failed-fraction", 0, 1), r.positive("lease-seconds")));
        WarmStartSettings warm = new WarmStartSettings(c.string("search.init-from"),
                c.choice("search.init-take", WarmStartSettings.Take.class));
        SearchSettings search = SearchSettingsReader.read(c);
        ClusterSettings cluster = c.build("cluster", k -> new ClusterSettings(
                k.choice("group", ClusterSettings.Group.class), k.intAtLeast("executors-per-group", 1),
                k.intAtLeast("gpus-per-candidate", 0), k.intAtLeast("threads-per-candidate", 0)));
        DataSection data = DataSection.read(c);
        BackboneSpec model = ModelSection.read(c, data.image());
        TrainPlan plan = TrainSection.read(c, data, search.rounds(), Math.max(1, cluster.gpusPerCandidate()));
        List<VerificationSource> eval = data.eval();
        return new JobConfig(run, search, warm, cluster, model, plan, eval);
    }

    /** The plan with the CPU threads each candidate may use. */
    public TrainPlan planWithThreads(int threads) {
        return plan.withThreads(threads);
    }
}
