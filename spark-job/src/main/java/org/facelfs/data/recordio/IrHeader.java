package org.facelfs.data.recordio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.facelfs.data.DataFormatException;

/**
 * The image-record header of MXNet's RecordIO image packs (mxnet {@code recordio.IRHeader},
 * struct format {@code "IfQQ"}, little-endian, 24 bytes): uint32 {@code flag}, float32
 * {@code label}, uint64 {@code id}, uint64 {@code id2}. When {@code flag > 0}, the label is a
 * vector of {@code flag} float32 values that follows the 24 bytes (and {@code label} is unused);
 * insightface uses that for its header record (record 0) and its identity records.
 *
 * @param labels the label vector when {@code flag > 0}, else empty
 */
public record IrHeader(int flag, float label, long id, long id2, float[] labels) {

    /** Bytes of the fixed part. */
    public static final int SIZE = 24;

    /** A scalar-label header (flag 0), as on insightface image records. */
    public static IrHeader scalar(float label, long id) {
        return new IrHeader(0, label, id, 0, new float[0]);
    }

    /** A vector-label header (flag = labels.length), as on insightface header and identity records. */
    public static IrHeader vector(float... labels) {
        return new IrHeader(labels.length, 0f, 0, 0, labels.clone());
    }

    /** The label as one number: the scalar label, or the first element of the vector. */
    public float firstLabel() {
        return flag > 0 ? labels[0] : label;
    }

    /** Header (and label vector) followed by {@code payload}. */
    public byte[] pack(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(SIZE + 4 * labels.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(flag).putFloat(label).putLong(id).putLong(id2);
        for (float l : labels) {
            b.putFloat(l);
        }
        b.put(payload);
        return b.array();
    }

    /** A header and where its payload starts in the record. */
    public record Unpacked(IrHeader header, int payloadOffset) {
    }

    /** Parses the header at the start of {@code record}; {@code where} names file and record for errors. */
    public static Unpacked unpack(byte[] record, String where) {
        if (record.length < SIZE) {
            throw new DataFormatException(where + ": record of " + record.length + " bytes is shorter than the 24-byte image header");
        }
        ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        int flag = b.getInt();
        float label = b.getFloat();
        long id = b.getLong();
        long id2 = b.getLong();
        if (flag < 0 || SIZE + 4L * flag > record.length) {
            throw new DataFormatException(where + ": header says " + Integer.toUnsignedString(flag)
                    + " label values, but the record has only " + record.length + " bytes");
        }
        float[] labels = new float[flag];
        for (int i = 0; i < flag; i++) {
            labels[i] = b.getFloat();
        }
        return new Unpacked(new IrHeader(flag, label, id, id2, labels), SIZE + 4 * flag);
    }
}
