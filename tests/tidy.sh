#!/usr/bin/env bash
# The project's rules as a test (as TigerBeetle's tidy): fails on
#   - a nondeterministic API on a simulation path (sim/, models/, checkers/, viz/);
#   - an #include that points up the layers of DESIGN.md;
#   - iteration over a hash container in sim/ or models/ (declaring one for look-ups is fine).
set -u
cd "$(dirname "$0")/.."
status=0
fail() { echo "tidy: $*"; status=1; }

banned='system_clock|steady_clock|high_resolution_clock|random_device|absl::Now\(|BitGen|[^a-zA-Z_:.]rand\(|std::thread|getenv\(|#include <random>|#include <thread>|#include <unordered_'
hits=$(grep -rnE "$banned" sim models checkers viz --include='*.h' --include='*.cc' | grep -v '_test\.cc:' || true)
[ -z "$hits" ] || fail "nondeterministic API on a simulation path (use the simulator's clock and Rng):
$hits"

layer() { # folder, regex of folders it must not include
  local hits
  hits=$(grep -rnE "#include \"($2)/" "$1" --include='*.h' --include='*.cc' || true)
  [ -z "$hits" ] || fail "$1/ includes a layer above it:
$hits"
}
layer sim 'models|checkers|viz|cli|tests'
layer checkers 'models|viz|cli'
layer viz 'models|checkers|cli'
layer models 'checkers|viz|cli'

# Hash containers are allowed for look-ups; iterating one (range-for or begin()) would
# make order depend on Abseil's per-process hash seed. Names are collected from every
# declaration, then searched in every file (a member is often declared in a header and
# used in several .cc files).
names=$(grep -rhoE '(flat_hash_(map|set)|node_hash_(map|set)|unordered_(map|set))<.*> +[a-z_]+_?;' \
          sim models --include='*.h' --include='*.cc' | grep -oE '[a-z_]+_?;$' | tr -d ';' | sort -u)
for n in $names; do
  hits=$(grep -rnE "for *\(.*:[[:space:]]*(\*?this->)?${n}[[:space:]]*\)|\b${n}\.c?begin\(" \
           sim models --include='*.h' --include='*.cc' | grep -v '_test\.cc:' || true)
  [ -z "$hits" ] || fail "iteration over hash container '$n' (order is not deterministic):
$hits"
done

[ $status -eq 0 ] && echo "tidy: ok (determinism and layering rules hold)"
exit $status
