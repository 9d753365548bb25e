#!/usr/bin/env bash
# Quick start, step 2 (and what CI runs): builds with warnings as errors and runs every
# test twice, in an optimised build and in an ASan+UBSan build, then checks that both
# builds give the same trace hash for every scenario and several seeds. After the
# optimised build's tests it installs that build into a temporary prefix and builds and
# runs examples/out_of_tree_model against the install only.
#   scripts/test.sh            # both builds
#   FAULTLINE_SKIP_SANITIZE=1 scripts/test.sh   # the optimised build only (quicker)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}

build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja -DFAULTLINE_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
}

echo "== optimised build (Release, -Werror)"
build build-release -DCMAKE_BUILD_TYPE=Release
(cd build-release && ctest --output-on-failure -j"$jobs")

echo "== install, then build and run a model outside the tree against the install only"
install_dir=$(mktemp -d)
tmp=""
trap 'rm -rf "$install_dir" ${tmp:+"$tmp"}' EXIT
echo "cmake --install build-release --prefix $install_dir"
cmake --install build-release --prefix "$install_dir" >/dev/null
JOBS=$jobs examples/out_of_tree_model/build_and_run.sh "$install_dir"

if [ "${FAULTLINE_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== sanitizer build (ASan+UBSan, -O1, -Werror)"
  build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAULTLINE_SANITIZE=ON -DFAULTLINE_BENCH=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g"
  (cd build-asan && ctest --output-on-failure -j"$jobs")

  echo "== determinism across builds: same scenario and seed => same trace hash"
  tmp=$(mktemp -d)
  mismatches=0
  checked=0
  for s in scenarios/*.yaml; do
    for seed in 1 2 3; do
      # A scenario whose checker finds a violation exits 1; only the hash matters here.
      a=$(build-release/faultline run "$s" --seed "$seed" --out "$tmp/r" --quiet | grep -o 'trace_hash=[0-9a-f]*' || true)
      b=$(build-asan/faultline run "$s" --seed "$seed" --out "$tmp/a" --quiet | grep -o 'trace_hash=[0-9a-f]*' || true)
      checked=$((checked + 1))
      if [ -z "$a" ] || [ "$a" != "$b" ]; then
        echo "DIVERGED: $s seed $seed: release $a, asan $b"
        mismatches=$((mismatches + 1))
      fi
    done
  done
  echo "cross-build determinism: $((checked - mismatches)) passed, $mismatches failed"
  [ "$mismatches" -eq 0 ]
fi
echo "== all tests passed"
