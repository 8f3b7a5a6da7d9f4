package org.facelfs.data.recordio;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileStatus;
import org.facelfs.data.BadImageException;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.DecodeCache;
import org.facelfs.data.DecodedFaceDataset;
import org.facelfs.data.Fingerprint;
import org.facelfs.data.HadoopFiles;
import org.facelfs.data.InputProblems;
import org.facelfs.data.Preprocess;
import org.facelfs.data.PreprocessedImages;

/**
 * A training set in an insightface RecordIO pack ({@code train.rec} + {@code train.idx}), read
 * lazily by random access; each image is decoded on first use and kept (8-bit) in the JVM's
 * {@link DecodeCache}, so later epochs, rounds and candidates in the same executor do not decode
 * again.
 *
 * <p>Layouts. If record 0 has a label vector (flag &gt; 0) it is insightface's header record:
 * {@code label[0]} is the first identity record and {@code label[1]} the end of the identity
 * records; images are records {@code 1 .. label[0] - 1}; identity record {@code r} has the vector
 * {@code [first, end)} of its image records and gives them class {@code r - label[0]}. Each image's
 * own label is checked against that class when it is read. Otherwise every indexed record is an
 * image whose class is its header label (scalar, or the first element of a vector).
 *
 * <p>Checked against the format's public description (MXNet {@code python/mxnet/recordio.py}:
 * {@code IRHeader} = struct {@code 'IfQQ'}, label vector of {@code flag} float32 after the header
 * when {@code flag > 0}; dmlc-core's RecordIO framing: magic, 29-bit length + 3-bit continuation
 * flag, 4-byte padding, split at aligned magic occurrences; MXNet's indexed reader: text index of
 * {@code key<TAB>offset}; insightface's {@code MXFaceDataset}/recognition dataset code: header
 * record 0 with {@code label[0]} = first identity record, images {@code 1 .. label[0]-1}, identity
 * records holding image ranges). Not checked against a real pack (none on this machine).
 *
 * <p>Structural faults (bad index, wrong offsets, truncated records) are
 * {@link DataFormatException}s naming file and record. An image record whose bytes do not decode is
 * counted in {@link #problems()} and served as a mid-grey image (value 128, about 0 after normalisation), since
 * its index is already part of the epoch; {@link #decodeAll()} finds them all up front (a run does, so they are in
 * its problems.txt like an image folder's).
 */
public final class RecordIoFaceDataset extends DecodedFaceDataset implements Closeable {

    private final ImageRecords records;

    private RecordIoFaceDataset(ImageRecords records, int numClasses, String fingerprint) {
        super(PreprocessedImages.lazy("rec:" + fingerprint, records.keys.length, records.preprocess, records), records.labels,
                classNames(numClasses), fingerprint);
        this.records = records;
    }

    private static List<String> classNames(int numClasses) {
        List<String> names = new ArrayList<>(numClasses);
        for (int c = 0; c < numClasses; c++) {
            names.add("id" + c);
        }
        return names;
    }

    /** Opens {@code rec} with the index beside it ({@code .rec} replaced by {@code .idx}). */
    public static RecordIoFaceDataset open(String rec, Preprocess preprocess) {
        String idx = rec.endsWith(".rec") ? rec.substring(0, rec.length() - 4) + ".idx" : rec + ".idx";
        return open(rec, idx, preprocess);
    }

