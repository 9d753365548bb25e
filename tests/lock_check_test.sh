#!/usr/bin/env bash
# `faultline check --checkers mutual-exclusion,mutex` end to end (docs/lock-checker.md): the
# hand-written lock histories of checkers/locks/testdata give their documented verdicts,
# evidence and report, and bad input gives exit 64 or 65 with a message naming the fix.
#   tests/lock_check_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
data=checkers/locks/testdata

# --- Verdicts. ---------------------------------------------------------------------------
expect_exit 0 "clean" "$bin" check "$data/clean.jsonl" --checkers mutual-exclusion,mutex --report "$tmp/clean.json"
expect_out "clean verdict" "mutual-exclusion (4 requests, 11 observations): valid"
expect_out "clean mutex" "mutex (4 requests, 11 observations): linearizable (2 acquire and 2 release ops)"
m="j['checkers']['mutual-exclusion']['metrics']"
[ "$(json "$tmp/clean.json" "(j['valid'], $m['ok'], $m['qps'], $m['retries_per_acquisition'], $m['pod_share_max'], $m['server_utilisation'])")" = "(True, 2, 66.666667, 1, 0.5, 0.009)" ] \
  && ok || bad "clean metrics: $(json "$tmp/clean.json" "$m")"

expect_exit 1 "paused holder" "$bin" check "$data/paused-unfenced.jsonl" --checkers mutual-exclusion
expect_out "paused verdict" "invalid: overlap 1, stale-write 1"
expect_out "paused evidence names the pause" "n2 was paused for 2.1s from 1.25s: its pause monitor's tick fired late"
expect_out "paused evidence names the TTL overrun" "2.369s past its TTL"

expect_exit 0 "fenced" "$bin" check "$data/paused-fenced.jsonl" --checkers mutual-exclusion --report "$tmp/fenced.json"
expect_out "fenced verdict" "valid (what follows does not decide)"
[ "$(json "$tmp/fenced.json" "(j['checkers']['mutual-exclusion']['metrics']['overlaps_fenced'], j['checkers']['mutual-exclusion']['anomalies']['overlap-fenced']['decides'])")" = "(1, False)" ] \
  && ok || bad "fenced.json lacks overlaps_fenced 1 or says it decides"
expect_exit 1 "fenced, as a mutex" "$bin" check "$data/paused-fenced.jsonl" --checkers mutex
expect_out "a lease expired under its holder" "the lease expired under it"

expect_exit 1 "redlock" "$bin" check "$data/redlock-clock-jump.jsonl" --checkers mutual-exclusion
expect_out "redlock cites previous_expired" "n1's grant to n7/t1 at 301ms (line 7) has previous_expired"

# --- Bad input and flags. ----------------------------------------------------------------
printf '%s\n' '{"time":1,"node":"n2","type":"observe","f":"acquire","key":"L1","value":3,"detail":{"thread":"t1","op":1,"attempts":1,"ttl_ns":5}}' >"$tmp/bad.jsonl"
expect_exit 65 "acquire without wait_ns" "$bin" check "$tmp/bad.jsonl" --checkers mutual-exclusion
expect_err "names the line and field" "bad.jsonl:1: expected detail \"wait_ns\" on an acquire line"
expect_exit 65 "lock history to the kv checkers" "$bin" check "$data/clean.jsonl" --model kv
expect_err "kv reader names the lock checkers" "--checkers mutual-exclusion,mutex"
expect_exit 64 "lock checker with a kv checker" "$bin" check "$data/clean.jsonl" --checkers mutex,session
expect_exit 64 "lock checker with --model" "$bin" check "$data/clean.jsonl" --checkers mutex --model mutex
expect_err "--model refused" "--model does not apply to the lock checkers"
expect_exit 64 "lock checker with a foreign format" "$bin" check "$data/clean.jsonl" --checkers mutex --format jepsen-edn
expect_exit 64 "bad time limit" "$bin" check "$data/clean.jsonl" --checkers mutex --time-limit 0s
expect_exit 65 "missing file" "$bin" check "$tmp/none.jsonl" --checkers mutex
expect_err "missing file named" "none.jsonl: cannot open the history file"

# --- faultline list checkers. ------------------------------------------------------------
expect_exit 0 "list checkers" "$bin" list checkers
expect_out "list mutual-exclusion" "mutual-exclusion    locks: two holders at once"
expect_out "list mutex" "mutex               locks: the pods' acquire/release ops"

echo "lock_check_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
