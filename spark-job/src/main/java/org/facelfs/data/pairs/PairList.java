package org.facelfs.data.pairs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.Fingerprint;
import org.facelfs.data.HadoopFiles;

/**
 * Verification pairs parsed from a pairs file, before any image is decoded: the distinct image
 * files (each listed once, with the identity it shows and the first file line that uses it) and
 * the pairs as indices into them, with folds. {@link PairVerificationSet#load} decodes it.
 */
public final class PairList {

    /** Pair {@code left, right}; {@code where} is "file line N" for messages. */
    public record Pair(int left, int right, boolean same, String where) {
    }

    private final String name;
    private final String source;
    private final List<String> images;
    private final List<String> identities;
    private final List<String> firstUse;
    private final List<Pair> pairs;
    private final int[] folds;
    private final int numFolds;

    private PairList(Builder b, int[] folds) {
        this.name = b.name;
        this.source = b.source;
        this.images = List.copyOf(b.images);
        this.identities = List.copyOf(b.identities);
        this.firstUse = List.copyOf(b.firstUse);
        this.pairs = List.copyOf(b.pairs);
        this.folds = folds;
        this.numFolds = IdentityFolds.count(folds);
    }

    /** Collects images and pairs while a file is parsed. */
    public static final class Builder {
        private final String name;
        private final String source;
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> images = new ArrayList<>();
        private final List<String> identities = new ArrayList<>();
        private final List<String> firstUse = new ArrayList<>();
        private final List<Pair> pairs = new ArrayList<>();
        private final List<Integer> fileFolds = new ArrayList<>();

        /** {@code name} for reports, {@code source} the file being parsed (for messages). */
        public Builder(String name, String source) {
            this.name = name;
            this.source = source;
        }

        private int image(String location, String identity, String where) {
            return index.computeIfAbsent(location, l -> {
                images.add(l);
                identities.add(identity);
                firstUse.add(where);
                return images.size() - 1;
            });
        }

        /** Adds a pair; {@code fold} is the file's fold or -1 when the file has none. */
        public Builder add(String leftImage, String leftIdentity, String rightImage, String rightIdentity, boolean same, int fold,
                           String where) {
            int l = image(leftImage, leftIdentity, where);
            int r = image(rightImage, rightIdentity, where);
            pairs.add(new Pair(l, r, same, where));
            fileFolds.add(fold);
            return this;
        }

        /** The file's folds if every pair has one, else {@code folds} identity-disjoint folds. */
        public PairList build(int folds) {
            if (pairs.isEmpty()) {
                throw new DataFormatException(source + ": no pairs");
            }
            boolean any = fileFolds.stream().anyMatch(f -> f >= 0);
            boolean all = fileFolds.stream().allMatch(f -> f >= 0);
            if (any && !all) {
                throw new DataFormatException(source + ": some pairs have a fold and others do not; give a fold on every line or on none");
            }
            int[] assigned;
            if (all) {
                // Renumber the file's fold labels densely in sorted order.
                List<Integer> distinct = fileFolds.stream().distinct().sorted().toList();
                assigned = fileFolds.stream().mapToInt(distinct::indexOf).toArray();
            } else {
                List<String> left = new ArrayList<>();
                List<String> right = new ArrayList<>();
                for (Pair p : pairs) {
                    left.add(identities.get(p.left()));
                    right.add(identities.get(p.right()));
                }
                assigned = IdentityFolds.assign(left, right, folds, source);
            }
            return new PairList(this, assigned);
        }
    }

    public String name() {
        return name;
    }

    /** The pairs file. */
    public String source() {
        return source;
    }

    public int numImages() {
        return images.size();
    }

    /** Location of distinct image {@code i}. */
    public String image(int i) {
        return images.get(i);
    }

    /** Identity shown by image {@code i}. */
    public String identity(int i) {
        return identities.get(i);
    }

    /** "file line N" of the first pair that uses image {@code i}. */
    public String firstUse(int i) {
        return firstUse.get(i);
    }

    public int numPairs() {
        return pairs.size();
    }

    public Pair pair(int k) {
        return pairs.get(k);
    }

    public int fold(int k) {
        return folds[k];
    }

    public int numFolds() {
        return numFolds;
    }

    /**
     * Only the pairs of the given folds (0-based), folds renumbered densely in order; e.g. LFW
     * View-2 folds 1-5 as a test set are {@code onlyFolds(0, 1, 2, 3, 4)}.
     */
    public PairList onlyFolds(int... keep) {
        Set<Integer> wanted = new TreeSet<>();
        for (int f : keep) {
            if (f < 0 || f >= numFolds) {
                throw new IllegalArgumentException(source + " has folds 0.." + (numFolds - 1) + ", not " + f);
            }
            wanted.add(f);
        }
        Builder b = new Builder(name + "-folds" + wanted.stream().map(f -> Integer.toString(f + 1))
                .collect(Collectors.joining("_")), source);
        for (int k = 0; k < pairs.size(); k++) {
            if (wanted.contains(folds[k])) {
                Pair p = pairs.get(k);
                b.add(images.get(p.left()), identities.get(p.left()), images.get(p.right()), identities.get(p.right()), p.same(),
                        folds[k], p.where());
            }
        }
        return b.build(numFolds);
    }

    /** Identities shown by any image of the pairs in the given folds (to keep them out of training). */
    public Set<String> identitiesInFolds(int... which) {
        Set<Integer> wanted = new HashSet<>();
        for (int f : which) {
            wanted.add(f);
        }
        Set<String> out = new TreeSet<>();
        for (int k = 0; k < pairs.size(); k++) {
            if (wanted.contains(folds[k])) {
                out.add(identities.get(pairs.get(k).left()));
                out.add(identities.get(pairs.get(k).right()));
            }
        }
        return out;
    }

    /**
     * Checks that every image exists and returns a fingerprint of the list and the files' sizes
     * and times.
     *
     * @throws DataFormatException naming the first missing image and the line that refers to it
     */
    public String requireImagesExist() {
        Fingerprint fp = new Fingerprint().add("pairs").add(source);
        for (int i = 0; i < images.size(); i++) {
            Path p = HadoopFiles.path(images.get(i));
            FileSystem fs = HadoopFiles.fs(p);
            try {
                FileStatus st = fs.getFileStatus(p);
                fp.add(images.get(i)).add(st.getLen()).add(st.getModificationTime());
            } catch (java.io.FileNotFoundException e) {
                throw new DataFormatException(firstUse.get(i) + ": image " + images.get(i) + " does not exist");
            } catch (IOException e) {
                throw new UncheckedIOException(firstUse.get(i) + ": cannot check image " + images.get(i) + ": " + e.getMessage(), e);
            }
        }
        for (int k = 0; k < pairs.size(); k++) {
            Pair p = pairs.get(k);
            fp.add(p.left() + "," + p.right() + "," + p.same() + "," + folds[k]);
        }
        return fp.hex();
    }
}
