#!/usr/bin/env bash
# Runs the README's "Using it" commands in order, as a new user would after the quick
# start, and checks each one's exit code: the one its comment names first ("# exit 1:
# ..."), else 0. Every command the README shows must work on a fresh clone.
#   tests/readme_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A working directory like a fresh clone's: the files the commands read, nothing written.
ln -s "$root/scenarios" "$tmp/scenarios"
mkdir -p "$tmp/tests" "$tmp/build"
ln -s "$root/tests/testdata" "$tmp/tests/testdata"
ln -s "$bin" "$tmp/build/faultline"
cd "$tmp"
passed=0
failed=0
# The quick start's first command ends by running the default scenario.
first=$(sed -n 's|^build/faultline run scenarios/quickstart.yaml$|&|p' "$root/scripts/setup.sh")
[ -n "$first" ] || { echo "FAIL: scripts/setup.sh no longer runs scenarios/quickstart.yaml"; exit 1; }
build/faultline run scenarios/quickstart.yaml >/dev/null 2>&1 || { echo "FAIL: the quick start's run failed"; exit 1; }
# The sh block under "## Using it".
commands=$(awk '/^## Using it/{u=1} u&&/^```sh/{b=1;next} b&&/^```/{exit} b' "$root/README.md")
[ -n "$commands" ] || { echo "FAIL: no sh block under '## Using it' in README.md"; exit 1; }
while IFS= read -r line; do
  [ -z "$line" ] && continue
  cmd=${line%%#*}
  want=0
  case "$line" in *"# exit "[0-9]*) want=$(sed -n 's/.*# exit \([0-9]*\).*/\1/p' <<<"$line") ;; esac
  bash -c "$cmd" >"$tmp/out" 2>&1
  got=$?
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: README command exited $got, want $want: $cmd"
    sed 's/^/  | /' "$tmp/out" | head -5
  fi
done <<<"$commands"
echo "readme_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -ge 5 ]
