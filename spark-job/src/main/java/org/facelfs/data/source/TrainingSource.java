package org.facelfs.data.source;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.facelfs.data.FaceDataset;
import org.facelfs.data.ImageShape;
import org.facelfs.data.ParallelDecoder;
import org.facelfs.data.Preprocess;
import org.facelfs.data.folder.ImageFolderDataset;
import org.facelfs.data.folder.ImageFolderOptions;
import org.facelfs.data.pairs.LfwPairs;
import org.facelfs.data.recordio.RecordIoFaceDataset;
import org.facelfs.data.synthetic.SyntheticFaces;

/**
 * Where a run's training images come from: a small serialisable description that the driver
 * sends to every task, and that each executor opens once ({@link #open()}).
 */
public sealed interface TrainingSource extends Serializable
        permits TrainingSource.Synthetic, TrainingSource.Folders, TrainingSource.RecordIo {

    /** The dataset, opened once per JVM. */
    FaceDataset open();

    /** One line for logs and the report. */
    String describe();

    /** The built-in synthetic faces (the embedded default): no files needed. */
    record Synthetic(int identities, int imagesPerIdentity, ImageShape shape, long seed, double variation)
            implements TrainingSource {
        @Override
        public SyntheticFaces open() {
            return OpenedSources.once(this, () -> SyntheticFaces.builder().identities(identities)
                    .imagesPerIdentity(imagesPerIdentity).shape(shape).seed(seed).variation(variation).build());
        }

        @Override
        public String describe() {
            return "synthetic faces: %d identities x %d images, %dx%dx%d, seed %d".formatted(identities,
                    imagesPerIdentity, shape.channels(), shape.height(), shape.width(), seed);
        }
    }

    /**
     * Image folders {@code root/<identity>/<image>}. Identities that appear in the given folds of
     * an LFW-format pairs file ({@code excludePairs}, 1-based {@code excludeFolds}) are left out, so
     * evaluation identities never train.
     */
    record Folders(String root, Preprocess preprocess, int minImagesPerIdentity, List<String> include,
                   List<String> exclude, String excludePairs, List<Integer> excludeFolds, int threads)
            implements TrainingSource {
        public Folders {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
            excludeFolds = List.copyOf(excludeFolds);
        }

        @Override
        public ImageFolderDataset open() {
            return OpenedSources.once(this, () -> ImageFolderDataset.open(root, options()));
        }

        ImageFolderOptions options() {
            Set<String> out = new TreeSet<>(exclude);
            if (excludePairs != null && !excludePairs.isEmpty()) {
                int[] folds = excludeFolds.stream().mapToInt(f -> f - 1).toArray();
                out.addAll(LfwPairs.read(excludePairs, root).identitiesInFolds(folds));
            }
            ImageFolderOptions o = ImageFolderOptions.of(preprocess).withMinImagesPerIdentity(minImagesPerIdentity)
                    .withExclude(out).withThreads(ParallelDecoder.threads(threads));
            return include.isEmpty() ? o : o.withInclude(include);
        }

        @Override
        public String describe() {
            return "image folders " + root + (excludePairs == null || excludePairs.isEmpty() ? ""
                    : " without the identities of folds " + excludeFolds + " of " + excludePairs);
        }
    }

    /** An insightface RecordIO pack ({@code train.rec} + {@code train.idx}). */
    record RecordIo(String rec, String idx, Preprocess preprocess) implements TrainingSource {
        @Override
        public RecordIoFaceDataset open() {
            return OpenedSources.once(this, () -> idx == null || idx.isEmpty()
                    ? RecordIoFaceDataset.open(rec, preprocess) : RecordIoFaceDataset.open(rec, idx, preprocess));
        }

        @Override
        public String describe() {
            return "RecordIO pack " + rec;
        }
    }
}
