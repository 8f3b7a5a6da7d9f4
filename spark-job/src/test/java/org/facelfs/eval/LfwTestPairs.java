package org.facelfs.eval;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.facelfs.data.ImageShape;
import org.facelfs.data.VerificationSet;

/**
 * Test-only LFW View-2 reader (the product's readers live in org.facelfs.data): {@code pairs.txt}
 * with the file's own folds, each distinct image decoded once, centre-cropped 150x150 from
 * offset 50, resized to {@code size x size} grey with java.awt, normalised (x - 127.5) / 128.
 */
final class LfwTestPairs implements VerificationSet {

    private final ImageShape shape;
    private final float[][] images;
    private final int[] left;
    private final int[] right;
    private final boolean[] same;
    private final int[] fold;
    private final int numFolds;

    /** {@code shared/data/lfw} found by walking up from the working directory, if present. */
    static Optional<Path> find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path lfw = dir.resolve("shared/data/lfw");
            if (Files.isRegularFile(lfw.resolve("pairs.txt"))) {
                return Optional.of(lfw);
            }
        }
        return Optional.empty();
    }

    LfwTestPairs(Path lfw, int size) throws IOException {
        this.shape = new ImageShape(1, size, size);
        List<String> lines = Files.readAllLines(lfw.resolve("pairs.txt"));
        String[] header = lines.get(0).trim().split("\\s+");
        numFolds = Integer.parseInt(header[0]);
        int perFold = 2 * Integer.parseInt(header[1]);
        int n = lines.size() - 1;
        left = new int[n];
        right = new int[n];
        same = new boolean[n];
        fold = new int[n];
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int p = 0; p < n; p++) {
            String[] t = lines.get(p + 1).trim().split("\\s+");
            boolean s = t.length == 3;
            String a = file(t[0], t[1]);
            String b = s ? file(t[0], t[2]) : file(t[2], t[3]);
            left[p] = index.computeIfAbsent(a, k -> index.size());
            right[p] = index.computeIfAbsent(b, k -> index.size());
            same[p] = s;
            fold[p] = p / perFold;
        }
        List<String> files = new ArrayList<>(index.keySet());
        images = new float[files.size()][];
        IntStream.range(0, files.size()).parallel()
                .forEach(i -> images[i] = load(lfw.resolve("images").resolve(files.get(i)), size));
    }

    private static String file(String name, String number) {
        return name + "/" + name + "_" + String.format("%04d", Integer.parseInt(number)) + ".jpg";
    }

    private static float[] load(Path file, int size) {
        try {
            BufferedImage src = ImageIO.read(file.toFile());
            if (src == null) {
                throw new IOException("not a readable image: " + file);
            }
            BufferedImage grey = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = grey.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, size, size, 50, 50, 200, 200, null);
            g.dispose();
            float[] out = new float[size * size];
            byte[] px = ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.length; i++) {
                out[i] = ((px[i] & 0xff) - 127.5f) / 128f;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "lfw";
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public int numImages() {
        return images.length;
    }

    @Override
    public float[] image(int i) {
        return images[i];
    }

    @Override
    public int numPairs() {
        return same.length;
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
}
