#!/usr/bin/env bash
# Redraws the charts of docs/sharding.md (docs/images/sharding-*.svg): load imbalance
# (the busiest shard's requests over the mean) against Zipf skew, one line per sharding
# strategy. The directory strategy runs on three more nodes (its lookup group), so it is
# its own sweep and its own chart. Each chart is `faultline sweep`'s SVG, copied as drawn.
#   scripts/shard-charts.sh build/faultline
set -euo pipefail
faultline=$(realpath "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
thetas=0.5,0.7,0.8,0.9,0.99

"$faultline" sweep scenarios/shard-skew.yaml --vary workload.keys.theta=$thetas \
  --vary cluster.params.strategy=hash-mod,consistent-hash,range \
  --seeds 3 --quiet --out "$tmp/hash" >/dev/null
"$faultline" sweep scenarios/shard-skew.yaml --vary workload.keys.theta=$thetas \
  --set cluster.params.strategy=directory --set cluster.nodes=16 \
  --seeds 3 --quiet --out "$tmp/directory" >/dev/null
for m in imbalance_overall hot_shard_share; do
  cp "$tmp/hash/sweep-sharding-$m.svg" "docs/images/sharding-skew-$m.svg"
  echo "docs/images/sharding-skew-$m.svg"
  cp "$tmp/directory/sweep-sharding-$m.svg" "docs/images/sharding-skew-directory-$m.svg"
  echo "docs/images/sharding-skew-directory-$m.svg"
done
