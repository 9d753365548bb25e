#!/usr/bin/env bash
# Side-by-side figures against the reference simulators, measured in one sitting:
#   - scheduler no-op events/s vs the bare event loop (in-process baseline and des_floor);
#   - two-node ping-pong deliveries/s vs SimGrid;
#   - simulated seconds per wall second for quickstart.yaml.
# Needs a Release build in build/ and, for SimGrid and ns-3,
# `apt-get install libsimgrid-dev libns3-dev`.
set -euo pipefail
cd "$(dirname "$0")/.."
b=build
echo "== peers (../shared/peers/run.sh)"
if [ -f ../shared/peers/run.sh ]; then
  peers=$(bash ../shared/peers/run.sh)
  echo "$peers"
else
  # The reference simulators live beside the project, not in it; our figures still print.
  peers=""
  echo "SKIPPED: ../shared/peers/run.sh not found beside the project: no des_floor or SimGrid figures"
fi
echo "== faultline"
sched=$("$b/bench/scheduler_bench" --benchmark_format=csv 2>/dev/null | grep -E '^"BM_')
ping=$("$b/bench/pingpong_bench" --benchmark_format=csv 2>/dev/null | grep -E '^"BM_')
rate() { echo "$1" | grep "$2" | awk -F, '{print $NF}' | tr -d '"'; }
bare=$(rate "$sched" BM_BareEventLoop)
ours=$(rate "$sched" BM_Scheduler)
pp=$(rate "$ping" BM_PingPong)
# The CSV's last column is the counter, in events (deliveries) per second.
floor=$(echo "$peers" | sed -n 's/^des_floor.*=> \([0-9.]*\)M events\/s/\1/p')
simgrid=$(echo "$peers" | sed -n 's/^simgrid.*=> \([0-9.]*\)M deliveries\/s/\1/p')
awk -v ours="$ours" -v bare="$bare" -v floor="$floor" 'BEGIN {
  printf "scheduler: %.1fM events/s; in-process bare loop %.1fM/s (ratio %.2f)", ours/1e6, bare/1e6, ours/bare
  if (floor > 0) printf "; des_floor %sM/s (ratio %.2f)", floor, ours/1e6/floor
  printf "\n" }'
if [ -n "$simgrid" ]; then
  awk -v pp="$pp" -v sg="$simgrid" 'BEGIN {
    printf "ping-pong: %.2fM deliveries/s; SimGrid %.3fM/s (%.0fx)\n", pp/1e6, sg, pp/1e6/sg }'
else
  awk -v pp="$pp" 'BEGIN { printf "ping-pong: %.2fM deliveries/s (SimGrid not installed)\n", pp/1e6 }'
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2 3; do
  "$b/faultline" run scenarios/quickstart.yaml --out "$tmp/q" --quiet | sed -n 's/^events.*(\([0-9]*\) simulated s per wall s)/quickstart: \1 simulated s per wall s/p'
done
