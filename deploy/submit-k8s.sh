#!/usr/bin/env bash
# Submit the facelfs search to Kubernetes with NVIDIA GPU executors.
#
#   deploy/submit-k8s.sh CONFIG_URI (--out DIR | --nightly BASE) [more facelfs search options...]
#
# CONFIG_URI must be readable from the driver pod (baked into the image, e.g.
# local:///opt/facelfs/conf/paper.conf, or on s3a:/hdfs: copied by --files).
# Environment (defaults in brackets):
#   K8S_MASTER         k8s://https://<api-server>:443  (required)
#   IMAGE              container image from deploy/docker/Dockerfile  (required)
#   NAMESPACE          [facelfs]       SERVICE_ACCOUNT [facelfs]
#   CANDIDATES         [8]             GPUS_PER_CANDIDATE [1]
#   EXECUTOR_CORES     [8]             EXECUTOR_MEMORY [16g]   ND4J_OFFHEAP [24G]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$here/common.sh"

if [ $# -lt 3 ]; then
  echo "usage: $0 CONFIG_URI (--out DIR | --nightly BASE) [facelfs search options...]" >&2
  exit 2
fi
config="$1"; shift
: "${K8S_MASTER:?set K8S_MASTER=k8s://https://<api-server>:443}"
: "${IMAGE:?set IMAGE to the image built from deploy/docker/Dockerfile}"

facelfs_resources

exec spark-submit \
  --master "$K8S_MASTER" \
  --deploy-mode cluster \
  --name facelfs-search \
  --class org.facelfs.cli.FacelfsCommand \
  --conf "spark.kubernetes.namespace=${NAMESPACE:-facelfs}" \
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${SERVICE_ACCOUNT:-facelfs}" \
  --conf "spark.kubernetes.container.image=$IMAGE" \
  --conf "spark.executor.instances=$candidates" \
  --conf "spark.executor.cores=$cores" \
  --conf "spark.executor.memory=$heap" \
  --conf "spark.executor.memoryOverhead=${OVERHEAD_GB}g" \
  --conf "spark.task.cpus=$cores" \
  --conf "spark.executor.resource.gpu.amount=$gpus" \
  --conf "spark.executor.resource.gpu.vendor=nvidia.com" \
  --conf "spark.executor.resource.gpu.discoveryScript=/opt/facelfs/getGpusResources.sh" \
  --conf "spark.task.resource.gpu.amount=$gpus" \
  --conf "spark.executorEnv.OMP_NUM_THREADS=$cores" \
  --conf "spark.driver.extraJavaOptions=$JAVA17_OPTS" \
  --conf "spark.executor.extraJavaOptions=$JAVA17_OPTS $JAVACPP_OPTS" \
  --conf "spark.task.maxFailures=4" \
  --conf "spark.scheduler.mode=FAIR" \
  local:///opt/facelfs/facelfs-cluster.jar search --config "$config" \
  -Dcluster.gpus-per-candidate="$gpus" -Dsearch.candidates="$candidates" "$@"
