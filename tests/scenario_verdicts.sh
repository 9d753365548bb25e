#!/usr/bin/env bash
# Checks a teaching scenario's declared verdicts over many seeds. A scenario declares them
# in its header comment, one line per checker:
#
#   # expect: linearizability valid            valid on every seed 1..20
#   # expect: read-your-writes invalid 12/20   invalid on at least 12 of seeds 1..20
#
# and this script runs the scenario on those seeds and reads each checker's verdict from
# results.json (`checkers.<name>.valid`).
#
#   tests/scenario_verdicts.sh FAULTLINE SCENARIO.yaml
#
# Exit 0 when every declared verdict holds, 1 when one does not (with the seeds that broke
# it and the command to rerun one), 64 on a malformed `# expect:` line or none at all.
# A scenario is a promise to a reader; a verdict that holds on only some seeds says so.
set -uo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 FAULTLINE SCENARIO.yaml" >&2
  exit 64
fi
bin=$1 scenario=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Each expectation: checker, want (valid|invalid), at-least count, out of seeds.
checkers=() wants=() mins=() ns=() seeds=0
while IFS= read -r line; do
  # shellcheck disable=SC2206
  words=($line)
  name=${words[0]:-} want=${words[1]:-} quota=${words[2]:-}
  case "$want" in
    valid)
      [ -z "$quota" ] || { echo "$scenario: '# expect: $line': 'valid' takes no count (it means every seed)" >&2; exit 64; }
      n=20 min=20 ;;
    invalid)
      if [[ ! "$quota" =~ ^([0-9]+)/([0-9]+)$ ]]; then
        echo "$scenario: '# expect: $line': write 'invalid K/N', e.g. 'invalid 12/20'" >&2
        exit 64
      fi
      min=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]}
      if [ "$min" -lt 1 ] || [ "$min" -gt "$n" ]; then
        echo "$scenario: '# expect: $line': K must be between 1 and N" >&2
        exit 64
      fi ;;
    *)
      echo "$scenario: '# expect: $line': expected 'CHECKER valid' or 'CHECKER invalid K/N'" >&2
      exit 64 ;;
  esac
  checkers+=("$name") wants+=("$want") mins+=("$min") ns+=("$n")
  [ "$n" -gt "$seeds" ] && seeds=$n
done < <(sed -n 's/^# expect: *//p' "$scenario")
if [ ${#checkers[@]} -eq 0 ]; then
  echo "$scenario: no '# expect: CHECKER valid|invalid K/N' line in its header" >&2
  exit 64
fi

# One results.json per seed; then the verdicts of every checker, as "seed name valid" lines.
for seed in $(seq 1 "$seeds"); do
  "$bin" run "$scenario" --seed "$seed" --out "$tmp/run" --quiet >"$tmp/out" 2>&1
  code=$?
  if [ "$code" -gt 2 ]; then
    echo "FAIL: $scenario seed $seed: faultline run exited $code"
    sed 's/^/  | /' "$tmp/out" | head -5
    exit 1
  fi
  cp "$tmp/run/results.json" "$tmp/results.$seed.json"
done
# One python3 for every seed (an interpreter start per seed is slow on some machines).
python3 - "$tmp" "$seeds" >"$tmp/verdicts" <<'PY'
import json, sys
for seed in range(1, int(sys.argv[2]) + 1):
    checkers = json.load(open(f"{sys.argv[1]}/results.{seed}.json")).get("checkers", {})
    for name, result in checkers.items():
        print(seed, name, json.dumps(result.get("valid")))
PY

status=0
for i in "${!checkers[@]}"; do
  name=${checkers[$i]} want=${wants[$i]} min=${mins[$i]} n=${ns[$i]}
  valid=$(awk -v c="$name" -v n="$n" '$1 <= n && $2 == c && $3 == "true"' "$tmp/verdicts" | wc -l)
  invalid=$(awk -v c="$name" -v n="$n" '$1 <= n && $2 == c && $3 == "false"' "$tmp/verdicts" | wc -l)
  seen=$(awk -v c="$name" -v n="$n" '$1 <= n && $2 == c' "$tmp/verdicts" | wc -l)
  if [ "$seen" -eq 0 ]; then
    echo "FAIL: $scenario: no run reported the checker '$name' (is it in the scenario's checkers:?)"
    status=1
    continue
  fi
  if [ "$want" = valid ]; then
    if [ "$valid" -eq 20 ]; then
      echo "ok: $scenario: $name valid on seeds 1..20"
    else
      echo "FAIL: $scenario: $name should be valid on every seed 1..20; $invalid invalid, $((seen - valid - invalid)) unknown"
      first=$(awk -v c="$name" '$2 == c && $3 != "true" { print $1; exit }' "$tmp/verdicts")
      echo "  rerun: faultline run $scenario --seed $first"
      status=1
    fi
  else
    if [ "$invalid" -ge "$min" ]; then
      echo "ok: $scenario: $name invalid on $invalid of seeds 1..$n (at least $min declared)"
    else
      echo "FAIL: $scenario: $name invalid on only $invalid of seeds 1..$n; the scenario declares at least $min"
      status=1
    fi
  fi
done
exit $status
