package org.facelfs.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-pair outcome of a k-fold verification: each pair's cosine score, the threshold chosen on
 * the other folds, and whether the decision {@code score > threshold} was right. This is what a
 * paired test between two models on the same pairs (McNemar) needs; the aggregate
 * {@link VerificationReport} does not keep it.
 *
 * @param scores     cosine score per pair
 * @param same       ground truth per pair
 * @param folds      fold of each pair (0-based)
 * @param thresholds threshold applied to each fold (chosen on the other folds)
 */
public record PairDecisions(double[] scores, boolean[] same, int[] folds, double[] thresholds) {

    /** CSV header of {@link #writeCsv}. */
    public static final String HEADER = "pair,fold,same,score,threshold,predicted_same,correct";

    public PairDecisions {
        if (scores.length != same.length || scores.length != folds.length) {
            throw new IllegalArgumentException(scores.length + " scores, " + same.length + " labels, " + folds.length + " folds");
        }
        for (int f : folds) {
            if (f < 0 || f >= thresholds.length) {
                throw new IllegalArgumentException("fold " + f + " has no threshold (" + thresholds.length + " folds)");
            }
        }
    }

    /** Decisions of the thresholds a k-fold report chose. */
    public static PairDecisions of(double[] scores, boolean[] same, int[] folds, List<Double> foldThresholds) {
        return new PairDecisions(scores, same, folds, foldThresholds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public int numPairs() {
        return scores.length;
    }

    /** The decision for pair {@code p}: same person iff its score is above its fold's threshold. */
    public boolean predictedSame(int p) {
        return scores[p] > thresholds[folds[p]];
    }

    public boolean correct(int p) {
        return predictedSame(p) == same[p];
    }

    /** Fraction of pairs decided correctly (equals the k-fold mean accuracy when the folds are equal in size). */
    public double accuracy() {
        int n = 0;
        for (int p = 0; p < scores.length; p++) {
            n += correct(p) ? 1 : 0;
        }
        return (double) n / scores.length;
    }

    /** One line per pair, in the pairs file's order, under {@link #HEADER}. */
    public void writeCsv(Writer out) throws IOException {
        out.write(HEADER + "\n");
        for (int p = 0; p < scores.length; p++) {
            out.write(String.format(Locale.ROOT, "%d,%d,%d,%.9g,%.9g,%d,%d%n", p, folds[p], same[p] ? 1 : 0, scores[p],
                    thresholds[folds[p]], predictedSame(p) ? 1 : 0, correct(p) ? 1 : 0));
        }
    }

    /** Reads what {@link #writeCsv} wrote ({@code source} names the file in messages). */
    public static PairDecisions readCsv(BufferedReader in, String source) throws IOException {
        String header = in.readLine();
        if (!HEADER.equals(header)) {
            throw new IOException(source + " line 1: expected header '" + HEADER + "', got '" + header + "'");
        }
        List<String[]> rows = new ArrayList<>();
        int maxFold = -1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 7) {
                throw new IOException(source + " line " + (rows.size() + 2) + ": expected 7 fields, got " + f.length);
            }
            rows.add(f);
            maxFold = Math.max(maxFold, Integer.parseInt(f[1]));
        }
        int n = rows.size();
        double[] scores = new double[n];
        boolean[] same = new boolean[n];
        int[] folds = new int[n];
        double[] thresholds = new double[maxFold + 1];
        for (int p = 0; p < n; p++) {
            String[] f = rows.get(p);
            folds[p] = Integer.parseInt(f[1]);
            same[p] = f[2].equals("1");
            scores[p] = Double.parseDouble(f[3]);
            thresholds[folds[p]] = Double.parseDouble(f[4]);
        }
        return new PairDecisions(scores, same, folds, thresholds);
    }
}
