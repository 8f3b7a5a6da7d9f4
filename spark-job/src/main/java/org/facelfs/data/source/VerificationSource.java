package org.facelfs.data.source;

import java.io.Serializable;
import java.util.List;
import org.facelfs.data.Fingerprint;
import org.facelfs.data.HadoopFiles;
import org.facelfs.data.Preprocess;
import org.facelfs.data.VerificationSet;
import org.facelfs.data.pairs.CsvPairs;
import org.facelfs.data.pairs.InsightfaceBin;
import org.facelfs.data.pairs.LfwPairs;
import org.facelfs.data.pairs.PairList;
import org.facelfs.data.pairs.PairVerificationSet;

/** Where a verification set (reward or final evaluation) comes from; opened once per JVM. */
public sealed interface VerificationSource extends Serializable permits VerificationSource.SyntheticPairs,
        VerificationSource.Lfw, VerificationSource.Csv, VerificationSource.Bin {

    /** The name in results and the report. */
    String name();

    VerificationSet open();

    /**
     * A fingerprint of the set's content without decoding an image: the pairs and every image's
     * name, size and time (LFW, CSV), the file's size and time (.bin), the generator's settings
     * (synthetic). A resumed run compares it, so its rewards all come from one set.
     */
    String fingerprint();

    /** Pairs of synthetic identities the training set never contains. */
    record SyntheticPairs(String name, TrainingSource.Synthetic training, int heldOutIdentities, int imagesPerIdentity,
                          int pairsPerFold) implements VerificationSource {
        @Override
        public VerificationSet open() {
            return OpenedSources.once(this,
                    () -> training.open().verificationPairs(heldOutIdentities, imagesPerIdentity, pairsPerFold));
        }

        @Override
        public String fingerprint() {
            return new Fingerprint().add("synthetic-pairs").add(toString()).hex();
        }
    }

    /** LFW {@code pairs.txt} (View 1 or 2) with its image root; {@code folds} (1-based) empty = all. */
    record Lfw(String name, String pairs, String images, Preprocess preprocess, List<Integer> folds, int threads)
            implements VerificationSource {
        public Lfw {
            folds = List.copyOf(folds);
        }

        @Override
        public VerificationSet open() {
            return OpenedSources.once(this, () -> PairVerificationSet.load(pairList(), preprocess, threads));
        }

        @Override
        public String fingerprint() {
            return pairList().requireImagesExist();
        }

        private PairList pairList() {
            PairList list = LfwPairs.read(pairs, images);
            return folds.isEmpty() ? list : list.onlyFolds(folds.stream().mapToInt(f -> f - 1).toArray());
        }
    }

    /** A CSV of {@code path1,path2,same[,fold]}, paths relative to {@code images} (or absolute). */
    record Csv(String name, String file, String images, Preprocess preprocess, int threads)
            implements VerificationSource {
        @Override
        public VerificationSet open() {
            return OpenedSources.once(this,
                    () -> PairVerificationSet.load(CsvPairs.read(file, images), preprocess, threads));
        }

        @Override
        public String fingerprint() {
            return CsvPairs.read(file, images).requireImagesExist();
        }
    }

    /** An insightface {@code .bin} (pickled JPEG bytes and is-same flags). */
    record Bin(String name, String file, Preprocess preprocess, int threads) implements VerificationSource {
        @Override
        public VerificationSet open() {
            return OpenedSources.once(this, () -> InsightfaceBin.read(file, preprocess, threads));
        }

        @Override
        public String fingerprint() {
            org.apache.hadoop.fs.Path path = HadoopFiles.path(file);
            try {
                org.apache.hadoop.fs.FileStatus st = HadoopFiles.fs(path).getFileStatus(path);
                return new Fingerprint().add("bin").add(path.toString()).add(st.getLen()).add(st.getModificationTime())
                        .hex();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
    }
}
