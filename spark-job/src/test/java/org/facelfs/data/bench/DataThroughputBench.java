package org.facelfs.data.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.facelfs.data.DecodedFaceDataset;
import org.facelfs.data.DecodedImages;
import org.facelfs.data.HadoopFiles;
import org.facelfs.data.ImageShape;
import org.facelfs.data.ParallelDecoder;
import org.facelfs.data.Preprocess;
import org.facelfs.data.batch.FaceBatchIterator;
import org.facelfs.data.synthetic.SyntheticFaces;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Data throughput on LFW (not a test): decoded images per second (JPEG decode + crop 150x150@50 +
 * resize to 112x112 RGB) on 1 and N threads, cached training minibatches per second (batch 128,
 * shuffle + flip, with and without prefetch), and synthetic-face rendering. Prints medians of
 * repeated runs as Markdown table rows.
 *
 * <p>Run from the repository root:
 * {@code java -cp spark-job/target/classes:spark-job/target/test-classes:$(cat cp.txt)
 * org.facelfs.data.bench.DataThroughputBench [lfwImagesDir] [images] [repeats]}.
 */
public final class DataThroughputBench {

    private DataThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/data/lfw/images");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int cores = Runtime.getRuntime().availableProcessors();
        List<Path> files = firstImages(root, count);
        List<ParallelDecoder.FileSource> sources = files.stream()
                .map(p -> new ParallelDecoder.FileSource(HadoopFiles.path(p.toString()))).toList();
        Preprocess pre = Preprocess.lfw(new ImageShape(3, 112, 112));
        System.out.printf("LFW subset: %d images from %s; %d repeats; %d cores%n", files.size(), root, repeats, cores);
        ParallelDecoder.decodeAll(sources.subList(0, Math.min(200, sources.size())), pre, 1); // warm-up (JIT, page cache)

        System.out.println("| measurement | median | runs |");
        System.out.println("|---|---|---|");
        List<ParallelDecoder.Result> decoded = null;
        for (int threads : new int[] {1, cores}) {
            double[] rate = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                decoded = ParallelDecoder.decodeAll(sources, pre, threads);
                rate[r] = sources.size() / ((System.nanoTime() - t0) / 1e9);
            }
            row("LFW decode + crop 150@50 + resize 112x112 RGB, " + threads + " thread(s)", rate, "images/s");
        }
        byte[][] px = decoded.stream().map(ParallelDecoder.Result::image).toArray(byte[][]::new);
        int[] labels = new int[px.length];
        DecodedFaceDataset cached = new DecodedFaceDataset(new DecodedImages(pre.output(), px), labels, List.of("all"), pre, "bench");

        for (boolean prefetch : new boolean[] {false, true}) {
            double[] rate = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                FaceBatchIterator base = FaceBatchIterator.builder(cached).batchSize(128).seed(r).build();
                DataSetIterator it = prefetch ? base.prefetching(2) : base;
                int batches = 0;
                long t0 = System.nanoTime();
                for (int epoch = 0; epoch < 3; epoch++) {
                    while (it.hasNext()) {
                        it.next();
                        batches++;
                    }
                    it.reset();
                }
                rate[r] = batches / ((System.nanoTime() - t0) / 1e9);
            }
            row("cached minibatches, batch 128 of 3x112x112, shuffle + flip" + (prefetch ? ", prefetch 2" : ""), rate, "batches/s");
        }

        for (ImageShape s : new ImageShape[] {new ImageShape(1, 32, 32), new ImageShape(3, 112, 112)}) {
            double[] rate = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                SyntheticFaces f = SyntheticFaces.builder().identities(100).imagesPerIdentity(10).shape(s).seed(1000 + r).build();
                long t0 = System.nanoTime();
                for (int i = 0; i < f.size(); i++) {
                    f.pixels(i);
                }
                rate[r] = f.size() / ((System.nanoTime() - t0) / 1e9);
            }
            row("synthetic faces rendered (100 identities incl. templates), " + s.channels() + "x" + s.height() + "x" + s.width(), rate,
                    "images/s");
        }
    }

    private static void row(String what, double[] rates, String unit) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        StringBuilder runs = new StringBuilder();
        for (double r : rates) {
            runs.append(runs.length() == 0 ? "" : ", ").append(String.format("%.0f", r));
        }
        System.out.printf("| %s | %.0f %s | %s |%n", what, median, unit, runs);
    }

    private static List<Path> firstImages(Path root, int count) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                try (Stream<Path> imgs = Files.list(d)) {
                    for (Path p : imgs.sorted().toList()) {
                        if (out.size() >= count) {
                            return out;
                        }
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }
}
