package org.facelfs.data.pairs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.PickleException;
import org.apache.hadoop.fs.Path;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.DecodeCache;
import org.facelfs.data.DecodedImages;
import org.facelfs.data.Fingerprint;
import org.facelfs.data.HadoopFiles;
import org.facelfs.data.ParallelDecoder;
import org.facelfs.data.Preprocess;

/**
 * insightface verification {@code .bin} files ({@code lfw.bin}, {@code agedb_30.bin}, ...): a
 * Python pickle of {@code (list of encoded images, list of bool issame)}, images interleaved
 * pair-wise (pair k = images 2k and 2k+1). Read with {@link SafeUnpickler}, so nothing but plain
 * containers is ever built. Python 2 files (protocol 2, images as {@code str}) and Python 3 files
 * (protocol 3+, images as {@code bytes}) are both accepted.
 *
 * <p>Identical image bytes are stored once. The file carries no identities, so the folds are
 * insightface's own rule: 10 contiguous blocks of pairs in file order (which for {@code lfw.bin},
 * written in {@code pairs.txt} order, are LFW's official folds).
 *
 * <p>Errors name the file: truncated or malformed pickle, a refused opcode, an unexpected
 * structure, an image count that is not twice the label count, an image that does not decode.
 */
public final class InsightfaceBin {

    private InsightfaceBin() {
    }

    /** Reads, decodes (or takes from the JVM's decode cache) {@code location}. */
    public static PairVerificationSet read(String location, Preprocess preprocess, int threads) {
        Path path = HadoopFiles.path(location);
        byte[] raw = HadoopFiles.readAllBytes(path);
        Object root;
        try {
            root = new SafeUnpickler(path.toString()).load(new ByteArrayInputStream(raw));
        } catch (PickleException e) {
            throw new DataFormatException(e.getMessage().startsWith(path.toString()) ? e.getMessage()
                    : path + ": malformed pickle (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(path + ": truncated or malformed pickle (" + e + ")", e);
        }
        List<?> top = asList(root);
        if (top == null || top.size() != 2 || asList(top.get(0)) == null || asList(top.get(1)) == null) {
            throw new DataFormatException(path + ": expected a pickle of (list of images, list of bool issame), got "
                    + describe(root));
        }
        List<?> bins = asList(top.get(0));
        List<?> issame = asList(top.get(1));
        if (bins.size() != 2 * issame.size()) {
            throw new DataFormatException(path + ": " + bins.size() + " images for " + issame.size()
                    + " issame labels; expected two images per pair");
        }
        int pairs = issame.size();
        if (pairs == 0) {
            throw new DataFormatException(path + ": no pairs");
        }
        List<byte[]> distinct = new ArrayList<>();
        Map<String, Integer> byContent = new HashMap<>();
        int[] imageIndex = new int[bins.size()];
        for (int i = 0; i < bins.size(); i++) {
            byte[] bytes = imageBytes(bins.get(i), path, i);
            String key = new Fingerprint().add(bytes).hex() + ":" + bytes.length;
            imageIndex[i] = byContent.computeIfAbsent(key, k -> {
                distinct.add(bytes);
                return distinct.size() - 1;
            });
        }
        int[] left = new int[pairs];
        int[] right = new int[pairs];
        boolean[] same = new boolean[pairs];
        int[] fold = new int[pairs];
        int folds = Math.min(10, pairs);
        for (int k = 0; k < pairs; k++) {
            Object s = issame.get(k);
            if (!(s instanceof Boolean b)) {
                throw new DataFormatException(path + ": issame[" + k + "] is " + describe(s) + ", expected a bool");
            }
            left[k] = imageIndex[2 * k];
            right[k] = imageIndex[2 * k + 1];
            same[k] = b;
            fold[k] = (int) ((long) k * folds / pairs);
        }
        String fingerprint = new Fingerprint().add("bin").add(raw).hex();
        DecodedImages images = DecodeCache.shared().get("bin:" + fingerprint + ":" + preprocess.key(), DecodedImages.class,
                () -> decode(distinct, path, preprocess, threads));
        String name = path.getName().replaceFirst("\\.bin$", "");
        return new PairVerificationSet(name, images, preprocess, left, right, same, fold, fingerprint);
    }

    private static DecodedImages decode(List<byte[]> distinct, Path path, Preprocess preprocess, int threads) {
        List<ParallelDecoder.BytesSource> sources = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            sources.add(new ParallelDecoder.BytesSource(path + " distinct image " + i, distinct.get(i)));
        }
        List<ParallelDecoder.Result> results = ParallelDecoder.decodeAll(sources, preprocess, threads);
        byte[][] out = new byte[results.size()][];
        for (int i = 0; i < out.length; i++) {
            if (!results.get(i).ok()) {
                throw new DataFormatException(results.get(i).error().getMessage().replace("; skipped", "")
                        + " (a pair image cannot be skipped)");
            }
            out[i] = results.get(i).image();
        }
        return new DecodedImages(preprocess.output(), out);
    }

    private static List<?> asList(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Object[] a) {
            return Arrays.asList(a);
        }
        return null;
    }

    private static byte[] imageBytes(Object o, Path path, int i) {
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof String s) {
            // Python 2 str: Pyrolite maps each byte to one char in [0, 255].
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        throw new DataFormatException(path + ": image " + i + " is " + describe(o) + ", expected bytes (Python 3) or str (Python 2)");
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Object[] a) {
            return "a tuple of " + a.length;
        }
        if (o instanceof List<?> l) {
            return "a list of " + l.size();
        }
        return "a " + o.getClass().getSimpleName();
    }
}
