package org.facelfs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster jar submitted through spark-submit to a real standalone cluster (Master and two
 * Workers on 127.0.0.1, executors in their own JVMs), in client and in cluster deploy mode: the
 * search leaves the same files as on embedded Spark, and the same rewards, losses, best
 * candidates and controller state — training is deterministic per candidate seed wherever it runs.
 */
@Tag("cluster")
@ExtendWith(StandaloneClusterExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneSearchIT {

    static Path dir;
    static Path local;

    @BeforeAll
    static void localReference() throws IOException {
        dir = Files.createDirectories(Path.of("target", "cluster-it"));
        dir = Files.createTempDirectory(dir, "standalone-search-");
        local = dir.resolve("local");
        // what JavaCPP counts off-heap during the local run (docs/cluster.md, memory model: it stays 0,
        // ND4J 1.0.0-M2.1's CPU buffers are not allocated through JavaCPP's Pointer accounting)
        long[] peak = new long[1];
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak[0] = Math.max(peak[0], org.bytedeco.javacpp.Pointer.totalBytes()),
                0, 50, TimeUnit.MILLISECONDS);
        try {
            LocalReference.run(LocalReference.TINY, local.toString(), Map.of());
        } finally {
            sampler.shutdownNow();
        }
        System.out.println("local[2]: peak JavaCPP totalBytes (ND4J buffers of 2 candidates + driver) "
                + (peak[0] >> 20) + " MiB; physicalBytes now " + (org.bytedeco.javacpp.Pointer.physicalBytes() >> 20)
                + " MiB");
    }

    @ParameterizedTest(name = "deploy mode {0}")
    @ValueSource(strings = {"client", "cluster"})
    void aSearchSubmittedToTheClusterEqualsTheLocalRun(String deployMode, StandaloneCluster cluster) throws Exception {
        cluster.awaitIdle(Duration.ofSeconds(60));
        Path out = dir.resolve(deployMode);
        Path events = Files.createDirectories(dir.resolve(deployMode + "-events").toAbsolutePath());
        SparkSubmit submit = SparkSubmit.search(cluster.home(), cluster.masterUrl(), deployMode, LocalReference.TINY,
                out.toAbsolutePath().toString()).conf("spark.eventLog.dir", events.toUri().toString());
        ExecutorPeakMemory.CONF.forEach(submit::conf);
        Map<String, Long> peakRss = new ConcurrentHashMap<>();
        Map<String, String> omp = new ConcurrentHashMap<>();
        Map<String, Boolean> opens = new ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> cluster.executors().forEach(e -> {
            peakRss.merge(e.appId() + "/" + e.executorId(), e.rssBytes(), Math::max);
            e.env("OMP_NUM_THREADS").ifPresent(v -> omp.put(e.executorId(), v));
            opens.put(e.executorId(), e.commandLine().contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
        }), 0, 200, TimeUnit.MILLISECONDS);
        try {
            submit.run(dir.resolve(deployMode + "-submit.log"), Duration.ofMinutes(4));
        } finally {
            sampler.shutdownNow();
        }

        RunComparison.assertSameSearch(local, out);
        String driverLog = driverOutput(cluster, deployMode);
        assertTrue(driverLog.contains("Spark spark://127.0.0.1:"), "the driver ran against the standalone master");
        assertTrue(driverLog.contains("round 2/2"), driverLog);
        // the candidates ran in two executor JVMs, each with the Java 17 flags and one OpenMP thread
        assertEquals(2, peakRss.size(), "executors seen: " + peakRss);
        assertEquals(List.of("1"), omp.values().stream().distinct().toList(), omp.toString());
        assertTrue(opens.values().stream().allMatch(b -> b), opens.toString());
        // memory (docs/cluster.md): Spark's own peaks agree with /proc, and RSS is well beyond the heap
        Map<String, ExecutorPeakMemory> peaks = ExecutorPeakMemory.read(events);
        assertEquals(2, peaks.size(), peaks.toString());
        for (ExecutorPeakMemory m : peaks.values()) {
            assertTrue(m.heapBytes() > 0 && m.rssBytes() > m.heapBytes() + m.nonHeapBytes(), m.toString());
        }
        System.out.println(deployMode + ": executor peak RSS sampled from /proc " + peakRss);
        peaks.values().forEach(m -> System.out.println(deployMode + ": " + m));
    }

    /** The driver's output: spark-submit's log in client mode, the Worker's driver log in cluster mode. */
    private static String driverOutput(StandaloneCluster cluster, String deployMode) throws IOException {
        if (deployMode.equals("client")) {
            return Files.readString(dir.resolve("client-submit.log"));
        }
        StringBuilder sb = new StringBuilder();
        for (Path p : cluster.driverLogs()) {
            if (Files.exists(p)) {
                sb.append(Files.readString(p));
            }
        }
        return sb.toString();
    }
}
