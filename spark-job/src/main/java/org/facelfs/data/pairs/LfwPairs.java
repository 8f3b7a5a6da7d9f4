package org.facelfs.data.pairs;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.HadoopFiles;

/**
 * LFW pairs files with an image root ({@code root/<name>/<name>_NNNN.jpg}).
 * <ul>
 *   <li>View 2 ({@code pairs.txt}): first line {@code folds<TAB>n}, then per fold {@code n}
 *   same-person lines {@code name i j} and {@code n} different-person lines
 *   {@code name1 i name2 j}; the file's folds are kept.</li>
 *   <li>View 1 ({@code pairsDevTrain.txt}, {@code pairsDevTest.txt}): first line {@code n}, then
 *   {@code n} same and {@code n} different lines; 10 identity-disjoint folds are made.</li>
 * </ul>
 * A malformed line, a wrong line count or a fold with the wrong mix is an error naming file and
 * line.
 */
public final class LfwPairs {

    private LfwPairs() {
    }

    /** Parses {@code pairsFile}; images are looked up under {@code imageRoot} (existence is checked on load). */
    public static PairList read(String pairsFile, String imageRoot) {
        Path file = HadoopFiles.path(pairsFile);
        List<String> lines = HadoopFiles.readLines(file);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new DataFormatException(file + ": empty pairs file");
        }
        String[] head = lines.get(0).trim().split("\\s+");
        int folds;
        int perFold;
        try {
            if (head.length == 2) {
                folds = Integer.parseInt(head[0]);
                perFold = Integer.parseInt(head[1]);
            } else if (head.length == 1) {
                folds = 0;
                perFold = Integer.parseInt(head[0]);
            } else {
                throw new NumberFormatException();
            }
            if (perFold < 1 || folds < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + " line 1: expected a header 'folds<TAB>pairs-per-class' (View 2) or "
                    + "'pairs-per-class' (View 1), got '" + lines.get(0) + "'");
        }
        int blocks = Math.max(folds, 1);
        int expected = blocks * 2 * perFold;
        if (lines.size() - 1 != expected) {
            throw new DataFormatException(file + ": header line 1 promises " + expected + " pair lines, the file has " + (lines.size() - 1));
        }
        String root = imageRoot.endsWith("/") ? imageRoot : imageRoot + "/";
        PairList.Builder b = new PairList.Builder(file.getName().replaceFirst("\\.txt$", ""), file.toString());
        for (int n = 1; n < lines.size(); n++) {
            String where = file + " line " + (n + 1);
            int position = (n - 1) % (2 * perFold);
            boolean expectSame = position < perFold;
            String[] t = lines.get(n).trim().split("\\s+");
            int fold = folds > 0 ? (n - 1) / (2 * perFold) : -1;
            if (t.length == 3 && expectSame) {
                b.add(image(root, t[0], t[1], where), t[0], image(root, t[0], t[2], where), t[0], true, fold, where);
            } else if (t.length == 4 && !expectSame) {
                b.add(image(root, t[0], t[1], where), t[0], image(root, t[2], t[3], where), t[2], false, fold, where);
            } else {
                throw new DataFormatException(where + ": expected " + (expectSame ? "a same-person line 'name i j'"
                        : "a different-person line 'name1 i name2 j'") + " at this position, got '" + lines.get(n) + "'");
            }
        }
        return b.build(10);
    }

    private static String image(String root, String name, String number, String where) {
        int i;
        try {
            i = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new DataFormatException(where + ": image number '" + number + "' of " + name + " is not an integer");
        }
        if (i < 1) {
            throw new DataFormatException(where + ": image number " + i + " of " + name + " must be >= 1");
        }
        return root + name + "/" + name + String.format("_%04d.jpg", i);
    }
}
