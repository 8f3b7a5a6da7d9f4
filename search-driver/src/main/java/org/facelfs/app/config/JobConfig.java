package org.facelfs.app.config;

import org.facelfs.config.ConfigReader;
import org.facelfs.config.ConfigError;
import java.util.ArrayList;
import java.util.List;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;
import org.facelfs.data.source.TrainingSource;
import org.facelfs.data.source.VerificationSource;
import org.facelfs.model.BackboneKind;
import org.facelfs.model.BackboneSpec;
import org.facelfs.train.LrSchedule;
import org.facelfs.train.Optimizer;
import org.facelfs.search.SearchSettings;
import org.facelfs.train.TrainPlan;

/**
 * The whole effective configuration, read and validated at start-up into the values the run
 * uses. Every problem is a {@link ConfigError} naming its key.
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
    public record RunSettings(String out, String master, String name) {
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
        RunSettings run = c.build("run", r -> new RunSettings(r.string("out"), r.string("master"), r.string("name")));
        WarmStartSettings warm = new WarmStartSettings(c.string("search.init-from"),
                c.choice("search.init-take", WarmStartSettings.Take.class));
        SearchSettings search = SearchSettingsReader.read(c);
        ClusterSettings cluster = c.build("cluster", k -> new ClusterSettings(
                k.choice("group", ClusterSettings.Group.class), k.intAtLeast("executors-per-group", 1),
                k.intAtLeast("gpus-per-candidate", 0), k.intAtLeast("threads-per-candidate", 0)));
        ImageShape shape = c.build("data.image", i -> new ImageShape(i.intAtLeast("channels", 1),
                i.intAtLeast("height", 1), i.intAtLeast("width", 1)));
        Preprocess preprocess = preprocess(c.section("data.image"), shape);
        int decodeThreads = c.intAtLeast("data.decode-threads", 0);
        TrainingSource train = c.build("data.train", t -> trainingSource(t, shape, preprocess, decodeThreads));
        VerificationSource reward = c.build("data.reward", r -> verificationSource(r, train, preprocess, decodeThreads));
        List<VerificationSource> eval = c.objects("data.eval",
                e -> verificationSource(e, train, preprocess, decodeThreads));
        BackboneSpec model = c.build("model", m -> backbone(m, shape));
        TrainPlan plan = c.build("train", t -> new TrainPlan(train, reward, t.intAtLeast("batch-size", 1),
                t.intAtLeast("iterations-per-round", 0), t.bool("flip"), optimizer(t, search.rounds()), 0,
                Math.max(1, cluster.gpusPerCandidate()), t.intAtLeast("eval-batch-size", 1), t.bool("flip-fusion"),
                t.nonNegative("progress-seconds")));
        return new JobConfig(run, search, warm, cluster, model, plan, eval);
    }

    /** The plan with the CPU threads each candidate may use. */
    public TrainPlan planWithThreads(int threads) {
        TrainPlan p = plan;
        return new TrainPlan(p.data(), p.reward(), p.batchSize(), p.iterationsPerRound(), p.flip(), p.optimizer(),
                threads, p.devices(), p.evalBatchSize(), p.flipFusion(), p.progressSeconds());
    }

    private static Preprocess preprocess(ConfigReader image, ImageShape shape) {
        return withCrop(image, Preprocess.resize(shape).withNormalise(image.bool("normalise")));
    }

    /** {@code base} with the crop box at {@code crop} ([] = no crop). */
    private static Preprocess withCrop(ConfigReader r, Preprocess base) {
        List<Integer> crop = r.ints("crop");
        if (crop.isEmpty()) {
            return base.withCrop(0, 0, 0, 0);
        }
        if (crop.size() != 4) {
            throw new ConfigError(r.key("crop"), "must be [] or [x, y, width, height], got " + crop);
        }
        return base.withCrop(crop.get(0), crop.get(1), crop.get(2), crop.get(3));
    }

    private static TrainingSource trainingSource(ConfigReader t, ImageShape shape, Preprocess preprocess, int threads) {
        String format = t.string("format");
        switch (format) {
            case "synthetic": {
                ConfigReader s = t.section("synthetic");
                return new TrainingSource.Synthetic(s.intAtLeast("identities", 2), s.intAtLeast("images-per-identity", 2),
                        shape, s.longValue("seed"), s.nonNegative("variation"));
            }
            case "folders":
                return new TrainingSource.Folders(requirePath(t, "path"), preprocess,
                        t.intAtLeast("min-images-per-identity", 1), t.strings("only-identities"), t.strings("exclude-identities"),
                        t.string("exclude-identities-of.pairs"), t.ints("exclude-identities-of.folds"), threads);
            case "recordio":
                return new TrainingSource.RecordIo(requirePath(t, "path"), t.string("index"), preprocess);
            default:
                throw new ConfigError(t.key("format"), "unknown value '" + format
                        + "'; allowed: synthetic, folders, recordio");
        }
    }

    private static VerificationSource verificationSource(ConfigReader v, TrainingSource train, Preprocess preprocess,
                                                         int threads) {
        String format = v.string("format");
        String name = v.has("name") ? v.string("name") : format;
        switch (format) {
            case "synthetic":
                if (!(train instanceof TrainingSource.Synthetic synthetic)) {
                    throw new ConfigError(v.key("format"), "synthetic pairs need data.train.format = synthetic "
                            + "(they are identities the synthetic training set does not contain)");
                }
                return new VerificationSource.SyntheticPairs(name, synthetic, v.intAtLeast("held-out-identities", 20),
                        v.intAtLeast("images-per-identity", 2), v.intAtLeast("pairs-per-fold", 2));
            case "lfw":
                return new VerificationSource.Lfw(name, requirePath(v, "pairs"), requirePath(v, "images"),
                        v.has("crop") ? withCrop(v, preprocess) : preprocess,
                        v.has("folds") ? v.ints("folds") : List.of(), threads);
            case "csv":
                return new VerificationSource.Csv(name, requirePath(v, "file"), v.has("images") ? v.string("images") : "",
                        v.has("crop") ? withCrop(v, preprocess) : preprocess, threads);
            case "bin":
                return new VerificationSource.Bin(name, requirePath(v, "file"),
                        v.has("crop") ? withCrop(v, preprocess) : preprocess, threads);
            default:
                throw new ConfigError(v.key("format"), "unknown value '" + format + "'; allowed: synthetic, lfw, csv, bin");
        }
    }

    private static BackboneSpec backbone(ConfigReader m, ImageShape shape) {
        BackboneKind kind = m.choice("backbone", BackboneKind.class);
        List<Integer> widths = new ArrayList<>(m.ints("widths"));
        if (widths.isEmpty()) {
            widths.addAll(switch (kind) {
                case SMALL_CNN -> BackboneSpec.SMALL_CNN_WIDTHS;
                case MOBILEFACENET -> List.of();
                default -> BackboneSpec.IRESNET_WIDTHS;
            });
        }
        String nl = m.string("nonlinearity");
        org.facelfs.model.Nonlinearity nonlinearity = switch (nl) {
            case "auto" -> kind == BackboneKind.SMALL_CNN ? org.facelfs.model.Nonlinearity.LEAKY_RELU
                    : org.facelfs.model.Nonlinearity.PRELU;
            case "prelu" -> org.facelfs.model.Nonlinearity.PRELU;
            case "leaky-relu" -> org.facelfs.model.Nonlinearity.LEAKY_RELU;
            default -> throw new ConfigError(m.key("nonlinearity"), "unknown value '" + nl
                    + "'; allowed: auto, prelu, leaky-relu");
        };
        return new BackboneSpec(kind, m.intAtLeast("embedding", 1), shape, widths, m.inRange("dropout", 0, 0.99),
                nonlinearity);
    }

    private static Optimizer optimizer(ConfigReader t, int rounds) {
        ConfigReader lr = t.section("lr");
        String schedule = lr.string("schedule");
        LrSchedule s = switch (schedule) {
            case "multistep" -> new LrSchedule.MultiStep(lr.positive("base"), lr.ints("milestones"),
                    lr.positive("gamma"), lr.nonNegative("warmup-rounds"));
            case "cosine" -> new LrSchedule.Cosine(lr.positive("base"), rounds, lr.nonNegative("min"),
                    lr.nonNegative("warmup-rounds"));
            default -> throw new ConfigError(lr.key("schedule"), "unknown value '" + schedule
                    + "'; allowed: multistep, cosine");
        };
        return new Optimizer(t.inRange("momentum", 0, 0.999), t.nonNegative("weight-decay"), s);
    }

    private static String requirePath(ConfigReader r, String path) {
        String v = r.string(path);
        if (v.isBlank()) {
            throw new ConfigError(r.key(path), "must name a file or directory (any Hadoop FileSystem URI or local path)");
        }
        return v;
    }
}
