#!/usr/bin/env bash
# The linearizability checker beside Porcupine 1.3 on this machine (Go 1.19, 2 cores;
# Porcupine's figures are from issue 3): each figure, Porcupine's, and ours / theirs.
#   - in-process (bench/checker_bench): the 102 non-empty etcd histories, etcd_002,
#     kv/c50-ok, kv/c10-ok un-partitioned, generated per-key kv histories of 125k..1M ops
#     (1,000 keys, 32 clients) and one register with 16 clients and 10,000 ops;
#   - whole command (`faultline check`, wall time and peak RSS): kv/c10-ok --no-split, and
#     a generated 1M-op kv history written by bench/gen_history.
# Builds nothing: needs checker_bench, gen_history and faultline in BUILD_DIR.
#   bench/checker.sh [BUILD_DIR]        (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}
for t in bench/checker_bench bench/gen_history faultline; do
  if [ ! -x "$b/$t" ]; then
    echo "checker: $b/$t is not built:" \
      "cmake --build $b --target checker_bench gen_history faultline" >&2
    exit 1
  fi
done
data=tests/testdata/porcupine

echo "== checker_bench (in-process; histories read or generated outside the timing)"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" \
  "(wall times need an idle machine)"
csv=$("$b/bench/checker_bench" --benchmark_format=csv 2>/dev/null | grep -E '^"?BM_')
# "WALL CPU" seconds of one benchmark (CSV columns: name, iterations, real_time, cpu_time,
# time_unit, ...); empty if it did not run.
secs() {
  echo "$csv" | awk -F, -v n="\"$1/real_time\"" '$1 == n {
    u = $5; gsub(/"/, "", u); f = (u == "ns" ? 1e-9 : u == "us" ? 1e-6 : u == "ms" ? 1e-3 : 1);
    printf "%.4f %.4f", $3 * f, $4 * f }'
}
label() { echo "$csv" | grep -F "\"$1/real_time\"" | awk -F'"' '{ print $4 }'; }
# The ratio uses our CPU time: the check is single-threaded, so on an idle machine its wall
# time is the same, and other jobs on the machine do not inflate it. Porcupine's figures
# are wall times (it may use both cores, one goroutine per partition).
compare() { # name, "WALL CPU", Porcupine's seconds
  echo "$2" | awk -v name="$1" -v theirs="$3" '{ wall = $1; cpu = $2 }
    END {
      if (cpu == "") { printf "%-32s not run (see checker_bench output)\n", name; exit }
      printf "%-32s cpu %7.3f s (wall %7.3f s)   Porcupine %5.2f s   ratio %.2f (%.1fx %s)\n",
             name, cpu, wall, theirs, cpu / theirs,
             (cpu < theirs ? theirs / cpu : cpu / theirs), (cpu < theirs ? "faster" : "slower") }'
}
compare "etcd, 102 histories in total" "$(secs BM_EtcdAll)" 0.28
compare "etcd_002 alone" "$(secs BM_Etcd002)" 0.1
compare "kv/c50-ok.txt" "$(secs BM_KvC50Ok)" 0.09
compare "kv/c10-ok.txt un-partitioned" "$(secs BM_KvC10OkUnsplit)" 1.35
for n in 125000 250000 500000 1000000; do
  secs "BM_GeneratedKv/$n" | awk -v n="$n" '{ wall = $1; cpu = $2 }
    END {
      if (cpu == "") { printf "generated kv %7d ops: not run\n", n; exit }
      printf "generated kv %7d ops (1,000 keys, 32 clients): cpu %6.3f s (wall %6.3f s), " \
             "%5.2f s per 1M ops\n", n, cpu, wall, cpu * 1e6 / n }'
done
# Google Benchmark's least-squares fit of time = c * N over the four sizes: c in ns per op,
# and the RMS error of the fit (small: the time grows linearly).
big_o=$(echo "$csv" | awk -F, '$1 == "\"BM_GeneratedKv/real_time_BigO\"" { print $3, $4 }')
rms=$(echo "$csv" | awk -F, '$1 == "\"BM_GeneratedKv/real_time_RMS\"" { print $3, $4 }')
echo "$big_o $rms" | awk 'NF == 4 {
  printf "  O(N) fit: cpu %.0f ns per op, RMS error %.0f%% (wall %.0f ns per op, RMS %.0f%%)\n",
         $2, $4 * 100, $1, $3 * 100 }'
for ppm in 0 10000; do
  name="BM_SingleRegister/info_ppm:$ppm"
  secs "$name" | awk -v ppm="$ppm" -v label="$(label "$name")" '{ wall = $1; cpu = $2 }
    END { printf "single register, 16 clients, 10,000 ops, info_ppm %5d: " \
                 "cpu %6.3f s (wall %6.3f s): %s\n", ppm, cpu, wall,
                 (label == "" ? "not run" : label) }'
done

echo "== faultline check (the whole command, reading included; /usr/bin/time: cpu, wall, peak RSS)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() { # label, Porcupine's seconds or "-", Porcupine's MB or "-", command...
  local what=$1 their_s=$2 their_mb=$3
  shift 3
  local rc=0
  /usr/bin/time -f '%M %e %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  read -r rss_kb wall_s user_s sys_s <"$tmp/time"
  awk -v what="$what" -v rc="$rc" -v kb="$rss_kb" -v wall="$wall_s" -v cpu="$user_s" \
      -v sys="$sys_s" -v ts="$their_s" -v tm="$their_mb" 'BEGIN {
    cpu += sys
    printf "%-30s exit %d, cpu %6.2f s (wall %6.2f s), peak RSS %4.0f MB", what, rc, cpu, wall,
           kb / 1024
    if (ts != "-") printf "   Porcupine %.2f s, %s MB (ratios: time %.2f, memory %.2f)",
                          ts, tm, cpu / ts, kb / 1024 / tm
    printf "\n" }'
}
measure "kv/c10-ok.txt --no-split" 1.35 380 \
  "$b/faultline" check "$data/kv/c10-ok.txt" --model kv --no-split
"$b/bench/gen_history" --ops 1000000 --clients 32 --keys 1000 --seed 1 >"$tmp/1m.jsonl"
echo "generated 1M-op kv history: $(($(stat -c %s "$tmp/1m.jsonl") / 1000000)) MB of history.jsonl"
measure "generated kv, 1,000,000 ops" - - \
  "$b/faultline" check "$tmp/1m.jsonl" --model kv --time-limit 300s