    /** Opens {@code rec} with index {@code idx}, reading only record 0 and the identity records. */
    public static RecordIoFaceDataset open(String rec, String idx, Preprocess preprocess) {
        RecordIoFile file = new RecordIoFile(rec, idx);
        if (file.keys().isEmpty()) {
            throw new DataFormatException(file.idxPath() + ": the index lists no record");
        }
        long first = file.keys().get(0);
        IrHeader head = IrHeader.unpack(file.read(first), file.recPath() + " record " + first).header();
        long[] keys;
        int[] labels;
        int numClasses;
        if (first == 0 && head.flag() >= 2) {
            long idStart = (long) head.labels()[0];
            long idEnd = (long) head.labels()[1];
            String where = file.recPath() + " header record 0";
            if (idStart < 1 || idEnd < idStart) {
                throw new DataFormatException(where + ": identity range [" + idStart + ", " + idEnd + ") is not valid");
            }
            keys = new long[(int) (idStart - 1)];
            labels = new int[keys.length];
            Arrays.fill(labels, -1);
            for (int i = 0; i < keys.length; i++) {
                keys[i] = i + 1;
            }
            numClasses = (int) (idEnd - idStart);
            for (long r = idStart; r < idEnd; r++) {
                IrHeader id = IrHeader.unpack(file.read(r), file.recPath() + " identity record " + r).header();
                if (id.flag() < 2 || id.labels()[0] < 1 || id.labels()[1] > idStart || id.labels()[1] < id.labels()[0]) {
                    throw new DataFormatException(file.recPath() + " identity record " + r + ": expected an image range [a, b) within [1, "
                            + idStart + "), got " + Arrays.toString(id.labels()));
                }
                for (long k = (long) id.labels()[0]; k < (long) id.labels()[1]; k++) {
                    labels[(int) (k - 1)] = (int) (r - idStart);
                }
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0) {
                    throw new DataFormatException(file.recPath() + " image record " + keys[i] + " is in no identity range of records "
                            + idStart + ".." + (idEnd - 1));
                }
            }
        } else {
            List<Long> all = file.keys();
            keys = all.stream().mapToLong(Long::longValue).toArray();
            labels = new int[keys.length];
            int max = -1;
            for (int i = 0; i < keys.length; i++) {
                float l = IrHeader.unpack(file.read(keys[i]), file.recPath() + " record " + keys[i]).header().firstLabel();
                if (l < 0 || l != Math.rint(l)) {
                    throw new DataFormatException(file.recPath() + " record " + keys[i] + ": label " + l + " is not a class index");
                }
                labels[i] = (int) l;
                max = Math.max(max, labels[i]);
            }
            numClasses = max + 1;
        }
        return new RecordIoFaceDataset(new ImageRecords(file, preprocess, keys, labels, new InputProblems()), numClasses,
                fingerprint(file, preprocess));
    }

    private static String fingerprint(RecordIoFile file, Preprocess preprocess) {
        try {
            FileStatus rec = HadoopFiles.fs(file.recPath()).getFileStatus(file.recPath());
            FileStatus idx = HadoopFiles.fs(file.idxPath()).getFileStatus(file.idxPath());
            return new Fingerprint().add("rec").add(rec.getPath().toString()).add(rec.getLen()).add(rec.getModificationTime())
                    .add(idx.getLen()).add(idx.getModificationTime()).add(preprocess.key()).hex();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file.recPath() + ": " + e.getMessage(), e);
        }
    }

    /** The record key of image {@code i}. */
    public long recordKey(int i) {
        return records.keys[i];
    }

    /** Records whose image could not be decoded so far. */
    public InputProblems problems() {
        return records.problems;
    }

    /**
     * Decodes every image record not decoded yet in this JVM (into the decode cache that later
     * epochs and candidates read), so that a run knows its corrupt and too-large records when it
     * starts, as it knows an image folder's: they are in {@link #problems()} afterwards.
     */
    public InputProblems decodeAll() {
        IntStream.range(0, size()).parallel().forEach(this::pixels);
        return problems();
    }

    @Override
    public void close() {
        records.file.close();
    }

    /** The image records of the pack: image {@code i} read and decoded on first use (see {@link PreprocessedImages#lazy}). */
    private static final class ImageRecords implements IntFunction<byte[]> {
        private final RecordIoFile file;
        private final Preprocess preprocess;
        private final long[] keys;
        private final int[] labels;
        private final InputProblems problems;

        ImageRecords(RecordIoFile file, Preprocess preprocess, long[] keys, int[] labels, InputProblems problems) {
            this.file = file;
            this.preprocess = preprocess;
            this.keys = keys;
            this.labels = labels;
            this.problems = problems;
        }

        /** Reads and decodes the record of image {@code i}; an undecodable image becomes mid-grey. */
        @Override
        public byte[] apply(int i) {
            String where = file.recPath() + " record " + keys[i];
            byte[] record = file.read(keys[i]);
            IrHeader.Unpacked u = IrHeader.unpack(record, where);
            float label = u.header().firstLabel();
            if (label != labels[i]) {
                throw new DataFormatException(where + ": image label " + label + " differs from its identity record's class " + labels[i]);
            }
            byte[] jpeg = Arrays.copyOfRange(record, u.payloadOffset(), record.length);
            try {
                return preprocess.decode(jpeg, where);
            } catch (BadImageException e) {
                problems.record(e.kind(), e.getMessage().replace("; skipped", "; served as a mid-grey image"));
                byte[] grey = new byte[preprocess.output().length()];
                Arrays.fill(grey, (byte) 128);
                return grey;
            }
        }
    }
}
