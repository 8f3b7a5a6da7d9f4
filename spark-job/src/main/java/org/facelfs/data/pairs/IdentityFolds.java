package org.facelfs.data.pairs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facelfs.data.DataFormatException;

/**
 * Splits verification pairs into folds that share no identity, for files without their own folds:
 * identities linked by any pair form one group (union-find), and groups, largest first, go to the
 * fold with the fewest pairs so far. Deterministic. Fewer groups than folds give fewer folds.
 */
public final class IdentityFolds {

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
     * Fold of each pair; {@code left[k]}/{@code right[k]} are the identities of pair k.
     *
     * @throws DataFormatException when the pairs link all identities into fewer than two groups
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
            throw new DataFormatException(source + ": cannot make identity-disjoint folds: its pairs link all identities into one group; "
                    + "give the folds in the file (e.g. a fourth CSV column)");
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
