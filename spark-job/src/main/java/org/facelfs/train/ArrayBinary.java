package org.facelfs.train;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's binary array format ({@code Nd4j.write}/{@code Nd4j.read}, the {@code .bin} entries of a DL4J model zip),
 * byte for byte, with the float data moved in blocks. ND4J moves it one element at a time through a
 * {@code DataInputStream} and its native indexer: a model read or written that way cost the embedded default
 * about a tenth of its training time (docs/benchmarks.md). Arrays this class does not handle in blocks (other data
 * types, ND4J's legacy headers) go through ND4J itself, so every file ND4J reads still reads.
 *
 * <p>The format: the shape-information buffer, then the data buffer, each as {@code writeUTF(allocation mode)},
 * {@code writeLong(length)}, {@code writeUTF(data type)} and the elements big-endian.
 */
final class ArrayBinary {

    /** Elements moved per block at most: 512 KiB on the heap and 256 KiB off it, whatever the array's size. */
    private static final int BLOCK = 1 << 16;
    /** More than any shape header (rank ≤ 32: under 1 KiB), for the fallback's rewind. */
    private static final int HEADER_LIMIT = 1 << 16;
    /** ND4J's allocation modes before this one wrote an int length (BaseDataBuffer.readHeader). */
    private static final String MODE = "MIXED_DATA_TYPES";

    private ArrayBinary() {
    }

    /** Writes {@code array} as {@code Nd4j.write} does (the same bytes). */
    static void write(INDArray array, DataOutputStream out) throws IOException {
        INDArray a = array.isView() ? array.dup() : array;
        DataBuffer data = a.data();
        if (a.dataType() != DataType.FLOAT || data.length() != a.length() || a.offset() != 0
                || !MODE.equals(data.allocationMode().name())) {
            Nd4j.write(a, out);
            return;
        }
        DataBuffer shape = a.shapeInfoDataBuffer();
        out.writeUTF(shape.allocationMode().name());
        out.writeLong(shape.length());
        out.writeUTF(shape.dataType().name());
        for (long v : shape.asLong()) {
            out.writeLong(v);
        }
        out.writeUTF(data.allocationMode().name());
        out.writeLong(data.length());
        out.writeUTF(DataType.FLOAT.name());
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        FloatBuffer floats = data.asNioFloat();
        Block block = new Block(floats.remaining());
        while (floats.hasRemaining()) {
            int n = Math.min(block.values.length, floats.remaining());
            floats.get(block.values, 0, n);
            out.write(block.toBigEndian(n), 0, 4 * n);
        }
    }

    /**
     * Reads the array written by {@link #write} or by {@code Nd4j.write} that {@code in} holds (a model zip's entry:
     * it reads ahead, so nothing after the array is left for another reader).
     */
    static INDArray read(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, HEADER_LIMIT);
        DataInputStream data = new DataInputStream(buffered);
        buffered.mark(HEADER_LIMIT);
        INDArray target = blockTarget(data);
        if (target == null) {
            buffered.reset();
            return Nd4j.read(data);
        }
        FloatBuffer floats = target.data().asNioFloat();
        Block block = new Block(floats.remaining());
        while (floats.hasRemaining()) {
            int n = Math.min(block.values.length, floats.remaining());
            data.readFully(block.bytes, 0, 4 * n);
            floats.put(block.fromBigEndian(n), 0, n);
        }
        return target;
    }

    /**
     * One block's floats and their big-endian bytes. The byte swap goes through a direct buffer, whose bulk
     * copies swap natively; a heap buffer's view swaps element by element, slow until the JIT has compiled it
     * (a model is read a few times per JVM, so most reads run before that).
     */
    private static final class Block {
        final float[] values;
        final byte[] bytes;
        private final ByteBuffer swap;

        /** A block for an array of {@code length} floats: no larger than the array (a bias needs no 768 KiB). */
        Block(long length) {
            int n = (int) Math.max(1, Math.min(BLOCK, length));
            values = new float[n];
            bytes = new byte[4 * n];
            swap = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.BIG_ENDIAN);
        }

        byte[] toBigEndian(int n) {
            swap.clear();
            swap.asFloatBuffer().put(values, 0, n);
            swap.get(bytes, 0, 4 * n);
            return bytes;
        }

        float[] fromBigEndian(int n) {
            swap.clear();
            swap.put(bytes, 0, 4 * n);
            swap.flip();
            swap.asFloatBuffer().get(values, 0, n);
            return values;
        }
    }

    /**
     * Reads both headers; returns the new array the float data goes into when it can be read in blocks, else null
     * (then the caller rewinds and ND4J reads).
     */
    static INDArray blockTarget(DataInputStream in) throws IOException {
        long[] shapeInfo = readLongs(in);
        return shapeInfo == null ? null : floatTarget(in, shapeInfo);
    }

    /** The shape-information longs, or null when the header is not the current format's. */
    private static long[] readLongs(DataInputStream in) throws IOException {
        if (!MODE.equals(in.readUTF())) {
            return null;
        }
        long length = in.readLong();
        if (!DataType.LONG.name().equals(in.readUTF()) || length < 3 || length > 2 * 32 + 4) {
            return null;
        }
        long[] values = new long[(int) length];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    /**
     * A new float array of the shape {@code shapeInfo} describes, if its data header follows as {@link #write} writes
     * it and the layout is the plain contiguous one; else null.
     */
    private static INDArray floatTarget(DataInputStream in, long[] shapeInfo) throws IOException {
        int rank = (int) shapeInfo[0];
        if (shapeInfo.length != 2 * rank + 4 || !MODE.equals(in.readUTF())) {
            return null;
        }
        long length = in.readLong();
        if (!DataType.FLOAT.name().equals(in.readUTF())) {
            return null;
        }
        DataType declared;
        try {
            declared = ArrayOptionsHelper.dataType(shapeInfo);
        } catch (RuntimeException e) { // shape info without its data type: ND4J's read patches it
            return null;
        }
        long[] shape = Arrays.copyOfRange(shapeInfo, 1, 1 + rank);
        char order = (char) shapeInfo[shapeInfo.length - 1];
        if (declared != DataType.FLOAT || (order != 'c' && order != 'f') || Arrays.stream(shape).reduce(1, Math::multiplyExact) != length) {
            return null;
        }
        INDArray target = Nd4j.createUninitializedDetached(DataType.FLOAT, order, shape);
        long[] strides = Arrays.copyOfRange(shapeInfo, 1 + rank, 1 + 2 * rank);
        return Arrays.equals(strides, target.stride()) ? target : null;
    }
}
