package org.facelfs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** ND4J's binary array format, against ND4J's own writer and reader. */
class ArrayBinaryTest {

    private static List<INDArray> arrays() {
        Nd4j.getRandom().setSeed(9);
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 7, 9);
        return List.of(
                Nd4j.rand(DataType.FLOAT, 1, 200_003),                    // a model's flat parameters, > 3 blocks
                Nd4j.rand(DataType.FLOAT, 'f', 3, 4, 5),                 // f order
                matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5)), // a view: written as its dup
                Nd4j.rand(DataType.FLOAT, 1, 0 + 1),
                Nd4j.rand(DataType.DOUBLE, 4, 6));                          // not float: ND4J's own path
    }

    private static byte[] nd4j(INDArray a) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(a, out);
        }
        return bytes.toByteArray();
    }

    @Test
    void writesTheBytesNd4jWrites() throws IOException {
        for (INDArray a : arrays()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                ArrayBinary.write(a, out);
            }
            assertArrayEquals(nd4j(a), bytes.toByteArray(), a.shapeInfoToString());
        }
    }

    @Test
    void readsWhatNd4jWroteExactlyInBlocksForFloats() throws IOException {
        for (INDArray a : arrays()) {
            byte[] written = nd4j(a);
            INDArray back = ArrayBinary.read(new ByteArrayInputStream(written));
            INDArray expected = Nd4j.read(new DataInputStream(new ByteArrayInputStream(written)));
            assertArrayEquals(expected.shape(), back.shape());
            assertEquals(expected.ordering(), back.ordering());
            assertEquals(expected.dataType(), back.dataType());
            assertArrayEquals(expected.data().asDouble(), back.data().asDouble(), 0.0, a.shapeInfoToString());
            INDArray target = ArrayBinary.blockTarget(new DataInputStream(new ByteArrayInputStream(written)));
            if (a.dataType() == DataType.FLOAT) {
                assertNotNull(target, "float arrays are read in blocks");
            } else {
                assertNull(target, "other types are left to ND4J");
            }
        }
    }
}
