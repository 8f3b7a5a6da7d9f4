#!/usr/bin/env bash
# Submit the facelfs search to YARN with GPU executors (ND4J CUDA build of the cluster jar).
#
#   deploy/submit-yarn.sh CONFIG (--out DIR | --nightly BASE) [more facelfs search options...]
#
# First `facelfs check` runs on this machine (spark-submit --master local[1]): the config is
# resolved with its includes, validated, its inputs opened through HDFS; on a problem the script
# stops with the check's lines. The resolved, self-contained config is what is shipped (--files),
# so an include can never be left behind.
#
# Environment (defaults in brackets):
#   FACELFS_JAR        cluster jar            [search-driver/target/facelfs-cluster.jar]
#   CANDIDATES         M, one executor each   [8]
#   GPUS_PER_CANDIDATE GPUs per candidate     [1]  (0: CPU executors, no GPU resources asked for)
#   EXECUTOR_CORES     cores per executor     [8]
#   EXECUTOR_MEMORY    executor heap          [16g]
#   ND4J_OFFHEAP       JavaCPP maxbytes: ND4J off-heap buffers (not part of the heap) [24G]
#   DEPLOY_MODE        cluster | client       [cluster]
#   QUEUE              YARN queue             [unset: the cluster's placement rules decide]
#   SPARK_CONF_EXTRA   more Spark settings, "key=value key=value" (e.g. spark.eventLog.enabled=true)
#   spark-submit, HADOOP_CONF_DIR/YARN_CONF_DIR: from the environment, as for any Spark job.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$here/common.sh"

if [ $# -lt 3 ]; then
  echo "usage: $0 CONFIG (--out DIR | --nightly BASE) [facelfs search options...]" >&2
  exit 2
fi
config="$1"; shift

jar="${FACELFS_JAR:-$here/../search-driver/target/facelfs-cluster.jar}"
mode="${DEPLOY_MODE:-cluster}"
facelfs_resources
facelfs_overrides "$@"
job_overrides=(-Dcluster.gpus-per-candidate="$gpus" -Dsearch.candidates="$candidates")

shipdir="$(mktemp -d)"
trap 'rm -rf "$shipdir"' EXIT
resolved="$shipdir/$(basename "$config")"
spark-submit --master 'local[1]' --name facelfs-check --class org.facelfs.cli.FacelfsCommand \
  --conf spark.ui.enabled=false "${resource_conf[@]}" \
  "$jar" check --master yarn --config "$config" --write-resolved "$resolved" \
  "${job_overrides[@]}" ${overrides[@]+"${overrides[@]}"}

queue=()
[ -z "${QUEUE:-}" ] || queue=(--queue "$QUEUE")
extra_conf=()
for kv in ${SPARK_CONF_EXTRA:-}; do extra_conf+=(--conf "$kv"); done
gpu_discovery=()
[ "$gpus" -eq 0 ] || gpu_discovery=(--conf "spark.executor.resource.gpu.discoveryScript=./getGpusResources.sh")
# cluster mode: the driver runs in the AM container, where --files lands in the working directory;
# client mode: the driver runs here and reads the resolved file where it is
if [ "$mode" = cluster ]; then run_config="$(basename "$resolved")"; else run_config="$resolved"; fi

spark-submit \
  --master yarn \
  --deploy-mode "$mode" \
  ${queue[@]+"${queue[@]}"} \
  --name "facelfs-search" \
  --class org.facelfs.cli.FacelfsCommand \
  "${resource_conf[@]}" \
  ${gpu_discovery[@]+"${gpu_discovery[@]}"} \
  ${extra_conf[@]+"${extra_conf[@]}"} \
  --files "$here/getGpusResources.sh,$resolved" \
  "$jar" search --config "$run_config" "${job_overrides[@]}" "$@"
