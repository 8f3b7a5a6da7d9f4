#!/usr/bin/env bash
# Shared by the submit scripts (sourced): the executor memory plan, the cluster resources and the
# preflight. Spark 3.5 adds its Java 17 module flags (--add-opens ...) to the driver, the AM and
# every executor itself (JavaModuleOptions); the scripts pass none, so a platform's
# spark.{driver,executor}.extraJavaOptions in spark-defaults.conf stay in force.

# Executor memory plan (docs/cluster.md, memory model): ND4J's buffers live off-heap, outside
# spark.executor.memory, and JavaCPP refuses allocations past maxbytes (off-heap) and
# maxphysicalbytes (whole process RSS). memoryOverhead must cover the off-heap limit plus ~2 GiB
# for the CUDA context, JIT code and thread stacks. The limits reach the executors as
# JAVA_TOOL_OPTIONS (spark.executorEnv), which no extraJavaOptions/javaOptions setting replaces.
#   facelfs_memory HEAP_GB OFFHEAP_GB  ->  sets OVERHEAD_GB and JAVACPP_OPTS
facelfs_memory() {
  local heap_gb="$1" offheap_gb="$2"
  OVERHEAD_GB=$(( offheap_gb + 2 ))
  JAVACPP_OPTS="-Dorg.bytedeco.javacpp.maxbytes=${offheap_gb}G -Dorg.bytedeco.javacpp.maxphysicalbytes=$(( heap_gb + offheap_gb + 2 ))G"
}

# The cluster resources both submit scripts take from the environment (defaults in brackets):
# CANDIDATES [8], GPUS_PER_CANDIDATE [1], EXECUTOR_CORES [8], EXECUTOR_MEMORY [16g], ND4J_OFFHEAP [24G];
# sets candidates, gpus, cores, heap, the memory plan (OVERHEAD_GB, JAVACPP_OPTS) and
# resource_conf: the spark-submit settings both scripts share.
facelfs_resources() {
  candidates="${CANDIDATES:-8}"
  gpus="${GPUS_PER_CANDIDATE:-1}"
  cores="${EXECUTOR_CORES:-8}"
  heap="${EXECUTOR_MEMORY:-16g}"
  local offheap="${ND4J_OFFHEAP:-24G}"
  facelfs_memory "${heap%g}" "${offheap%G}"
  resource_conf=(
    --conf "spark.executor.instances=$candidates"
    --conf "spark.executor.cores=$cores"
    --conf "spark.executor.memory=$heap"
    --conf "spark.executor.memoryOverhead=${OVERHEAD_GB}g"
    --conf "spark.task.cpus=$cores"
    --conf "spark.executorEnv.OMP_NUM_THREADS=$cores"
    --conf "spark.executorEnv.JAVA_TOOL_OPTIONS=$JAVACPP_OPTS"
    # executors hold the decoded data and the reward set per JVM: never give them back between rounds
    --conf "spark.dynamicAllocation.enabled=false"
    --conf "spark.task.maxFailures=4"
    --conf "spark.scheduler.mode=FAIR"
  )
  if [ "$gpus" -gt 0 ]; then
    resource_conf+=(
      --conf "spark.executor.resource.gpu.amount=$gpus"
      --conf "spark.task.resource.gpu.amount=$gpus"
    )
  fi
}

# The -D overrides among the facelfs search options "$@" (for the preflight): sets overrides.
facelfs_overrides() {
  overrides=()
  local a
  for a in "$@"; do
    case "$a" in -D*) overrides+=("$a") ;; esac
  done
}
