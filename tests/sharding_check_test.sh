#!/usr/bin/env bash
# `faultline check --checkers sharding` end to end (docs/sharding-checker.md): the
# hand-written router histories of checkers/sharding/testdata give their documented
# verdicts, text report and metrics, alone and beside the kv checkers on the same file,
# and bad input gives exit 64 or 65 with a message naming the fix.
#   tests/sharding_check_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
data=checkers/sharding/testdata

# --- Verdicts and the text report. --------------------------------------------------------
expect_exit 0 "migration" "$bin" check "$data/migration.jsonl" --checkers sharding --report "$tmp/m.json"
expect_out "migration verdict" "sharding (4 ops, 15 observations): valid"
expect_out "migration phases" "  migration m1 (from 0, to 3, keys 10): registration 10ms, bulk-import 30ms, async-replication 10ms, validation 5ms, cutover 6ms, cleanup 9ms; done after 70ms; cutover hold 4ms (1 held, 0 failed)"
expect_out "keys moved" "  add shard4: 4 -> 5 shards: 7962 of 10000 keys moved (79.6%), hash-mod"
expect_out "imbalance" "  imbalance (busiest shard over the mean): whole run 1.20; per window mean 1.17, p50 1.00, max 1.33 over 2 loaded windows"
expect_out "hot shard" "  hot shard: shard0 with 60.0% of 100 routed requests over 2 shards; the hottest key 12.0%"
expect_out "cutover" "  cutover holds: longest 4ms, 1 requests held, 0 failed; op latency p99 4ms during holds, 2ms outside"
m="j['checkers']['sharding']['metrics']"
[ "$(json "$tmp/m.json" "(j['valid'], $m['imbalance_max'], $m['keys_moved'], $m['keys_moved_fraction'], $m['migration_ns_max'], $m['directory_misses'], $m['requests_routed'])")" = "(True, 1.333333, 7962, 0.7962, 70000000, 2, 100)" ] \
  && ok || bad "migration metrics: $(json "$tmp/m.json" "$m")"
[ "$(json "$tmp/m.json" "(j['checkers']['sharding']['imbalance_over_time'], [p['phase'] for p in j['checkers']['sharding']['migrations'][0]['phases']][-1])")" = "([[100000000, 1.333333], [200000000, 1]], 'done')" ] \
  && ok || bad "migration report lacks imbalance_over_time or the phases"

expect_exit 1 "unfinished" "$bin" check "$data/unfinished.jsonl" --checkers sharding
expect_out "unfinished verdict" "invalid: migration-unfinished 1"
expect_out "unfinished evidence" "m1: registered at t=120ms, last phase cutover at t=175ms; never done by the history's end at t=203ms"
expect_exit 1 "out of order" "$bin" check "$data/out-of-order.jsonl" --checkers sharding
expect_out "out-of-order verdict" "invalid: phase-order 3"
expect_out "out-of-order evidence" "phase-order: 3; first: m1: cutover (line 12, t=160ms) after bulk-import (line 11): async-replication left out"

# --- Beside the kv checkers, which skip the router's lines. -------------------------------
expect_exit 0 "with linearizability" "$bin" check "$data/migration.jsonl" --checkers linearizability,lost-writes,sharding --model kv --report "$tmp/both.json"
expect_out "kv checkers skip the observe lines" "15 observe lines"
[ "$(json "$tmp/both.json" "(j['valid'], j['checkers']['linearizability']['valid'], j['checkers']['sharding']['metrics']['migrations_done'], j['history']['ops'])")" = "(True, True, 1, 4)" ] \
  && ok || bad "both.json lacks both checkers' verdicts"
expect_exit 1 "with linearizability, unfinished" "$bin" check "$data/unfinished.jsonl" --checkers linearizability,sharding --model kv

# --- Listed. -------------------------------------------------------------------------------
expect_exit 0 "list checkers" "$bin" list checkers
expect_out "sharding listed" "sharding            sharded stores: migration phases in order and done"

# --- Bad input. ----------------------------------------------------------------------------
expect_exit 64 "--model alone" "$bin" check "$data/migration.jsonl" --checkers sharding --model kv
expect_err "--model names the fix" "--model does not apply to the sharding checker; drop it"
expect_exit 64 "--format" "$bin" check "$data/migration.jsonl" --checkers sharding --format jepsen-etcd
expect_err "--format names the fix" "the sharding checker reads faultline's history.jsonl only"
sed 's/"value":30,/"value":"30",/' "$data/migration.jsonl" >"$tmp/badload.jsonl"
expect_exit 65 "load value a string" "$bin" check "$tmp/badload.jsonl" --checkers sharding
expect_err "load value names the line" "badload.jsonl:5: expected \"value\" on a load line (requests routed to the shard) to be an integer"
sed 's/"value":"bulk-import"/"value":"bulk-copy"/' "$data/migration.jsonl" >"$tmp/badphase.jsonl"
expect_exit 65 "unknown phase" "$bin" check "$tmp/badphase.jsonl" --checkers sharding
expect_err "unknown phase names the line" "badphase.jsonl:11: expected a phase's value to be one of registration, bulk-import"
expect_exit 65 "unknown phase, beside linearizability" "$bin" check "$tmp/badphase.jsonl" --checkers linearizability,sharding --model kv
expect_exit 65 "missing file" "$bin" check "$tmp/none.jsonl" --checkers sharding
expect_err "missing file named" "none.jsonl: cannot open the history file"

echo "sharding_check_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
