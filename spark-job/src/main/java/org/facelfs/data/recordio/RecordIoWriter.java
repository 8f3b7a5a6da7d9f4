package org.facelfs.data.recordio;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.facelfs.data.HadoopFiles;

/**
 * Writes an indexed RecordIO pair ({@code .rec} + {@code .idx}, the layout of dmlc-core/MXNet):
 * each record is the magic {@code 0xced7230a}, a length word (lower 29 bits: length, upper 3 bits:
 * continuation flag), the bytes, and zero padding to a multiple of 4. A payload that contains the
 * magic at a 4-byte-aligned position is split there into parts (flag 1 = first, 2 = middle,
 * 3 = last; the magic itself is dropped and restored by the reader), so a reader that resyncs on
 * the magic never mistakes payload for a record start. The index has one line
 * {@code key<TAB>offset} per record.
 */
public final class RecordIoWriter implements Closeable {

    /** The record magic number. */
    public static final int MAGIC = 0xced7230a;
    /** Largest record length the 29-bit length field can hold. */
    public static final int MAX_LENGTH = (1 << 29) - 1;

    private final OutputStream rec;
    private final OutputStream idx;
    private long offset;

    /** Creates (replaces) {@code recLocation} and {@code idxLocation} on any Hadoop file system. */
    public RecordIoWriter(String recLocation, String idxLocation) {
        try {
            Path recPath = HadoopFiles.path(recLocation);
            Path idxPath = HadoopFiles.path(idxLocation);
            FileSystem fs = HadoopFiles.fs(recPath);
            this.rec = fs.create(recPath, true);
            this.idx = HadoopFiles.fs(idxPath).create(idxPath, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + recLocation + " / " + idxLocation + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record under {@code key} (its line in the index). */
    public void write(long key, byte[] payload) {
        if (payload.length > MAX_LENGTH) {
            throw new IllegalArgumentException("record " + key + " has " + payload.length + " bytes; RecordIO allows at most " + MAX_LENGTH);
        }
        try {
            idx.write((key + "\t" + offset + "\n").getBytes(StandardCharsets.UTF_8));
            int partStart = 0;
            for (int i = 0; i + 4 <= payload.length; i += 4) {
                if (intAt(payload, i) == MAGIC) {
                    writePart(partStart == 0 ? 1 : 2, payload, partStart, i - partStart);
                    partStart = i + 4;
                }
            }
            writePart(partStart == 0 ? 0 : 3, payload, partStart, payload.length - partStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write record " + key + ": " + e.getMessage(), e);
        }
    }

    private void writePart(int cflag, byte[] data, int from, int length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(MAGIC).putInt((cflag << 29) | length);
        rec.write(head.array());
        rec.write(data, from, length);
        int pad = (4 - (length & 3)) & 3;
        rec.write(new byte[pad]);
        offset += 8 + length + pad;
    }

    static int intAt(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    @Override
    public void close() {
        try (OutputStream r = rec; OutputStream i = idx) {
            r.flush();
            i.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close RecordIO files: " + e.getMessage(), e);
        }
    }
}
