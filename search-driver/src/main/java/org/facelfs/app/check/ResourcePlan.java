package org.facelfs.app.check;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.facelfs.app.config.JobConfig;

/**
 * What a round asks of the cluster, from the job's config and the Spark settings spark-submit
 * passes: executors × cores × GPUs × memory, and what each candidate gets. Settings that would
 * make the run fail or mis-place candidates are problems; the rest is printed as the plan.
 */
record ResourcePlan(List<String> lines, List<String> problems) {

    static ResourcePlan of(JobConfig job, SparkConf spark) {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int m = job.search().candidates();
        int gpus = job.cluster().gpusPerCandidate();
        String master = spark.get("spark.master", job.run().master() + " (run.master; spark-submit may set another)");
        lines.add("master: " + master);
        lines.add("round: " + m + " candidate(s) (search.candidates) x " + job.search().rounds() + " round(s)");
        if (master.startsWith("local")) {
            lines.add("per candidate: one task in the driver JVM, "
                    + (job.cluster().threadsPerCandidate() > 0 ? job.cluster().threadsPerCandidate() : 1)
                    + " thread(s), " + gpus + " GPU(s)");
            return new ResourcePlan(lines, problems);
        }
        String executors = spark.get("spark.executor.instances", "(unset: the cluster manager's default)");
        int cores = spark.getInt("spark.executor.cores", 1);
        int taskCpus = spark.getInt("spark.task.cpus", 1);
        String heap = spark.get("spark.executor.memory", "1g");
        String overhead = spark.get("spark.executor.memoryOverhead", "max(384m, 10% of the heap)");
        String executorGpus = spark.get("spark.executor.resource.gpu.amount", "0");
        String taskGpus = spark.get("spark.task.resource.gpu.amount", Integer.toString(gpus));
        lines.add("executors: " + executors + " x " + cores + " core(s) x " + executorGpus + " GPU(s) x (heap "
                + heap + " + overhead " + overhead + ")");
        if (job.cluster().group() == JobConfig.ClusterSettings.Group.EXECUTORS) {
            lines.add("per candidate: " + job.cluster().executorsPerGroup() + " executor(s) (cluster.executors-per-group)"
                    + ", parameter averaging");
        } else {
            lines.add("per candidate: one task of " + taskCpus + " core(s) (spark.task.cpus), " + taskGpus
                    + " GPU(s), " + Math.max(1, cores / Math.max(1, taskCpus)) + " candidate(s) per executor");
        }
        if (spark.contains("spark.executor.instances") && job.cluster().group() == JobConfig.ClusterSettings.Group.TASK) {
            int slots = spark.getInt("spark.executor.instances", 1) * Math.max(1, cores / Math.max(1, taskCpus));
            lines.add("waves per round: " + (m + slots - 1) / slots + " (" + slots + " candidate(s) at a time)");
        }
        if (taskCpus > cores) {
            problems.add("spark.task.cpus = " + taskCpus + " exceeds spark.executor.cores = " + cores
                    + ": no task can ever be scheduled");
        }
        if (!taskGpus.equals(Integer.toString(gpus)) && !(gpus == 0 && taskGpus.equals("0"))) {
            problems.add("spark.task.resource.gpu.amount = " + taskGpus + " but cluster.gpus-per-candidate = " + gpus
                    + ": set both to the same number (the submit scripts do, from GPUS_PER_CANDIDATE)");
        }
        if (gpus > 0 && Double.parseDouble(executorGpus) < gpus) {
            problems.add("cluster.gpus-per-candidate = " + gpus + " but spark.executor.resource.gpu.amount = "
                    + executorGpus + ": executors would have fewer GPUs than a candidate needs");
        }
        if (spark.getBoolean("spark.dynamicAllocation.enabled", false)) {
            problems.add("spark.dynamicAllocation.enabled = true: executors (and their per-JVM data caches) would be "
                    + "released between rounds; set it to false (the submit scripts do)");
        }
        return new ResourcePlan(lines, problems);
    }
}
