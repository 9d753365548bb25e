#!/usr/bin/env bash
# Checks every history in tests/testdata/knossos (vendored from Knossos, see its README.md
# for the licence) with `faultline check FILE --model register --initial 0`, as Knossos
# checks them with (cas-register 0), and compares the verdict with the one its directory
# names: good/ linearizable (exit 0), bad/ not linearizable (exit 1, and the violation
# names the op that cannot be placed). Then the flags that make those verdicts:
# --semantics, --initial, and their errors.
#   tests/knossos_verdicts.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
data=tests/testdata/knossos
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh
shopt -s nullglob
files=("$data"/good/*.edn "$data"/bad/*.edn)
if [ ${#files[@]} -eq 0 ]; then
  echo "knossos_verdicts: no histories in $data: the vendored test data is missing" >&2
  exit 1
fi
for file in "${files[@]}"; do
  case "$file" in */good/*) want=0 ;; *) want=1 ;; esac
  expect_exit "$want" "$file" "$bin" check "$file" --model register --initial 0 --time-limit 300s
  # Read as Jepsen's EDN with Knossos' semantics, by detection and by default.
  grep -q "(jepsen-edn, " "$tmp/out" || bad "$file: not read as jepsen-edn: $(head -n 1 "$tmp/out")"
  grep -q "^semantics: knossos (the format's default)" "$tmp/out" ||
    bad "$file: not checked with Knossos' semantics"
  if [ "$want" = 1 ]; then
    # The line after "cannot be placed next:" describes the op: "  op N (process P) f ... line L".
    stuck=$(grep -A1 "^cannot be placed next:" "$tmp/out" | tail -n 1)
    if echo "$stuck" | grep -Eq "^  op [0-9]+ \(process [0-9]+\) (read|write|cas) .* line [0-9]+$"; then ok; else
      bad "$file: the violation names no op (got '$stuck')"
    fi
  fi
done

# The semantics matter: memstress3-99 has ok reads of nil, which Knossos ignores and
# Porcupine's reading (the register was empty) cannot place.
expect_exit 1 "memstress3-99 with Porcupine's semantics" \
  "$bin" check "$data/good/memstress3-99.edn" --model register --initial 0 --semantics porcupine
# So does the initial value: a first read of 0 needs --initial 0 (none of the vendored
# histories reads before a write, so a small one shows it).
cat >"$tmp/reads-zero.edn" <<'EDN'
[{:process 0, :type :invoke, :f :read, :value nil}
 {:process 0, :type :ok, :f :read, :value 0}
 {:process 1, :type :invoke, :f :cas, :value [0 4]}
 {:process 1, :type :ok, :f :cas, :value [0 4]}]
EDN
expect_exit 1 "a read of 0 from a register that starts at nil" \
  "$bin" check "$tmp/reads-zero.edn" --model register
expect_exit 0 "a read of 0 with --initial 0" \
  "$bin" check "$tmp/reads-zero.edn" --model register --initial 0
grep -q "^model: register (initial value 0)" "$tmp/out" || bad "--initial 0 is not in the header"

# Bad --initial and --semantics values are usage errors that name the fix.
for v in x 1.5 "" "+1" "0x10" " 1" 99999999999999999999; do
  expect_exit 64 "--initial '$v'" "$bin" check "$tmp/reads-zero.edn" --model register --initial "$v"
  grep -q "initial must be an integer of at most 64 bits or nil" "$tmp/err" ||
    bad "--initial '$v': $(cat "$tmp/err")"
done
expect_exit 64 "--initial with --model counter" \
  "$bin" check "$tmp/reads-zero.edn" --model counter --initial 0
grep -q "initial applies to --model register or kv" "$tmp/err" ||
  bad "--initial with counter: $(cat "$tmp/err")"
expect_exit 64 "--semantics jepsen" \
  "$bin" check "$tmp/reads-zero.edn" --model register --semantics jepsen
grep -q "expected faultline, knossos or porcupine" "$tmp/err" || bad "--semantics: $(cat "$tmp/err")"

# A malformed history.edn is exit 65 with FILE:LINE:COLUMN.
printf '[{:process 0, :type :invoke, :f :write, :value 1}\n {:process 0 :type :ok}]\n' \
  >"$tmp/bad.edn"
expect_exit 65 "a malformed history.edn" "$bin" check "$tmp/bad.edn" --model register
grep -q "bad.edn:2:2: expected a :f field" "$tmp/err" || bad "malformed edn: $(cat "$tmp/err")"

echo "knossos_verdicts: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
