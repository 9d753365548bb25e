#!/usr/bin/env bash
# Quick start, step 1: install dependencies, build faultline (optimised), and run the
# default scenario. The binary ends up at build/faultline.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2 --target faultline
echo
build/faultline run scenarios/quickstart.yaml
