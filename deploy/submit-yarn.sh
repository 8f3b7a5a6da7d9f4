#!/usr/bin/env bash
# Submit the facelfs search to YARN with GPU executors (ND4J CUDA build of the cluster jar).
#
#   deploy/submit-yarn.sh CONFIG (--out DIR | --nightly BASE) [more facelfs search options...]
#
# Environment (defaults in brackets):
#   FACELFS_JAR        cluster jar            [search-driver/target/facelfs-cluster.jar]
#   CANDIDATES         M, one executor each   [8]
#   GPUS_PER_CANDIDATE GPUs per candidate     [1]
#   EXECUTOR_CORES     cores per executor     [8]
#   EXECUTOR_MEMORY    executor heap          [16g]
#   ND4J_OFFHEAP       JavaCPP maxbytes: ND4J off-heap buffers (not part of the heap) [24G]
#   DEPLOY_MODE        cluster | client       [cluster]
#   QUEUE              YARN queue             [default]
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
facelfs_resources

exec spark-submit \
  --master yarn \
  --deploy-mode "${DEPLOY_MODE:-cluster}" \
  --queue "${QUEUE:-default}" \
  --name "facelfs-search" \
  --class org.facelfs.cli.FacelfsCommand \
  --num-executors "$candidates" \
  --executor-cores "$cores" \
  --executor-memory "$heap" \
  --conf "spark.executor.memoryOverhead=${OVERHEAD_GB}g" \
  --conf "spark.task.cpus=$cores" \
  --conf "spark.executor.resource.gpu.amount=$gpus" \
  --conf "spark.task.resource.gpu.amount=$gpus" \
  --conf "spark.executor.resource.gpu.discoveryScript=./getGpusResources.sh" \
  --files "$here/getGpusResources.sh,$config" \
  --conf "spark.executorEnv.OMP_NUM_THREADS=$cores" \
  --conf "spark.driver.extraJavaOptions=$JAVA17_OPTS" \
  --conf "spark.executor.extraJavaOptions=$JAVA17_OPTS $JAVACPP_OPTS" \
  --conf "spark.task.maxFailures=4" \
  --conf "spark.scheduler.mode=FAIR" \
  "$jar" search --config "$(basename "$config")" \
  -Dcluster.gpus-per-candidate="$gpus" -Dsearch.candidates="$candidates" "$@"
