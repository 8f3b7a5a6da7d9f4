#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs of this node as Spark's ResourceInformation JSON,
# e.g. {"name": "gpu", "addresses":["0","1"]}. Spark runs it when an executor starts
# (spark.executor.resource.gpu.discoveryScript); CUDA_VISIBLE_DEVICES, if set by YARN, is honoured.
set -euo pipefail
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
  ids="$CUDA_VISIBLE_DEVICES"
elif command -v nvidia-smi >/dev/null 2>&1; then
  ids=$(nvidia-smi --query-gpu=index --format=csv,noheader | paste -sd, -)
else
  ids=""
fi
addresses=""
IFS=',' read -ra list <<< "$ids"
for id in "${list[@]}"; do
  id="${id// /}"
  [ -n "$id" ] || continue
  addresses="${addresses:+$addresses,}\"$id\""
done
printf '{"name": "gpu", "addresses":[%s]}\n' "$addresses"
