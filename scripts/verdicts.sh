#!/usr/bin/env bash
# Runs one scenario over many seeds and checks its declared verdict.
#
#   scripts/verdicts.sh FAULTLINE SCENARIO.yaml valid N [--set k=v ...]
#       every seed 1..N must be valid (exit 0); prints each failure and a tally
#   scripts/verdicts.sh FAULTLINE SCENARIO.yaml caught N [--set k=v ...]
#       some seed in 1..N must find a violation (exit 1); stops at the first
#
# Exit 0 when the verdict holds, 1 when it does not, 2 on a run that could not decide
# (a checker out of budget, exit 2) or failed to run (any other code). Used by ctest with
# few seeds and by hand with many (e.g. the 200 seeds of kv.raft's acceptance check).
set -uo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 FAULTLINE SCENARIO.yaml valid|caught SEEDS [--set k=v ...]" >&2
  exit 64
fi
bin=$1 scenario=$2 expect=$3 seeds=$4
shift 4
case "$expect" in valid | caught) ;; *)
  echo "$0: expected 'valid' or 'caught', got '$expect'" >&2
  exit 64
  ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valid=0 violations=0 undecided=0
for seed in $(seq 1 "$seeds"); do
  "$bin" run "$scenario" --seed "$seed" --out "$tmp/run" --quiet "$@" >"$tmp/out" 2>&1
  code=$?
  case $code in
    0) valid=$((valid + 1)) ;;
    1)
      violations=$((violations + 1))
      if [ "$expect" = caught ]; then
        echo "caught: $scenario seed $seed ($(grep -m1 -o 'NOT linearizable.*' "$tmp/out"))"
        exit 0
      fi
      echo "VIOLATION: $scenario seed $seed: $(grep -m1 -o 'NOT linearizable.*' "$tmp/out")"
      echo "  reproduce: $bin run $scenario --seed $seed $*"
      ;;
    2)
      undecided=$((undecided + 1))
      echo "UNKNOWN: $scenario seed $seed (a checker ran out of budget)"
      ;;
    *)
      echo "ERROR: $scenario seed $seed exited $code:"
      sed 's/^/  /' "$tmp/out" | tail -5
      exit 2
      ;;
  esac
done
echo "$scenario: $seeds seeds: $valid valid, $violations violations, $undecided unknown"
if [ "$expect" = caught ]; then
  echo "NOT CAUGHT: no seed in 1..$seeds found the violation $scenario declares"
  exit 1
fi
[ "$violations" -eq 0 ] || exit 1
[ "$undecided" -eq 0 ] || exit 2
exit 0
