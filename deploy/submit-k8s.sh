#!/usr/bin/env bash
# Submit the facelfs search to Kubernetes with NVIDIA GPU executors.
#
#   deploy/submit-k8s.sh CONFIG (--out DIR | --nightly BASE) [more facelfs search options...]
#
# CONFIG is a file in the image (deploy/docker/Dockerfile puts conf/ at /opt/facelfs/conf):
# /opt/facelfs/conf/k8s.conf or local:///opt/facelfs/conf/k8s.conf (the same file: local:// is
# spark-submit's word for "in the image", which the application itself would not understand, so
# it is taken off here). Check a config before baking it in: facelfs check --config FILE.
# Environment (defaults in brackets):
#   K8S_MASTER         k8s://https://<api-server>:443  (required)
#   IMAGE              container image from deploy/docker/Dockerfile  (required)
#   NAMESPACE          [facelfs]       SERVICE_ACCOUNT [facelfs]
#   CANDIDATES         [8]             GPUS_PER_CANDIDATE [1]  (0: CPU executors)
#   EXECUTOR_CORES     [8]             EXECUTOR_MEMORY [16g]   ND4J_OFFHEAP [24G]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=common.sh
. "$here/common.sh"

if [ $# -lt 3 ]; then
  echo "usage: $0 CONFIG (--out DIR | --nightly BASE) [facelfs search options...]" >&2
  exit 2
fi
config="${1#local://}"; shift
case "$config" in
  /*) ;;
  *) echo "$0: CONFIG must be a file in the image, e.g. /opt/facelfs/conf/k8s.conf or local:///opt/facelfs/conf/k8s.conf; got $1" >&2
     exit 2 ;;
esac
: "${K8S_MASTER:?set K8S_MASTER=k8s://https://<api-server>:443}"
: "${IMAGE:?set IMAGE to the image built from deploy/docker/Dockerfile}"

facelfs_resources
gpu_conf=()
if [ "$gpus" -gt 0 ]; then
  gpu_conf=(--conf "spark.executor.resource.gpu.vendor=nvidia.com"
            --conf "spark.executor.resource.gpu.discoveryScript=/opt/facelfs/getGpusResources.sh")
fi

exec spark-submit \
  --master "$K8S_MASTER" \
  --deploy-mode cluster \
  --name facelfs-search \
  --class org.facelfs.cli.FacelfsCommand \
  --conf "spark.kubernetes.namespace=${NAMESPACE:-facelfs}" \
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${SERVICE_ACCOUNT:-facelfs}" \
  --conf "spark.kubernetes.container.image=$IMAGE" \
  "${resource_conf[@]}" \
  ${gpu_conf[@]+"${gpu_conf[@]}"} \
  local:///opt/facelfs/facelfs-cluster.jar search --config "$config" \
  -Dcluster.gpus-per-candidate="$gpus" -Dsearch.candidates="$candidates" "$@"
