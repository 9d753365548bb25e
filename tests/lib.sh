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
# The checkers' tests: what a command printed (after expect_exit) and a report's fields.
expect_out() { # description, fixed string stdout must contain
  grep -qF -- "$2" "$tmp/out" && ok || { bad "$1: stdout lacks '$2'"; sed 's/^/  | /' "$tmp/out" | head -5; }
}
expect_err() { # description, fixed string stderr must contain
  grep -qF -- "$2" "$tmp/err" && ok || { bad "$1: stderr lacks '$2'"; sed 's/^/  | /' "$tmp/err" | head -3; }
}
json() { # file, a Python expression over its JSON as j: prints the expression's value
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}
