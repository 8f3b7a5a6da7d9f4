#!/usr/bin/env bash
# Shared by the submit scripts (sourced): Spark's Java 17 module flags and the executor memory plan.
#
# JAVA17_OPTS: Spark's own Java 17 module flags (JavaModuleOptions), for
# spark.{driver,executor}.extraJavaOptions.
# shellcheck disable=SC2034  # used by the scripts that source this file
JAVA17_OPTS="-XX:+IgnoreUnrecognizedVMOptions \
--add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
--add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
-Djdk.reflect.useDirectMethodHandle=false"

# Executor memory plan (docs/cluster.md, memory model): ND4J's buffers live off-heap, outside
# spark.executor.memory, and JavaCPP refuses allocations past maxbytes (off-heap) and
# maxphysicalbytes (whole process RSS). memoryOverhead must cover the off-heap limit plus ~2 GiB
# for the CUDA context, JIT code and thread stacks.
#   facelfs_memory HEAP_GB OFFHEAP_GB  ->  sets OVERHEAD_GB and JAVACPP_OPTS
facelfs_memory() {
  local heap_gb="$1" offheap_gb="$2"
  OVERHEAD_GB=$(( offheap_gb + 2 ))
  JAVACPP_OPTS="-Dorg.bytedeco.javacpp.maxbytes=${offheap_gb}G -Dorg.bytedeco.javacpp.maxphysicalbytes=$(( heap_gb + offheap_gb + 2 ))G"
}

# The cluster resources both submit scripts take from the environment (defaults in brackets):
# CANDIDATES [8], GPUS_PER_CANDIDATE [1], EXECUTOR_CORES [8], EXECUTOR_MEMORY [16g], ND4J_OFFHEAP [24G];
# sets candidates, gpus, cores, heap and the memory plan (OVERHEAD_GB, JAVACPP_OPTS).
facelfs_resources() {
  candidates="${CANDIDATES:-8}"
  gpus="${GPUS_PER_CANDIDATE:-1}"
  cores="${EXECUTOR_CORES:-8}"
  heap="${EXECUTOR_MEMORY:-16g}"
  local offheap="${ND4J_OFFHEAP:-24G}"
  facelfs_memory "${heap%g}" "${offheap%G}"
}
