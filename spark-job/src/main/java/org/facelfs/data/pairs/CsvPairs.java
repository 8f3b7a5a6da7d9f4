package org.facelfs.data.pairs;

import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.HadoopFiles;

/**
 * A generic pairs CSV: {@code path1,path2,same[,fold]}, one pair per line. {@code same} is
 * 1/0, true/false or yes/no (any case); relative paths are resolved against the image root
 * (or the CSV's folder when none is given); a first line whose third field is not such a value is
 * a header and skipped; blank lines and lines starting with {@code #} are ignored. The identity of
 * an image is its parent folder's name, used for identity-disjoint folds when no fold column is
 * given. Any other malformed line is an error naming file and line.
 */
public final class CsvPairs {

    private CsvPairs() {
    }

    /** Parses {@code csvFile}; {@code imageRoot} may be null (the CSV's folder). */
    public static PairList read(String csvFile, String imageRoot) {
        Path file = HadoopFiles.path(csvFile);
        String root = imageRoot != null ? imageRoot : file.getParent().toString();
        root = root.endsWith("/") ? root : root + "/";
        List<String> lines = HadoopFiles.readLines(file);
        PairList.Builder b = new PairList.Builder(file.getName().replaceFirst("\\.csv$", ""), file.toString());
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (n + 1);
            String[] t = line.split(",", -1);
            for (int i = 0; i < t.length; i++) {
                t[i] = unquote(t[i].strip());
            }
            Boolean same = t.length >= 3 ? parseSame(t[2]) : null;
            if (n == 0 && same == null && t.length >= 3) {
                continue; // header
            }
            if (t.length < 3 || t.length > 4 || same == null || t[0].isEmpty() || t[1].isEmpty()) {
                throw new DataFormatException(where + ": expected 'path1,path2,same[,fold]' with same = 1/0/true/false, got '"
                        + lines.get(n) + "'");
            }
            int fold = -1;
            if (t.length == 4) {
                try {
                    fold = Integer.parseInt(t[3]);
                    if (fold < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new DataFormatException(where + ": fold '" + t[3] + "' is not an integer >= 0");
                }
            }
            String a = resolve(root, t[0]);
            String c = resolve(root, t[1]);
            b.add(a, identity(a), c, identity(c), same, fold, where);
        }
        return b.build(10);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static Boolean parseSame(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> Boolean.TRUE;
            case "0", "false", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String resolve(String root, String p) {
        return p.startsWith("/") || p.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? p : root + p;
    }

    private static String identity(String location) {
        String parent = new Path(location).getParent().getName();
        return parent.isEmpty() ? location : parent;
    }
}
