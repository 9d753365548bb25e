#!/usr/bin/env bash
# Checks every history in tests/testdata/porcupine (vendored from Porcupine, see its
# README.md for the licence) with `faultline check` and compares the verdict with
# expected.tsv (Porcupine's own verdicts):
#   tests/porcupine_verdicts.sh path/to/faultline [--skip-slow]
# --skip-slow leaves out the 50-client kv files (the sanitizer build is several times
# slower; the optimised build checks them).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
skip_slow=${2:-}
cd "$(dirname "$0")/.."
data=tests/testdata/porcupine
if [ ! -f "$data/expected.tsv" ]; then
  echo "porcupine_verdicts: $data/expected.tsv not found: the vendored test data is missing" >&2
  exit 1
fi
passed=0
failed=0
skipped=0
while IFS=$'\t' read -r file format model invocations infos processes expected; do
  [ "$file" = "file" ] && continue
  case "$file" in kv/c50-*) [ "$skip_slow" = "--skip-slow" ] && { skipped=$((skipped + 1)); continue; } ;; esac
  case "$format" in jepsen-etcd) m=register ;; *) m=kv ;; esac
  case "$expected" in linearizable) want=0 ;; not-linearizable) want=1 ;; *) want=0 ;; esac
  "$bin" check "$data/$file" --model "$m" --time-limit 300s >/dev/null 2>&1
  got=$?
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $file: exit $got, want $want ($expected)"
  fi
done <"$data/expected.tsv"
echo "porcupine_verdicts: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
