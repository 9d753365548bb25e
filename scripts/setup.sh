#!/usr/bin/env bash
# Quick start, step 1: install dependencies, build faultline (optimised), and run the
# default scenario. The binary ends up at build/faultline.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The same configuration as scripts/test.sh's optimised build, so the tests that follow
# build on this one instead of starting again.
cmake -S . -B build -G Ninja -DFAULTLINE_WERROR=ON -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target faultline
echo
build/faultline run scenarios/quickstart.yaml
