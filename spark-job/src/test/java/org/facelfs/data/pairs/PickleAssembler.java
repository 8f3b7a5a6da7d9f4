package org.facelfs.data.pairs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes the pickle of {@code (list of image bytes, list of bool)} opcode by opcode, the way
 * Python 2 (protocol 2, images as str) and Python 3 (protocols 3 and 4, images as bytes) write it,
 * so tests need no Python. Checked byte for byte against CPython 3 output for protocols 3 and 4
 * (see InsightfaceBinTest) and against {@code pickle.loads(..., encoding='bytes')} for protocol 2.
 */
final class PickleAssembler {

    enum Flavour { PY2_PROTOCOL2, PY3_PROTOCOL3, PY3_PROTOCOL4 }

    private PickleAssembler() {
    }

    static byte[] binFile(Flavour flavour, List<byte[]> images, List<Boolean> issame) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] memo = {0};
        body.write(']');
        memoize(body, flavour, memo);
        body.write('(');
        for (byte[] img : images) {
            if (flavour == Flavour.PY2_PROTOCOL2) {
                lengthPrefixed(body, img, 'U', 'T');
            } else {
                lengthPrefixed(body, img, 'C', 'B');
            }
            memoize(body, flavour, memo);
        }
        body.write('e');
        body.write(']');
        memoize(body, flavour, memo);
        body.write('(');
        for (boolean b : issame) {
            body.write(b ? 0x88 : 0x89);
        }
        body.write('e');
        body.write(0x86);
        memoize(body, flavour, memo);
        body.write('.');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        byte[] b = body.toByteArray();
        switch (flavour) {
            case PY2_PROTOCOL2 -> out.write(2);
            case PY3_PROTOCOL3 -> out.write(3);
            case PY3_PROTOCOL4 -> {
                out.write(4);
                out.write(0x95);
                // One frame holds everything after it, STOP included (as CPython writes small pickles).
                out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(b.length).array());
            }
        }
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] data, int shortOp, int longOp) {
        if (data.length < 256) {
            out.write(shortOp);
            out.write(data.length);
        } else {
            out.write(longOp);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
        }
        out.writeBytes(data);
    }

    private static void memoize(ByteArrayOutputStream out, Flavour flavour, int[] memo) {
        if (flavour == Flavour.PY3_PROTOCOL4) {
            out.write(0x94); // MEMOIZE
        } else {
            out.write('q'); // BINPUT
            out.write(memo[0]);
        }
        memo[0]++;
    }
}
