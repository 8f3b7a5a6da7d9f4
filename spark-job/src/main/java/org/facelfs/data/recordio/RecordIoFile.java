package org.facelfs.data.recordio;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.facelfs.data.DataFormatException;
import org.facelfs.data.HadoopFiles;

/**
 * Random access to an indexed RecordIO pair ({@code .rec} + {@code .idx}, see
 * {@link RecordIoWriter} for the layout) through the Hadoop FileSystem API, with positional reads
 * (safe from several threads). Any structural fault is a {@link DataFormatException} naming the
 * file and the record: an index line that is not {@code key<TAB>offset}, an offset past the end,
 * a missing magic (wrong offset), a record cut short, a broken continuation sequence.
 */
public final class RecordIoFile implements Closeable {

    private final Path recPath;
    private final Path idxPath;
    private final FSDataInputStream in;
    private final long length;
    private final TreeMap<Long, Long> offsets = new TreeMap<>();

    /** Opens {@code recLocation} with its index {@code idxLocation}. */
    public RecordIoFile(String recLocation, String idxLocation) {
        this.recPath = HadoopFiles.path(recLocation);
        this.idxPath = HadoopFiles.path(idxLocation);
        if (!HadoopFiles.exists(recPath)) {
            throw new DataFormatException(recPath + ": RecordIO file does not exist");
        }
        if (!HadoopFiles.exists(idxPath)) {
            throw new DataFormatException(idxPath + ": RecordIO index does not exist (expected beside " + recPath.getName() + ")");
        }
        readIndex();
        try {
            FileSystem fs = HadoopFiles.fs(recPath);
            this.length = fs.getFileStatus(recPath).getLen();
            this.in = fs.open(recPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + recPath + ": " + e.getMessage(), e);
        }
    }

    private void readIndex() {
        List<String> lines = HadoopFiles.readLines(idxPath);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                long key = Long.parseLong(parts[0]);
                long off = Long.parseLong(parts[1]);
                if (off < 0 || offsets.put(key, off) != null) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new DataFormatException(idxPath + " line " + (n + 1) + ": expected 'index<TAB>offset' with a new index and "
                        + "an offset >= 0, got '" + lines.get(n) + "'");
            }
        }
    }

    /** Record keys in ascending order. */
    public List<Long> keys() {
        return List.copyOf(offsets.keySet());
    }

    public boolean contains(long key) {
        return offsets.containsKey(key);
    }

    public Path recPath() {
        return recPath;
    }

    public Path idxPath() {
        return idxPath;
    }

    /** The whole record {@code key} (parts joined, padding removed). */
    public byte[] read(long key) {
        Long start = offsets.get(key);
        if (start == null) {
            throw new DataFormatException(idxPath + ": no record " + key + " in the index (needed by " + recPath.getName() + ")");
        }
        String where = recPath + " record " + key;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long pos = start;
        int expect = -1; // -1: first part; else the part must continue a split record
        while (true) {
            if (pos + 8 > length) {
                throw new DataFormatException(where + ": offset " + pos + " (from " + idxPath.getName() + ") is beyond the end of the file ("
                        + length + " bytes); the index does not match the file or the file is truncated");
            }
            byte[] head = readAt(pos, 8, where);
            int magic = RecordIoWriter.intAt(head, 0);
            if (magic != RecordIoWriter.MAGIC) {
                throw new DataFormatException(where + " at offset " + pos + ": expected RecordIO magic 0xced7230a, found 0x"
                        + Integer.toHexString(magic) + "; the .idx offset is wrong or the file is damaged");
            }
            int word = RecordIoWriter.intAt(head, 4);
            int cflag = word >>> 29;
            int len = word & RecordIoWriter.MAX_LENGTH;
            boolean first = expect < 0;
            if (first ? cflag != 0 && cflag != 1 : cflag != 2 && cflag != 3) {
                throw new DataFormatException(where + " at offset " + pos + ": continuation flag " + cflag
                        + (first ? " cannot start a record" : " cannot continue a split record"));
            }
            if (pos + 8 + len > length) {
                throw new DataFormatException(where + " at offset " + pos + ": record of " + len + " bytes is truncated (the file ends at "
                        + length + ")");
            }
            if (!first) {
                writeMagic(out);
            }
            out.write(readAt(pos + 8, len, where), 0, len);
            pos += 8 + ((len + 3) & ~3L);
            if (cflag == 0 || cflag == 3) {
                return out.toByteArray();
            }
            expect = 2;
        }
    }

    private static void writeMagic(ByteArrayOutputStream out) {
        int m = RecordIoWriter.MAGIC;
        out.write(m);
        out.write(m >>> 8);
        out.write(m >>> 16);
        out.write(m >>> 24);
    }

    private byte[] readAt(long pos, int n, String where) {
        byte[] buf = new byte[n];
        try {
            in.readFully(pos, buf, 0, n);
            return buf;
        } catch (EOFException e) {
            throw new DataFormatException(where + ": truncated at offset " + pos + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read at offset " + pos + ": " + e.getMessage(), e);
        }
    }

    /** Offsets by key, for tests and tools. */
    Map<Long, Long> offsets() {
        return offsets;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + recPath + ": " + e.getMessage(), e);
        }
    }
}
