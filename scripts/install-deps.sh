#!/usr/bin/env bash
# Installs the Debian 12 packages faultline needs to build, test and draw (compilers,
# CMake and Ninja, Abseil, Boost.Program_options, GoogleTest, RapidCheck, Graphviz, clang
# for the sanitizer and fuzz build, python3 for the test scripts, chromium for the browser
# test). Idempotent; uses sudo when not run as root.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libabsl-dev libboost-program-options-dev libgtest-dev libgmock-dev librapidcheck-dev
  libyaml-cpp-dev nlohmann-json3-dev libbenchmark-dev graphviz
  libxml2-utils  # xmllint: the SVG and HTML tests check well-formedness with it
  librsvg2-bin   # rsvg-convert: SVG diagrams -> PNG for docs and slides (docs/diagrams.md)
  python3        # the end-to-end tests read results.json and reports with it
  parallel       # GNU parallel: tests/fuzz_recipes_test.sh runs the docs' sharding recipe
  chromium       # headless: tests/browser_test.sh loads the failure view in a real browser
  # The second compiler, for scripts/test.sh's sanitizer and fuzz build. libclang-rt-14-dev
  # (the ASan, UBSan and libFuzzer runtimes) is only a recommendation of clang-14.
  clang-14 libclang-rt-14-dev libfuzzer-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
