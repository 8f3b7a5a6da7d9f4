#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs this executor may use as Spark's ResourceInformation
# JSON, e.g. {"name": "gpu", "addresses":["0","1"]}. Spark runs it when an executor starts
# (spark.executor.resource.gpu.discoveryScript) and hands the addresses to tasks, which pass them
# to CUDA (facelfs' DeviceAffinity) as device ordinals.
#
# CUDA numbers the devices a process can see from 0: with CUDA_VISIBLE_DEVICES=2,3 (indices) or
# =GPU-<uuid>,... (as YARN or a scheduler may set it) the process sees ordinals 0 and 1, so those
# are printed, never the raw values. Otherwise nvidia-smi lists the GPUs of this container (the
# NVIDIA runtime shows only the ones granted to it, numbered from 0). Neither: no GPU.
set -euo pipefail
if [ -n "${CUDA_VISIBLE_DEVICES+set}" ]; then
  count=0
  IFS=',' read -ra visible <<< "$CUDA_VISIBLE_DEVICES"
  for id in "${visible[@]}"; do
    id="${id// /}"
    # CUDA stops at the first invalid entry (e.g. -1 hides every device)
    [[ "$id" =~ ^([0-9]+|GPU-[0-9a-fA-F-]+|MIG-.+)$ ]] || break
    count=$(( count + 1 ))
  done
elif command -v nvidia-smi >/dev/null 2>&1; then
  count=$(nvidia-smi --query-gpu=index --format=csv,noheader | grep -c '[0-9]' || true)
else
  count=0
fi
addresses=""
for (( i = 0; i < count; i++ )); do
  addresses="${addresses:+$addresses,}\"$i\""
done
printf '{"name": "gpu", "addresses":[%s]}\n' "$addresses"
