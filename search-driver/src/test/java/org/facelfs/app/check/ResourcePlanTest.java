package org.facelfs.app.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.facelfs.app.config.ConfigLoader;
import org.facelfs.config.ConfigReader;
import org.facelfs.app.config.JobConfig;
import org.junit.jupiter.api.Test;

class ResourcePlanTest {

    static JobConfig job(Map<String, String> overrides) {
        return JobConfig.read(new ConfigReader(ConfigLoader.load(null, overrides)));
    }

    /** What deploy/submit-yarn.sh passes with its defaults: 8 executors of 8 cores, one GPU each. */
    static SparkConf submitted() {
        return new SparkConf(false).set("spark.master", "yarn").set("spark.executor.instances", "8")
                .set("spark.executor.cores", "8").set("spark.task.cpus", "8").set("spark.executor.memory", "16g")
                .set("spark.executor.memoryOverhead", "26g").set("spark.executor.resource.gpu.amount", "1")
                .set("spark.task.resource.gpu.amount", "1");
    }

    @Test
    void thePlanNamesExecutorsCoresGpusAndMemoryPerCandidate() {
        ResourcePlan plan = ResourcePlan.of(job(Map.of("search.candidates", "8", "cluster.gpus-per-candidate", "1")),
                submitted());
        assertEquals(java.util.List.of(), plan.problems());
        assertTrue(plan.lines().contains("executors: 8 x 8 core(s) x 1 GPU(s) x (heap 16g + overhead 26g)"), plan.lines()
                .toString());
        assertTrue(plan.lines().contains("per candidate: one task of 8 core(s) (spark.task.cpus), 1 GPU(s), "
                + "1 candidate(s) per executor"), plan.lines().toString());
        assertTrue(plan.lines().contains("waves per round: 1 (8 candidate(s) at a time)"), plan.lines().toString());
    }

    @Test
    void fewerExecutorsThanCandidatesMeansSeveralWaves() {
        ResourcePlan plan = ResourcePlan.of(job(Map.of("search.candidates", "8", "cluster.gpus-per-candidate", "1")),
                submitted().set("spark.executor.instances", "3"));
        assertTrue(plan.lines().contains("waves per round: 3 (3 candidate(s) at a time)"), plan.lines().toString());
    }

    @Test
    void mismatchedGpusTaskCoresAndDynamicAllocationAreProblems() {
        ResourcePlan plan = ResourcePlan.of(job(Map.of("cluster.gpus-per-candidate", "2")),
                submitted().set("spark.task.cpus", "16").set("spark.dynamicAllocation.enabled", "true"));
        assertEquals(4, plan.problems().size(), plan.problems().toString());
        assertTrue(plan.problems().get(0).startsWith("spark.task.cpus = 16 exceeds spark.executor.cores = 8"));
        assertTrue(plan.problems().get(1).startsWith("spark.task.resource.gpu.amount = 1 but cluster.gpus-per-candidate = 2"));
        assertTrue(plan.problems().get(2).startsWith("cluster.gpus-per-candidate = 2 but spark.executor.resource.gpu.amount = 1"));
        assertTrue(plan.problems().get(3).startsWith("spark.dynamicAllocation.enabled = true"));
    }

    @Test
    void anEmbeddedRunNeedsNoClusterSettings() {
        ResourcePlan plan = ResourcePlan.of(job(Map.of()), new SparkConf(false));
        assertEquals(java.util.List.of(), plan.problems());
        assertTrue(plan.lines().get(0).startsWith("master: local[*] (run.master"), plan.lines().toString());
    }
}
