#!/usr/bin/env bash
# Memory of a long run with the trace streamed to disk: at least 10^7 events, peak RSS
# reported (target: under 100 MB). The run is quickstart.yaml scaled up with --set.
#   bench/memory.sh [path/to/faultline]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/faultline}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Peak RSS of the child from getrusage (python3 is a test dependency; /usr/bin/time is not
# installed on a base Debian). The trace is several GB: lift the default 2GiB budget.
python3 - "$out" "$bin" run scenarios/quickstart.yaml --seed 1 \
  --set workload.rate=3000/s --set workload.clients=64 --set duration=700s \
  --max-trace-bytes 0 --out "$out/run" --quiet <<'PY'
import resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.monotonic()
with open(out + "/summary", "w") as summary:
    code = subprocess.call(cmd, stdout=summary)
wall = time.monotonic() - start
rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out + "/time", "w") as f:
    f.write(f"{rss_kb} {wall:.2f}\n")
sys.exit(code)
PY
read -r rss_kb wall_s <"$out/time"
events=$(sed -n 's/^events *\([0-9]*\) .*/\1/p' "$out/summary")
trace_mb=$(( $(stat -c %s "$out/run/trace.jsonl") / 1000000 ))
echo "memory: ${events} events, trace.jsonl ${trace_mb} MB streamed, peak RSS $((rss_kb / 1024)) MiB, ${wall_s}s wall"
[ "$events" -ge 10000000 ] || { echo "memory: fewer than 10^7 events; scale the run up"; exit 1; }
