package org.facelfs.data.folder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.DecodeCache;
import org.facelfs.data.DecodedFaceDataset;
import org.facelfs.data.DecodedImages;
import org.facelfs.data.Fingerprint;
import org.facelfs.data.HadoopFiles;
import org.facelfs.data.ImageDecoder;
import org.facelfs.data.InputProblems;
import org.facelfs.data.LabelMap;
import org.facelfs.data.ParallelDecoder;
import org.facelfs.data.Preprocess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training set stored as {@code root/<identity>/<image>} (JPEG, PNG, PGM/PPM) on any Hadoop
 * file system. Identities (folder names) are sorted; the i-th kept identity gets label i. Images
 * are decoded once per JVM (through {@link DecodeCache#shared()}, keyed by the listing's
 * fingerprint and the options) and kept as 8-bit tensors.
 *
 * <p>Skipped and counted in {@link #problems()}, with a message naming the file: zero-byte files,
 * files that are not images (by name or content), corrupt images, identity folders with no usable
 * image, identities below {@link ImageFolderOptions#minImagesPerIdentity()}. Files directly under
 * the root are ignored (e.g. a README). A missing or empty root is an error.
 */
public final class ImageFolderDataset extends DecodedFaceDataset {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderDataset.class);

    private final InputProblems problems;
    private final List<String> sources;

    private ImageFolderDataset(Decoded d, String fingerprint, InputProblems problems, Preprocess preprocess) {
        super(d.images, d.labels, d.classNames, preprocess, fingerprint);
        this.problems = problems;
        this.sources = d.sources;
    }

    /** Lists, decodes (or takes from the JVM's decode cache) and labels the images under {@code root}. */
    public static ImageFolderDataset open(String root, ImageFolderOptions options) {
        Path rootPath = HadoopFiles.path(root);
        InputProblems problems = new InputProblems();
        Listing listing = list(rootPath, options, problems);
        Fingerprint fp = new Fingerprint().add("folder").add(rootPath.toString()).add(options.key());
        for (Identity id : listing.identities) {
            fp.add(id.name);
            for (FileStatus f : id.files) {
                fp.add(f.getPath().getName()).add(f.getLen()).add(f.getModificationTime());
            }
        }
        String fingerprint = fp.hex();
        Decoded decoded = DecodeCache.shared().get("folder:" + fingerprint, Decoded.class,
                () -> decode(listing, options));
        problems.addAll(decoded.problems);
        if (decoded.labels.length == 0) {
            throw new DataFormatException(root + ": no usable image in any identity folder (" + problems.total()
                    + " input problems)\n" + problems.summary());
        }
        LOG.info("{}: {} images of {} identities ({} skipped)", root, decoded.labels.length, decoded.classNames.size(),
                problems.total());
        return new ImageFolderDataset(decoded, fingerprint, problems, options.preprocess());
    }

    /** What was skipped while opening, for the run summary. */
    public InputProblems problems() {
        return problems;
    }

    /** The file image {@code i} came from. */
    public String source(int i) {
        return sources.get(i);
    }

    /** Writes {@code label<TAB>identity} lines to {@code location} (any Hadoop file system). */
    public void writeLabelMap(String location) {
        LabelMap.write(this, location);
    }

    private record Identity(String name, Path dir, List<FileStatus> files) {
    }

    private record Listing(List<Identity> identities) {
    }

    /** What the decode cache keeps for a folder: images, labels, names and decode-time skips. */
    static final class Decoded implements DecodeCache.Entry {
        private static final long serialVersionUID = 1L;
        final DecodedImages images;
        final int[] labels;
        final List<String> classNames;
        final List<String> sources;
        final InputProblems problems;

        Decoded(DecodedImages images, int[] labels, List<String> classNames, List<String> sources, InputProblems problems) {
            this.images = images;
            this.labels = labels;
            this.classNames = new ArrayList<>(classNames);
            this.sources = new ArrayList<>(sources);
            this.problems = problems;
        }

        @Override
        public long sizeInBytes() {
            return images.sizeInBytes() + 4L * labels.length;
        }
    }

    private static Listing list(Path root, ImageFolderOptions options, InputProblems problems) {
        FileSystem fs = HadoopFiles.fs(root);
        FileStatus[] top;
        try {
            top = fs.listStatus(root);
        } catch (FileNotFoundException e) {
            throw new DataFormatException(root + ": image folder does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        Arrays.sort(top, Comparator.comparing(s -> s.getPath().getName()));
        List<Identity> identities = new ArrayList<>();
        for (FileStatus dir : top) {
            String name = dir.getPath().getName();
            if (!dir.isDirectory() || name.startsWith(".") || !options.accepts(name)) {
                continue;
            }
            FileStatus[] entries;
            try {
                entries = fs.listStatus(dir.getPath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir.getPath() + ": " + e.getMessage(), e);
            }
            Arrays.sort(entries, Comparator.comparing(s -> s.getPath().getName()));
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus f : entries) {
                String fname = f.getPath().getName();
                if (f.isDirectory()) {
                    problems.record(InputProblems.Kind.NOT_AN_IMAGE, f.getPath() + ": a folder inside an identity folder; ignored");
                } else if (!ImageDecoder.hasImageExtension(fname)) {
                    problems.record(InputProblems.Kind.NOT_AN_IMAGE, f.getPath() + ": not a .jpg/.jpeg/.png/.pgm/.ppm/.pnm file; skipped");
                } else if (f.getLen() == 0) {
                    problems.record(InputProblems.Kind.ZERO_BYTE_FILE, f.getPath() + ": empty file (0 bytes); skipped");
                } else {
                    files.add(f);
                }
            }
            if (files.isEmpty()) {
                problems.record(InputProblems.Kind.EMPTY_IDENTITY, dir.getPath() + ": identity folder has no image file; identity skipped");
                continue;
            }
            identities.add(new Identity(name, dir.getPath(), files));
        }
        return new Listing(identities);
    }

    private static Decoded decode(Listing listing, ImageFolderOptions options) {
        List<ParallelDecoder.FileSource> sources = new ArrayList<>();
        for (Identity id : listing.identities) {
            id.files.forEach(f -> sources.add(new ParallelDecoder.FileSource(f.getPath())));
        }
        List<ParallelDecoder.Result> results = ParallelDecoder.decodeAll(sources, options.preprocess(), options.threads());
        InputProblems problems = new InputProblems();
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        int k = 0;
        for (Identity id : listing.identities) {
            List<byte[]> mine = new ArrayList<>();
            List<String> mineSources = new ArrayList<>();
            for (FileStatus f : id.files) {
                ParallelDecoder.Result r = results.get(k++);
                if (r.ok()) {
                    mine.add(r.image());
                    mineSources.add(f.getPath().toString());
                } else {
                    problems.record(r.error().kind(), r.error().getMessage());
                }
            }
            if (mine.isEmpty()) {
                problems.record(InputProblems.Kind.EMPTY_IDENTITY, id.dir + ": no image could be decoded; identity skipped");
            } else if (mine.size() < options.minImagesPerIdentity()) {
                problems.record(InputProblems.Kind.TOO_FEW_IMAGES, id.dir + ": " + mine.size() + " usable image(s), fewer than the minimum "
                        + options.minImagesPerIdentity() + "; identity skipped");
            } else {
                int label = names.size();
                names.add(id.name);
                for (byte[] img : mine) {
                    images.add(img);
                    labels.add(label);
                }
                kept.addAll(mineSources);
            }
        }
        DecodedImages decoded = new DecodedImages(options.preprocess().output(), images.toArray(new byte[0][]));
        return new Decoded(decoded, labels.stream().mapToInt(Integer::intValue).toArray(), names, kept, problems);
    }
}
