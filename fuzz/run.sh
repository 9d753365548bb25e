#!/usr/bin/env bash
# Runs fuzz targets of a FAULTLINE_FUZZ=ON build: first over the saved regression inputs
# (fuzz/regressions/TARGET/, each a past finding), then for SECONDS of fresh fuzzing seeded
# from scenarios/, tests/ (with the vendored Porcupine and Knossos histories), and the outputs of two short
# `faultline run`s. Exits non-zero on any crash, hang or sanitizer report; the input that
# caused it is left in ARTIFACTS_DIR (default: BUILD_DIR/fuzz/artifacts, printed).
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]       # TARGET as in fuzz_TARGET; default all
# CORPUS_DIR, when set, keeps each target's grown corpus in CORPUS_DIR/TARGET between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 seconds=$2
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario_loader history_faultline history_jepsen_etcd history_porcupine_kv
           history_jepsen_edn trace_reader check_report)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
artifacts=${ARTIFACTS_DIR:-$build/fuzz/artifacts}
mkdir -p "$artifacts"

# Seeds that need a run: small slices of a history, a trace and results.json (one run
# with a violation, so the report has evidence). Slices keep inputs short and fuzzing fast.
seeds() { # target -> prints seed directories, one a line
  case $1 in
    scenario_loader)
      mkdir -p "$tmp/set"
      for f in scenarios/*.yaml; do
        { echo "--set workload.rate=300/s"; cat "$f"; } >"$tmp/set/$(basename "$f")"
      done
      echo scenarios; echo tests/scenarios/bad; echo "$tmp/set" ;;
    history_faultline|trace_reader|check_report)
      if [ ! -d "$tmp/runs" ]; then
        mkdir -p "$tmp/runs" "$tmp/history" "$tmp/trace" "$tmp/report"
        for s in quickstart replica-reads-are-stale; do
          "$build/faultline" run "scenarios/$s.yaml" --seed 1 --out "$tmp/runs/$s" --quiet \
            >/dev/null || true
          head -n 40 "$tmp/runs/$s/history.jsonl" >"$tmp/history/$s.jsonl"
          head -n 60 "$tmp/runs/$s/trace.jsonl" >"$tmp/trace/$s.jsonl"
          cp "$tmp/runs/$s/results.json" "$tmp/report/$s.json"
        done
      fi
      case $1 in
        history_faultline) echo "$tmp/history" ;;
        trace_reader) echo "$tmp/trace" ;;
        check_report) echo "$tmp/report" ;;
      esac ;;
    history_jepsen_etcd) echo tests/testdata/porcupine/jepsen ;;
    history_porcupine_kv) echo tests/testdata/porcupine/kv ;;
    history_jepsen_edn) echo tests/testdata/knossos/good; echo tests/testdata/knossos/bad ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  bin="$build/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz: no $bin (configure with FAULTLINE_FUZZ=ON)"; exit 2; }
  opts=(-timeout=10 -rss_limit_mb=2048 "-artifact_prefix=$artifacts/$t-")
  regressions=(fuzz/regressions/"$t"/*)
  if [ -e "${regressions[0]}" ]; then
    echo "fuzz_$t: ${#regressions[@]} regression inputs"
    "$bin" "${opts[@]}" "${regressions[@]}" >"$tmp/$t.log" 2>&1 ||
      { cat "$tmp/$t.log"; echo "fuzz_$t: a regression input fails"; status=1; continue; }
  fi
  corpus=$tmp/corpus/$t
  [ -z "${CORPUS_DIR:-}" ] || corpus=$CORPUS_DIR/$t
  mkdir -p "$corpus"
  # -max_len only for fresh inputs: a regression input runs whole, however long.
  fuzz_opts=(-max_len=16384 -max_total_time="$seconds" -print_final_stats=1)
  [ -f "fuzz/dicts/$t.dict" ] && fuzz_opts+=("-dict=fuzz/dicts/$t.dict")
  mapfile -t dirs < <(seeds "$t")
  echo "fuzz_$t: ${seconds}s from ${dirs[*]:-an empty corpus}"
  if ! "$bin" "${opts[@]}" "${fuzz_opts[@]}" "$corpus" "${dirs[@]}" >"$tmp/$t.log" 2>&1; then
    tail -n 60 "$tmp/$t.log"
    echo "fuzz_$t: FOUND a crash, hang or sanitizer report; input saved as $artifacts/$t-*"
    status=1
  else
    grep -E 'stat::(number_of_executed_units|new_units_added)' "$tmp/$t.log" | tr '\n' ' '
    echo
  fi
done
[ "$status" -eq 0 ] && echo "fuzz: ${#targets[@]} targets, no findings"
exit $status
