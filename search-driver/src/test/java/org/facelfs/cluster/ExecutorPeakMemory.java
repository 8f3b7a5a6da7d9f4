package org.facelfs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Peak memory of each executor as Spark measured it, read from the application's event log
 * ({@code spark.eventLog.logStageExecutorMetrics=true}, process-tree metrics on): JVM heap used,
 * JVM non-heap (metaspace, code cache) and the resident set of the executor's process tree.
 * Whatever RSS holds beyond heap and non-heap is native memory: ND4J's buffers (JavaCPP),
 * OpenBLAS/OpenMP, thread stacks and malloc arenas.
 */
public record ExecutorPeakMemory(String executorId, long heapBytes, long nonHeapBytes, long rssBytes) {

    /** The Spark confs that make the event log carry these metrics. */
    public static final Map<String, String> CONF = Map.of(
            "spark.eventLog.enabled", "true",
            "spark.eventLog.logStageExecutorMetrics", "true",
            "spark.executor.processTreeMetrics.enabled", "true",
            "spark.executor.metrics.pollingInterval", "100ms");

    private static final List<String> EVENTS = List.of("SparkListenerStageExecutorMetrics", "SparkListenerTaskEnd");

    /** Native memory: RSS beyond the JVM's heap and non-heap. */
    public long nativeBytes() {
        return rssBytes - heapBytes - nonHeapBytes;
    }

    /** Per executor, the maximum of each metric over every event of every log in {@code eventLogDir}. */
    public static Map<String, ExecutorPeakMemory> read(Path eventLogDir) {
        ObjectMapper json = new ObjectMapper();
        Map<String, ExecutorPeakMemory> peaks = new TreeMap<>();
        try (Stream<Path> logs = Files.list(eventLogDir)) {
            for (Path log : logs.toList()) {
                for (String line : Files.readAllLines(log)) {
                    JsonNode e = json.readTree(line);
                    if (!EVENTS.contains(e.path("Event").asText())) {
                        continue;
                    }
                    String id = e.has("Executor ID") ? e.path("Executor ID").asText()
                            : e.path("Task Info").path("Executor ID").asText();
                    JsonNode m = e.has("Executor Metrics") ? e.path("Executor Metrics") : e.path("Task Executor Metrics");
                    if (id.isEmpty() || id.equals("driver") || m.isMissingNode()) {
                        continue;
                    }
                    ExecutorPeakMemory now = new ExecutorPeakMemory(id, m.path("JVMHeapMemory").asLong(),
                            m.path("JVMOffHeapMemory").asLong(), m.path("ProcessTreeJVMRSSMemory").asLong());
                    peaks.merge(id, now, ExecutorPeakMemory::max);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event logs in " + eventLogDir, e);
        }
        return peaks;
    }

    private ExecutorPeakMemory max(ExecutorPeakMemory o) {
        return new ExecutorPeakMemory(executorId, Math.max(heapBytes, o.heapBytes),
                Math.max(nonHeapBytes, o.nonHeapBytes), Math.max(rssBytes, o.rssBytes));
    }

    @Override
    public String toString() {
        return "executor %s: peak heap %d MiB, non-heap %d MiB, RSS %d MiB (native ≥ %d MiB)".formatted(executorId,
                heapBytes >> 20, nonHeapBytes >> 20, rssBytes >> 20, nativeBytes() >> 20);
    }
}
