package org.facelfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Proves the Java 17 flags and the native ND4J backend work inside Spark tasks. */
class SparkNd4jSmokeTest {

    @Test
    void nd4jMatrixProductRunsInsideSparkTasks() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("smoke")
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<Double> sums = sc.parallelize(List.of(1, 2, 3, 4), 2)
                    .map(k -> Nd4j.ones(3, 4).muli(k).mmul(Nd4j.ones(4, 2)).sumNumber().doubleValue())
                    .collect();
            // ones(3,4)*k times ones(4,2): 6 entries each 4k
            assertEquals(List.of(24.0, 48.0, 72.0, 96.0), sums);
            String backend = sc.parallelize(List.of(0), 1)
                    .map(i -> Nd4j.getBackend().getClass().getSimpleName()).first();
            assertEquals("CpuBackend", backend);
        }
    }
}
