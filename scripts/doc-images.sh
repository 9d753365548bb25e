#!/usr/bin/env bash
# Redraws the diagram pictures of docs/diagrams.md and the README (docs/images/*.png) with
# the commands the docs show, so a change to the renderers refreshes them in one step.
# Needs rsvg-convert (Debian: librsvg2-bin, installed by scripts/install-deps.sh).
#   scripts/doc-images.sh build/faultline
set -euo pipefail
faultline=$(realpath "$1")
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "doc-images: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 69; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
png() { rsvg-convert -w "$2" "$tmp/$1.svg" -o "docs/images/$1.png"; echo "docs/images/$1.png"; }

"$faultline" run scenarios/quickstart.yaml --out "$tmp/q" --quiet >/dev/null
"$faultline" viz "$tmp/q/trace.jsonl" --from 5.425s --max-events 100 \
  --title "quickstart: n2 takes over while n1 is cut off" --out "$tmp/quickstart-failover.svg" 2>/dev/null
png quickstart-failover 1400

# Exits 1: the violation is the point.
"$faultline" run scenarios/async-failover-loses-writes.yaml --out "$tmp/async" --quiet >/dev/null || true
cp "$tmp/async/story.svg" "$tmp/async-failover-story.svg"
png async-failover-story 1400
"$faultline" viz --around-violation "$tmp/async" --around-events 40 --out "$tmp/async-failover-violation.svg" 2>/dev/null
png async-failover-violation 1400

"$faultline" run scenarios/async-failover-loses-writes.yaml --out "$tmp/sync" --quiet \
  --set cluster.params.replication=sync >/dev/null
"$faultline" viz --compare "$tmp/async" "$tmp/sync" --title "key k0, seed 3: async vs sync replication" \
  --out "$tmp/async-vs-sync.svg" 2>/dev/null
png async-vs-sync 1800
