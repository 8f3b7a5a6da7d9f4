package org.facelfs.data.source;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.facelfs.config.ConfigError;
import org.facelfs.config.ConfigReader;
import org.facelfs.data.ImageShape;
import org.facelfs.data.Preprocess;

/**
 * The {@code data} section (documented in this module's reference.conf, which alone holds its
 * defaults): the training source, the reward set and the evaluation sets. A new format is one
 * constant of {@link TrainingFormat} or {@link PairsFormat}, its case here, and its source record.
 *
 * @param image  data.image: what every image becomes
 * @param train  data.train
 * @param reward data.reward
 * @param eval   data.eval: extra sets for the final evaluation
 */
public record DataSection(ImageShape image, TrainingSource train, VerificationSource reward,
                          List<VerificationSource> eval) {

    /** {@code data.train.format}. */
    public enum TrainingFormat { SYNTHETIC, FOLDERS, RECORDIO }

    /** {@code format} of the reward and evaluation sets. */
    public enum PairsFormat { SYNTHETIC, LFW, CSV, BIN }

    /**
     * Objects whose keys depend on their {@code format}: the configuration loader's check against
     * reference.conf leaves them to this reader, which knows every format's keys.
     */
    public static final Set<String> KEYS_CHECKED_BY_READER = Set.of("data.reward");

    /** The keys of a pairs set, of every format (an object merges with reference.conf's synthetic reward). */
    private static final Set<String> PAIRS_KEYS = new TreeSet<>(List.of("format", "name", "crop",
            "held-out-identities", "images-per-identity", "pairs-per-fold", "pairs", "images", "folds", "file"));

    /** Reads {@code data} from the root of the effective configuration. */
    public static DataSection read(ConfigReader root) {
        ConfigReader data = root.section("data");
        int maxPixels = data.intAtLeast("max-image-pixels", 1);
        ImageShape shape = data.build("image", i -> imageShape(i, maxPixels));
        ConfigReader image = data.section("image");
        Preprocess preprocess = withCrop(image, Preprocess.resize(shape).withNormalise(image.bool("normalise")))
                .withMaxSourcePixels(maxPixels);
        int threads = data.intAtLeast("decode-threads", 0);
        TrainingSource train = data.build("train", t -> trainingSource(t, shape, preprocess, threads));
        VerificationSource reward = data.build("reward", r -> pairs(r, train, preprocess, threads));
        List<VerificationSource> eval = data.objects("eval", e -> pairs(e, train, preprocess, threads));
        return new DataSection(shape, train, reward, eval);
    }

    /** data.image's shape, within data.max-image-pixels (a larger one would not fit in memory either). */
    private static ImageShape imageShape(ConfigReader i, int maxPixels) {
        int height = i.intAtLeast("height", 1);
        int width = i.intAtLeast("width", 1);
        if ((long) height * width > maxPixels) {
            throw new ConfigError(i.key("height"), "height x width = " + height + " x " + width + " = "
                    + (long) height * width + " pixels is over data.max-image-pixels = " + maxPixels);
        }
        return new ImageShape(i.intAtLeast("channels", 1), height, width);
    }

    private static TrainingSource trainingSource(ConfigReader t, ImageShape shape, Preprocess preprocess,
                                                 int threads) {
        return switch (t.choice("format", TrainingFormat.class)) {
            case SYNTHETIC -> {
                ConfigReader s = t.section("synthetic");
                yield new TrainingSource.Synthetic(s.intAtLeast("identities", 2),
                        s.intAtLeast("images-per-identity", 2), shape, s.longValue("seed"), s.nonNegative("variation"));
            }
            case FOLDERS -> new TrainingSource.Folders(requirePath(t, "path"), preprocess,
                    t.intAtLeast("min-images-per-identity", 1), t.strings("only-identities"),
                    t.strings("exclude-identities"), t.string("exclude-identities-of.pairs"),
                    t.ints("exclude-identities-of.folds"), threads);
            case RECORDIO -> new TrainingSource.RecordIo(requirePath(t, "path"), t.string("index"), preprocess);
        };
    }

    private static VerificationSource pairs(ConfigReader v, TrainingSource train, Preprocess preprocess,
                                            int threads) {
        for (String key : v.raw().root().keySet()) {
            if (!PAIRS_KEYS.contains(key)) {
                throw new ConfigError(v.key(key), "is not a key of a pairs set; known: " + String.join(", ", PAIRS_KEYS));
            }
        }
        PairsFormat format = v.choice("format", PairsFormat.class);
        String name = v.has("name") ? v.string("name") : v.string("format");
        Preprocess own = v.has("crop") ? withCrop(v, preprocess) : preprocess;
        return switch (format) {
            case SYNTHETIC -> {
                if (!(train instanceof TrainingSource.Synthetic synthetic)) {
                    throw new ConfigError(v.key("format"), "synthetic pairs need data.train.format = synthetic "
                            + "(they are identities the synthetic training set does not contain)");
                }
                yield new VerificationSource.SyntheticPairs(name, synthetic, v.intAtLeast("held-out-identities", 20),
                        v.intAtLeast("images-per-identity", 2), v.intAtLeast("pairs-per-fold", 2));
            }
            case LFW -> new VerificationSource.Lfw(name, requirePath(v, "pairs"), requirePath(v, "images"), own,
                    v.has("folds") ? v.ints("folds") : List.of(), threads);
            case CSV -> new VerificationSource.Csv(name, requirePath(v, "file"),
                    v.has("images") ? v.string("images") : "", own, threads);
            case BIN -> new VerificationSource.Bin(name, requirePath(v, "file"), own, threads);
        };
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

    private static String requirePath(ConfigReader r, String path) {
        String v = r.string(path);
        if (v.isBlank()) {
            throw new ConfigError(r.key(path), "must name a file or directory (any Hadoop FileSystem URI or local path)");
        }
        return v;
    }
}
