#!/usr/bin/env bash
# Redraws the charts of docs/messaging.md (docs/images/messaging-*.svg) with the sweeps the
# page shows: where the requeuing roulette tips over as load grows, and what message
# groups pay for order. Each chart is `faultline sweep`'s own SVG, copied as drawn.
#   scripts/messaging-charts.sh build/faultline
set -euo pipefail
faultline=$(realpath "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$faultline" sweep scenarios/mq-roulette-under-load.yaml \
  --vary workload.rate=20/s,50/s,80/s,100/s,120/s,150/s,200/s --seeds 5 \
  --out "$tmp/roulette" >/dev/null
for m in requeues_per_message order_violations latency_p99_ns; do
  cp "$tmp/roulette/sweep-ordering-$m.svg" "docs/images/messaging-roulette-$m.svg"
  echo "docs/images/messaging-roulette-$m.svg"
done

"$faultline" sweep scenarios/mq-groups-fix.yaml \
  --vary workload.rate=50/s,100/s,150/s,200/s --vary cluster.params.dispatch=groups,shared \
  --seeds 5 --out "$tmp/groups" >/dev/null
for m in order_violations latency_p99_ns applies_per_second; do
  cp "$tmp/groups/sweep-ordering-$m.svg" "docs/images/messaging-groups-$m.svg"
  echo "docs/images/messaging-groups-$m.svg"
done
