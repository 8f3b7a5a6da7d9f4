package org.facelfs.data.source;

import java.io.Serializable;
import java.util.List;
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

    /** Pairs of synthetic identities the training set never contains. */
    record SyntheticPairs(String name, TrainingSource.Synthetic training, int heldOutIdentities, int imagesPerIdentity,
                          int pairsPerFold) implements VerificationSource {
        @Override
        public VerificationSet open() {
            return OpenedSources.once(this,
                    () -> training.open().verificationPairs(heldOutIdentities, imagesPerIdentity, pairsPerFold));
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
            return OpenedSources.once(this, () -> {
                PairList list = LfwPairs.read(pairs, images);
                if (!folds.isEmpty()) {
                    list = list.onlyFolds(folds.stream().mapToInt(f -> f - 1).toArray());
                }
                return PairVerificationSet.load(list, preprocess, threads);
            });
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
    }

    /** An insightface {@code .bin} (pickled JPEG bytes and is-same flags). */
    record Bin(String name, String file, Preprocess preprocess, int threads) implements VerificationSource {
        @Override
        public VerificationSet open() {
            return OpenedSources.once(this, () -> InsightfaceBin.read(file, preprocess, threads));
        }
    }
}
