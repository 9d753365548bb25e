#!/usr/bin/env bash
# Builds this example against an INSTALLED faultline and runs it: proof that a model
# written outside the tree needs nothing but the install.
#
#   examples/out_of_tree_model/build_and_run.sh [INSTALL_PREFIX]    # default /usr/local
#
# In a temporary directory it configures with -DCMAKE_PREFIX_PATH=INSTALL_PREFIX (and
# checks that find_package found faultline there, not in some build tree), builds with
# warnings as errors, runs the unit tests when GoogleTest is installed, then checks that
#   - `counter_sim list models` lists example.counter beside the built-in models;
#   - `counter_sim run scenario.yaml` exits as the scenario's header says
#     ("# faultline run exits N"), results.json's "valid" agrees, and its reproduce
#     command reruns counter_sim (the stock binary lacks the model);
#   - `counter_sim replay` of that run reproduces its trace hash;
#   - with the planted bug turned off (--set cluster.params.bug=none) the run is valid.
# Exits non-zero on the first check that fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "${1:-/usr/local}" && pwd)
jobs=${JOBS:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "example: FAILED: $*" >&2; exit 1; }

echo "example: configure and build $here against $prefix"
cmake -S "$here" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >"$tmp/configure.log" ||
  { cat "$tmp/configure.log"; fail "cmake configure"; }
found=$(sed -n 's/^faultline_DIR:PATH=//p' "$tmp/build/CMakeCache.txt")
case "$found" in
  "$prefix"/*) echo "example: find_package(faultline) used $found" ;;
  *) fail "find_package(faultline) found '$found', not the install under $prefix" ;;
esac
cmake --build "$tmp/build" -j"$jobs" >"$tmp/build.log" || { cat "$tmp/build.log"; fail "build"; }
if [ -x "$tmp/build/counter_test" ]; then
  ctest --test-dir "$tmp/build" --output-on-failure >"$tmp/ctest.log" ||
    { cat "$tmp/ctest.log"; fail "unit tests"; }
  echo "example: unit tests passed"
else
  echo "example: GoogleTest not found; unit tests skipped"
fi
bin="$tmp/build/counter_sim"

"$bin" list models >"$tmp/models.txt" || fail "counter_sim list models"
grep -qx 'example.counter' "$tmp/models.txt" || fail "list models does not show example.counter"
grep -qx 'kv.primary-backup' "$tmp/models.txt" || fail "list models lost the built-in models"
echo "example: list models shows example.counter and the built-in models"

want=$(sed -n 's/^# faultline run exits \([0-9]\).*/\1/p' "$here/scenario.yaml" | head -1)
[ -n "$want" ] || fail "scenario.yaml's header declares no '# faultline run exits N'"
got=0
"$bin" run "$here/scenario.yaml" --out "$tmp/run" --quiet >"$tmp/run.log" 2>&1 || got=$?
[ "$got" = "$want" ] || { cat "$tmp/run.log"; fail "run exited $got; the scenario declares $want"; }
valid=$(grep -oE '"valid": ?(true|false|"unknown")' "$tmp/run/results.json" | head -1 || true)
case "$want:$valid" in
  0:*true | 1:*false) ;;
  *) fail "results.json says $valid for a run that exits $want" ;;
esac
grep -qE '"reproduce": *"[^ ]*counter_sim run ' "$tmp/run/results.json" ||
  fail "results.json's reproduce command does not rerun counter_sim"
echo "example: run scenario.yaml exited $got as declared ($valid)"

"$bin" replay "$tmp/run" >"$tmp/replay.log" 2>&1 || { cat "$tmp/replay.log"; fail "replay"; }
echo "example: replay reproduced the trace hash"

"$bin" run "$here/scenario.yaml" --set cluster.params.bug=none --out "$tmp/fixed" --quiet \
  >"$tmp/fixed.log" 2>&1 || { cat "$tmp/fixed.log"; fail "with bug=none the run is not valid"; }
echo "example: with bug=none the same run is valid"
echo "example: ok"
