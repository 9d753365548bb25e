#!/usr/bin/env bash
# How fast `faultline fuzz` finds each planted bug, and how many runs per second it does.
#   bench/fuzz_detection.sh [FAULTLINE] [RUNS]      # defaults: build/faultline, 100
#   SHRINK_TIME=2m bench/fuzz_detection.sh           # shrink budget per repro (default 30s)
#
# Part 1: for every planted bug (each scenarios/*-bug-*.yaml) a campaign of RUNS runs
# (--jobs 1, --sentinel 0, shrinking with --shrink-time $SHRINK_TIME), without and with
# --swarm, and one Markdown row each: runs until the first failure (the first record of
# campaign.jsonl, in run order, with verdict invalid), the simulated runs' wall seconds
# until then (the sum of wall_s of the runs up to and including it: what a campaign
# spends before it has a failure), the failure rate, and the first repro's size (trace
# events and faults before -> after shrinking, from summary.json's repros).
# Part 2: runs per second of one model scenario per model (those with checkers) with
# --jobs 1 and --jobs 2 (RUNS runs, --no-shrink, --sentinel 0, so only simulations and
# checkers are timed), and the speed-up: wall clock of the whole command, which the
# machine's other jobs inflate.
#
# Reads the JSON with jq, once per file. Writes only into a temp dir, removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
faultline=${1:-build/faultline}
runs=${2:-100}
shrink_time=${SHRINK_TIME:-30s}
command -v jq >/dev/null || { echo "fuzz_detection.sh: needs jq (apt-get install jq)" >&2; exit 64; }
[ -x "$faultline" ] || { echo "fuzz_detection.sh: no faultline at $faultline; build the faultline target first" >&2; exit 64; }
case $runs in '' | *[!0-9]* | 0) echo "fuzz_detection.sh: RUNS must be a positive integer, not '$runs'" >&2; exit 64 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

# One campaign; exit 1 (a checker failed) is the expected outcome for a planted bug.
fuzz() { # out_dir, args...
  local out=$1; shift
  local rc=0
  "$faultline" fuzz "$@" --out "$out" --quiet >/dev/null 2>"$out.err" || rc=$?
  if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
    echo "fuzz_detection.sh: faultline fuzz $* exited $rc:" >&2
    sed 's/^/  | /' "$out.err" | head -5 >&2
    exit 70
  fi
}

echo "## Detection: $runs runs per campaign, --jobs 1, --sentinel 0, --shrink-time $shrink_time ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| bug | scenario | swarm | runs to 1st failure | sim-run s until then | failure rate | repro events | repro faults |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
for scenario in scenarios/*-bug-*.yaml; do
  name=$(basename "$scenario" .yaml)
  for mode in off on; do
    out=$tmp/$name-$mode
    swarm=()
    [ "$mode" = on ] && swarm=(--swarm)
    fuzz "$out" "$scenario" --runs "$runs" --jobs 1 --sentinel 0 \
      --shrink-time "$shrink_time" "${swarm[@]}"
    # Header line: the model and its bug. Then the run records, sorted by run index.
    row=$(jq -rs '
      (.[0].campaign) as $c
      | (.[1:] | sort_by(.run)) as $r
      | ($r | map(.verdict == "invalid") | index(true)) as $first
      | [ "\($c.model) \($c.params.bug // "?")",
          (if $first == null then "none in \($r | length)" else "\($first + 1)" end),
          (if $first == null then "-"
           else ($r[0:$first + 1] | map(.wall_s) | add * 1000 | round / 1000 | tostring) end),
          "\($r | map(select(.verdict == "invalid")) | length)/\($r | length)"
        ] | @tsv' "$out/campaign.jsonl")
    IFS=$'\t' read -r bug first secs rate <<<"$row"
    repro=$(jq -r '
      if (.repros | length) == 0 then "-\t-"
      else .repros[0] | "\(.events_before) -> \(.events_after)\t\(.faults_before) -> \(.faults_after)"
      end' "$out/summary.json")
    IFS=$'\t' read -r events faults <<<"$repro"
    echo "| $bug | $name | $mode | $first | $secs | $rate | $events | $faults |"
  done
done

echo
echo "## Throughput: $runs runs, --no-shrink, --sentinel 0 ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| scenario | model | checkers | runs/s, 1 job | runs/s, 2 jobs | speed-up |"
echo "| --- | --- | --- | ---: | ---: | ---: |"
for name in raft-nemesis cap-partition quorum-healthy async-failover-loses-writes; do
  scenario=scenarios/$name.yaml
  grep -q '^checkers:' "$scenario" 2>/dev/null || continue # fuzz refuses one without checkers
  rates=()
  for jobs in 1 2; do
    out=$tmp/rate-$name-$jobs
    start=$(now)
    fuzz "$out" "$scenario" --runs "$runs" --jobs "$jobs" --no-shrink --sentinel 0
    end=$(now)
    rates+=("$(awk -v n="$runs" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", n / (b - a) }')")
  done
  info=$(jq -r '.campaign | "\(.model)\t\(.checkers | join(", "))"' "$tmp/rate-$name-1/summary.json")
  IFS=$'\t' read -r model checkers <<<"$info"
  speedup=$(awk -v a="${rates[0]}" -v b="${rates[1]}" 'BEGIN { printf "%.2fx", b / a }')
  echo "| $name | $model | $checkers | ${rates[0]} | ${rates[1]} | $speedup |"
done
