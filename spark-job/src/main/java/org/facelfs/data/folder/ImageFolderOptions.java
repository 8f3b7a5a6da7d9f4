package org.facelfs.data.folder;

import java.io.Serializable;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.facelfs.data.ParallelDecoder;
import org.facelfs.data.Preprocess;

/**
 * Options of an image-folder training set.
 *
 * @param preprocess            crop, size, colour and normalisation
 * @param minImagesPerIdentity  identities with fewer usable images are skipped (and counted)
 * @param include               if not empty, only these identities (folder names) are used
 * @param exclude               these identities are never used (e.g. evaluation identities)
 * @param threads               decoding threads
 */
public record ImageFolderOptions(Preprocess preprocess, int minImagesPerIdentity, Set<String> include,
                                 Set<String> exclude, int threads) implements Serializable {

    public ImageFolderOptions {
        if (preprocess == null) {
            throw new IllegalArgumentException("preprocess is required");
        }
        if (minImagesPerIdentity < 1) {
            throw new IllegalArgumentException("minImagesPerIdentity must be >= 1, got " + minImagesPerIdentity);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        include = Set.copyOf(new TreeSet<>(include));
        exclude = Set.copyOf(new TreeSet<>(exclude));
    }

    /** Every identity with at least one image, decoded on all available cores. */
    public static ImageFolderOptions of(Preprocess preprocess) {
        return new ImageFolderOptions(preprocess, 1, Set.of(), Set.of(), ParallelDecoder.threads(0));
    }

    public ImageFolderOptions withMinImagesPerIdentity(int n) {
        return new ImageFolderOptions(preprocess, n, include, exclude, threads);
    }

    public ImageFolderOptions withInclude(Collection<String> identities) {
        return new ImageFolderOptions(preprocess, minImagesPerIdentity, Set.copyOf(identities), exclude, threads);
    }

    public ImageFolderOptions withExclude(Collection<String> identities) {
        return new ImageFolderOptions(preprocess, minImagesPerIdentity, include, Set.copyOf(identities), threads);
    }

    public ImageFolderOptions withPreprocess(Preprocess p) {
        return new ImageFolderOptions(p, minImagesPerIdentity, include, exclude, threads);
    }

    public ImageFolderOptions withThreads(int n) {
        return new ImageFolderOptions(preprocess, minImagesPerIdentity, include, exclude, n);
    }

    /** Whether identity {@code name} passes the include/exclude lists. */
    public boolean accepts(String name) {
        return (include.isEmpty() || include.contains(name)) && !exclude.contains(name);
    }

    /** Stable text for fingerprints. */
    String key() {
        return preprocess.key() + "|min" + minImagesPerIdentity + "|inc" + new TreeSet<>(include) + "|exc" + new TreeSet<>(exclude);
    }
}
