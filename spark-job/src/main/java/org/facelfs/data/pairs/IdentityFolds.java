package org.facelfs.data.pairs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits verification pairs into folds that share no identity, for files without their own folds:
 * identities linked by any pair form one group (union-find), and groups, largest first, go to the
 * fold with the fewest pairs so far. Deterministic. Fewer groups than folds give fewer folds; when
 * the pairs link every identity into one group no disjoint split exists, and the pairs are split
 * into contiguous blocks in file order instead, with a warning naming the file.
 */
public final class IdentityFolds {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityFolds.class);

    private IdentityFolds() {
    }

    /** The number of folds {@link #assign} produced (the largest fold index + 1). */
    public static int count(int[] folds) {
        int max = -1;
        for (int f : folds) {
            max = Math.max(max, f);
        }
        return max + 1;
    }

    /**
     * Fold of each pair; {@code left[k]}/{@code right[k]} are the identities of pair k;
     * {@code source} names the file in the warning.
     */
    public static int[] assign(List<String> left, List<String> right, int folds, String source) {
        Map<String, String> parent = new HashMap<>();
        for (int k = 0; k < left.size(); k++) {
            union(parent, left.get(k), right.get(k));
        }
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int k = 0; k < left.size(); k++) {
            groups.computeIfAbsent(find(parent, left.get(k)), g -> new ArrayList<>()).add(k);
        }
        if (groups.size() < 2) {
            LOG.warn("{}: cannot make identity-disjoint folds (its pairs link all identities into one group); using {} contiguous "
                    + "folds in file order instead. Give the folds in the file (e.g. a fourth CSV column) to control them.", source, folds);
            int n = left.size();
            int k = Math.min(folds, n);
            int[] fold = new int[n];
            for (int i = 0; i < n; i++) {
                fold[i] = (int) ((long) i * k / n);
            }
            return fold;
        }
        List<List<Integer>> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.comparingInt((List<Integer> g) -> -g.size()));
        int n = Math.min(folds, ordered.size());
        int[] load = new int[n];
        int[] fold = new int[left.size()];
        for (List<Integer> g : ordered) {
            int best = 0;
            for (int f = 1; f < n; f++) {
                if (load[f] < load[best]) {
                    best = f;
                }
            }
            load[best] += g.size();
            for (int k : g) {
                fold[k] = best;
            }
        }
        return fold;
    }

    private static String find(Map<String, String> parent, String x) {
        String p = parent.getOrDefault(x, x);
        if (p.equals(x)) {
            return x;
        }
        String root = find(parent, p);
        parent.put(x, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            // Smaller name becomes the root, so the result does not depend on pair order.
            if (ra.compareTo(rb) < 0) {
                parent.put(rb, ra);
            } else {
                parent.put(ra, rb);
            }
        }
    }
}
