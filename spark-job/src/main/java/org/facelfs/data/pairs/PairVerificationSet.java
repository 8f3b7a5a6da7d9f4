package org.facelfs.data.pairs;

import java.util.ArrayList;
import java.util.List;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.DecodeCache;
import org.facelfs.data.DecodedImages;
import org.facelfs.data.ParallelDecoder;
import org.facelfs.data.Preprocess;
import org.facelfs.data.PreprocessedImageSet;
import org.facelfs.data.PreprocessedImages;
import org.facelfs.data.VerificationSet;

/**
 * A {@link VerificationSet} held in memory: distinct images decoded once (8-bit, normalised on
 * access) and pairs as indices into them. Built from a {@link PairList} (LFW, CSV), from an
 * insightface {@code .bin}, or by the synthetic generator.
 */
public final class PairVerificationSet implements VerificationSet, PreprocessedImageSet {

    private final String name;
    private final PreprocessedImages images;
    private final int[] left;
    private final int[] right;
    private final boolean[] same;
    private final int[] fold;
    private final int numFolds;
    private final String fingerprint;

    public PairVerificationSet(String name, DecodedImages images, Preprocess preprocess, int[] left, int[] right, boolean[] same,
                               int[] fold, String fingerprint) {
        int n = left.length;
        if (right.length != n || same.length != n || fold.length != n) {
            throw new IllegalArgumentException("pair arrays differ in length");
        }
        for (int k = 0; k < n; k++) {
            if (left[k] < 0 || left[k] >= images.size() || right[k] < 0 || right[k] >= images.size() || fold[k] < 0) {
                throw new IllegalArgumentException("pair " + k + " refers to a missing image or has a negative fold");
            }
        }
        this.name = name;
        this.images = PreprocessedImages.of(images, preprocess);
        this.left = left.clone();
        this.right = right.clone();
        this.same = same.clone();
        this.fold = fold.clone();
        this.numFolds = IdentityFolds.count(fold);
        this.fingerprint = fingerprint;
    }

    /**
     * Checks, decodes (or takes from the JVM's decode cache) every image of {@code list}.
     *
     * @throws DataFormatException naming the file line of a missing or undecodable image
     */
    public static PairVerificationSet load(PairList list, Preprocess preprocess, int threads) {
        String fp = list.requireImagesExist();
        String key = "pairs:" + fp + ":" + preprocess.key();
        DecodedImages images = DecodeCache.shared().get(key, DecodedImages.class, () -> decode(list, preprocess, threads));
        int n = list.numPairs();
        int[] l = new int[n];
        int[] r = new int[n];
        boolean[] s = new boolean[n];
        int[] f = new int[n];
        for (int k = 0; k < n; k++) {
            PairList.Pair p = list.pair(k);
            l[k] = p.left();
            r[k] = p.right();
            s[k] = p.same();
            f[k] = list.fold(k);
        }
        return new PairVerificationSet(list.name(), images, preprocess, l, r, s, f, fp);
    }

    private static DecodedImages decode(PairList list, Preprocess preprocess, int threads) {
        List<ParallelDecoder.FileSource> sources = new ArrayList<>();
        for (int i = 0; i < list.numImages(); i++) {
            sources.add(new ParallelDecoder.FileSource(org.facelfs.data.HadoopFiles.path(list.image(i))));
        }
        List<ParallelDecoder.Result> results = ParallelDecoder.decodeAll(sources, preprocess, threads);
        byte[][] out = new byte[results.size()][];
        for (int i = 0; i < out.length; i++) {
            ParallelDecoder.Result res = results.get(i);
            if (!res.ok()) {
                throw new DataFormatException(list.firstUse(i) + ": " + res.error().getMessage().replace("; skipped", "")
                        + " (a pair image cannot be skipped)");
            }
            out[i] = res.image();
        }
        return new DecodedImages(preprocess.output(), out);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PreprocessedImages images() {
        return images;
    }

    @Override
    public int numImages() {
        return images.size();
    }

    @Override
    public int numPairs() {
        return left.length;
    }

    @Override
    public int left(int pair) {
        return left[pair];
    }

    @Override
    public int right(int pair) {
        return right[pair];
    }

    @Override
    public boolean same(int pair) {
        return same[pair];
    }

    @Override
    public int fold(int pair) {
        return fold[pair];
    }

    @Override
    public int numFolds() {
        return numFolds;
    }

    /** Fingerprint of the pairs and their image files (for provenance). */
    public String fingerprint() {
        return fingerprint;
    }
}
