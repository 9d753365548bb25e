#!/usr/bin/env bash
# Redraws the charts of docs/locks.md (docs/images/locks-*.svg): the meltdown curve, a
# sweep over threads per pod with every thread free to spin on the lock (admission none)
# against Flipkart's semaphore (5 threads per pod may try it). Each chart is
# `faultline sweep`'s own SVG, copied as drawn.
#   scripts/lock-charts.sh build/faultline
set -euo pipefail
faultline=$(realpath "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$faultline" sweep scenarios/lock-meltdown.yaml \
  --vary cluster.params.threads=2,5,8,16,32,64,128 --vary cluster.params.admission=none,semaphore \
  --log-x --seeds 5 --quiet --out "$tmp/meltdown" >/dev/null
for m in qps latency_p99_ns server_queue_max server_utilisation lock_timeouts retries_per_acquisition; do
  cp "$tmp/meltdown/sweep-mutual-exclusion-$m.svg" "docs/images/locks-meltdown-$m.svg"
  echo "docs/images/locks-meltdown-$m.svg"
done
