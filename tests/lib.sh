# Shared by the shell tests (sourced after `cd` to the project root and `tmp=$(mktemp -d)`):
# pass/fail/skip counters and expect_exit, which runs a command with its stdout in
# $tmp/out and its stderr in $tmp/err and checks its exit code.
passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIPPED: $*"; }
expect_exit() { # want, description, command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, want $want"; sed 's/^/  | /' "$tmp/err" | head -5; fi
}
