#!/usr/bin/env bash
# Fuzzes every reader of outside input (fuzz/: the scenario loader with --set, the three
# history readers, the trace reader and the check report reader) for SECONDS each
# (default 300), in the clang++ ASan+UBSan build that scripts/test.sh also uses. The grown
# corpora stay in build-clang-asan/fuzz/corpus/ for the next run; a finding is saved in
# build-clang-asan/fuzz/artifacts/ and should become a regression input under
# fuzz/regressions/TARGET/ once fixed.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # e.g. scripts/fuzz.sh 60 trace_reader
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift $(( $# > 0 ? 1 : 0 ))
build=build-clang-asan
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="${CXX_CLANG:-clang++-14}" \
  -DFAULTLINE_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFAULTLINE_SANITIZE=ON \
  -DFAULTLINE_FUZZ=ON -DFAULTLINE_BENCH=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario_loader history_faultline history_jepsen_etcd
                                     history_porcupine_kv trace_reader check_report)
fuzz_bins=()
for t in "${targets[@]}"; do fuzz_bins+=("fuzz_$t"); done
cmake --build "$build" -j"${JOBS:-2}" --target faultline "${fuzz_bins[@]}"
CORPUS_DIR=$build/fuzz/corpus fuzz/run.sh "$build" "$seconds" "${targets[@]}"
