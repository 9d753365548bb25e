#!/usr/bin/env bash
# The project's rules as a test (as TigerBeetle's tidy): fails on
#   - a nondeterministic API on a simulation path (base/, sim/, scenario/, models/,
#     checkers/, viz/, and the example model in examples/);
#   - an #include that points up the layers of DESIGN.md, or yaml-cpp outside scenario/;
#   - iteration over a hash container in base/, sim/ or models/ (declaring one for look-ups is fine);
#   - two random draws in one unsequenced expression (tests/tidy_unsequenced_draws.pl), whose
#     order g++ and clang++ choose differently; the rule is first tried on planted examples.
set -u
cd "$(dirname "$0")/.."
status=0
fail() { echo "tidy: $*"; status=1; }

banned='system_clock|steady_clock|high_resolution_clock|random_device|absl::Now\(|BitGen|[^a-zA-Z_:.]rand\(|std::thread|getenv\(|#include <random>|#include <thread>|#include <unordered_'
hits=$(grep -rnE "$banned" base sim scenario models checkers viz examples --include='*.h' --include='*.cc' | grep -v '_test\.cc:' || true)
[ -z "$hits" ] || fail "nondeterministic API on a simulation path (use the simulator's clock and Rng):
$hits"

layer() { # folder, regex of folders it must not include
  local hits
  hits=$(grep -rnE "#include \"($2)/" "$1" --include='*.h' --include='*.cc' || true)
  [ -z "$hits" ] || fail "$1/ includes a layer above it:
$hits"
}
# base/ is below everything of ours; viz/ reads traces back and needs no simulator.
layer base 'sim|scenario|models|checkers|viz|cli|tests'
layer sim 'scenario|models|checkers|viz|cli|tests'
layer scenario 'models|checkers|viz|cli|tests'
layer checkers 'scenario|models|viz|cli|tests'
layer viz 'sim|scenario|models|checkers|cli|tests'
layer models 'scenario|checkers|viz|cli|tests'
# Only scenario/ parses YAML (sim/ reads plain spec structs).
hits=$(grep -rnE '#include [<"]yaml-cpp/' base sim models checkers viz cli --include='*.h' --include='*.cc' || true)
[ -z "$hits" ] || fail "yaml-cpp outside scenario/ (the loader is the only YAML reader):
$hits"
# checkers/ borrows only the seeded PRNG from sim/ (for its history generator and mutator).
hits=$(grep -rnE '#include "sim/' checkers --include='*.h' --include='*.cc' | grep -vE '"sim/rng\.h"' || true)
[ -z "$hits" ] || fail "checkers/ includes sim/ beyond sim/rng.h (put shared utilities in base/):
$hits"

# Hash containers are allowed for look-ups; iterating one (range-for or begin()) would
# make order depend on Abseil's per-process hash seed. Names are collected from every
# declaration, then searched in every file (a member is often declared in a header and
# used in several .cc files).
names=$(grep -rhoE '(flat_hash_(map|set)|node_hash_(map|set)|unordered_(map|set))<.*> +[a-z_]+_?;' \
          base sim models --include='*.h' --include='*.cc' | grep -oE '[a-z_]+_?;$' | tr -d ';' | sort -u)
for n in $names; do
  hits=$(grep -rnE "for *\(.*:[[:space:]]*(\*?this->)?${n}[[:space:]]*\)|\b${n}\.c?begin\(" \
           base sim models --include='*.h' --include='*.cc' | grep -v '_test\.cc:' || true)
  [ -z "$hits" ] || fail "iteration over hash container '$n' (order is not deterministic):
$hits"
done

# Two draws as arguments of one call (or operands of one +, <, ...) run in an order the
# compiler picks. The rule must first find exactly the planted BAD lines.
draws=tests/tidy_unsequenced_draws.pl
planted=tests/tidy/unsequenced_draws_planted.cc.txt
want=$(grep -n '// BAD:' "$planted" | cut -d: -f1 | tr '\n' ' ')
got=$(perl "$draws" "$planted" | cut -d: -f2 | tr '\n' ' ')
[ "$want" = "$got" ] || fail "the unsequenced-draw rule is broken: on $planted it reports lines
'$got', want '$want'"
hits=$(find base sim scenario models checkers viz cli examples \( -name '*.h' -o -name '*.cc' \) \
         ! -name '*_test.cc' -print0 | sort -z | xargs -0 perl "$draws" || true)
[ -z "$hits" ] || fail "random draws whose order the compiler picks (draw into named locals first):
$hits"

[ $status -eq 0 ] && echo "tidy: ok (determinism, draw order and layering rules hold)"
exit $status
