package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What spark-submit runs ({@code org.apache.spark.deploy.SparkSubmit}) with the cluster jar on
 * local masters: {@code local[2]} gives the same search as the embedded run, and
 * {@code local-cluster[2,1,1024]} (real executor JVMs started by the driver) trains each candidate
 * with a group of two executors (cluster.group = executors, dl4j-spark parameter averaging).
 */
@Tag("cluster")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SubmittedLocallyIT {

    @Test
    void theClusterJarOnLocal2EqualsTheEmbeddedRun() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")), "local2-");
        Path embedded = dir.resolve("embedded");
        LocalReference.run(LocalReference.TINY, embedded.toString(), Map.of());
        SparkHome home = SparkHome.create(dir.resolve("spark-home"));
        Path out = dir.resolve("submitted");
        SparkSubmit.search(home, "local[2]", "client", LocalReference.TINY, out.toAbsolutePath().toString())
                .run(dir.resolve("submit.log"), Duration.ofMinutes(4));
        RunComparison.assertSameSearch(embedded, out);
    }

    @Test
    void executorGroupsTrainEachCandidateOnTwoExecutorsOfALocalCluster() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")), "groups-");
        SparkHome home = SparkHome.create(dir.resolve("spark-home"));
        Path out = dir.resolve("run");
        SparkSubmit.search(home, "local-cluster[2,1,1024]", "client", LocalReference.TINY,
                        out.toAbsolutePath().toString())
                .conf("spark.executor.memory", "900m")
                .override("cluster.group", "executors").override("cluster.executors-per-group", "2")
                .run(dir.resolve("submit.log"), Duration.ofMinutes(5));
        assertTrue(Files.isRegularFile(out.resolve("best/model.zip")), "no best model");
        String history = Files.readString(out.resolve("history.csv"));
        assertTrue(history.contains("parameter averaging on 2 executors"), history);
        assertTrue(history.lines().skip(1).allMatch(l -> l.contains(",ok,")), history);
    }
}
