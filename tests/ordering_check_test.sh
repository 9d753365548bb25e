#!/usr/bin/env bash
# `faultline check --checkers ordering` end to end (docs/ordering-checker.md): the
# hand-written Maelstrom kafka histories of tests/testdata/maelstrom-kafka give their
# documented verdicts, a faultline broker history gives its anomalies and report, and bad
# input gives exit 64 or 65 with a message naming the fix.
#   tests/ordering_check_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
data=tests/testdata/maelstrom-kafka

# --- Maelstrom kafka histories (ours, hand-written to the documented shape). -------------
expect_exit 0 "valid.edn" "$bin" check "$data/valid.edn" --checkers ordering
expect_out "valid.edn verdict" "ordering (8 ops, 0 observations): valid"
expect_out "valid.edn nemesis note" "note: 2 op(s) with a non-integer :process (the nemesis) skipped"
expect_exit 1 "lost-write.edn" "$bin" check "$data/lost-write.edn" --checkers ordering --format maelstrom-kafka
expect_out "lost-write.edn verdict" "invalid: lost-write 1"
expect_out "lost-write.edn evidence" "  lost-write: 1; first: 1: 2 (offset 1), sent by op 2 (process 0)"
expect_exit 1 "skips.edn" "$bin" check "$data/skips.edn" --checkers ordering --report "$tmp/skips.json"
expect_out "skips.edn verdict" "invalid: nonmonotonic-poll 1, poll-skip 1"
[ "$(json "$tmp/skips.json" "(j['valid'], j['history']['format'], j['checkers']['ordering']['anomalies']['poll-skip']['count'])")" = "(False, 'maelstrom-kafka', 1)" ] \
  && ok || bad "skips.json lacks the verdict, format or poll-skip count"

# --- A faultline broker history: an order violation, a duplicate, a lost message. --------
cat >"$tmp/broker.jsonl" <<'LINES'
{"time":0,"process":1,"client":"c1","op":1,"type":"invoke","f":"send","key":"e7","value":1}
{"time":100000000,"process":1,"client":"c1","op":1,"type":"ok","f":"send","key":"e7","value":1}
{"time":200000000,"process":2,"client":"c2","op":2,"type":"invoke","f":"send","key":"e7","value":2}
{"time":300000000,"process":2,"client":"c2","op":2,"type":"ok","f":"send","key":"e7","value":2}
{"time":310000000,"process":2,"client":"c2","op":3,"type":"invoke","f":"send","key":"e8","value":1}
{"time":320000000,"process":2,"client":"c2","op":3,"type":"ok","f":"send","key":"e8","value":1}
{"time":900000000,"node":"n2","type":"observe","f":"requeue","key":"e7","value":1,"detail":{"op":1,"consumer":"n2","deliveries":1,"held_ns":4000000,"reason":"early"}}
{"time":2010000000,"node":"n5","type":"observe","f":"apply","key":"e7","value":2,"detail":{"op":2,"consumer":"n3","deliveries":1,"requeues":0}}
{"time":2450000000,"node":"n5","type":"observe","f":"apply","key":"e7","value":1,"detail":{"op":1,"consumer":"n2","deliveries":3,"requeues":2}}
{"time":2500000000,"node":"n5","type":"observe","f":"apply","key":"e7","value":1,"detail":{"op":1,"consumer":"n4","deliveries":4,"requeues":2}}
{"time":3000000000,"process":3,"client":"c3","op":4,"type":"invoke","f":"pending","key":null,"value":null}
{"time":3000000001,"process":3,"client":"c3","op":4,"type":"ok","f":"pending","key":null,"value":[]}
LINES
expect_exit 1 "broker history" "$bin" check "$tmp/broker.jsonl" --checkers ordering,exactly-once --report "$tmp/broker.json"
expect_out "broker verdict" "ordering (4 ops, 4 observations): invalid: lost 1, order-violation 1"
expect_out "exactly-once verdict" "exactly-once (4 ops, 4 observations): invalid: duplicate 1, lost 1, order-violation 1"
expect_out "order-violation evidence" "  order-violation: 1; first: e7: op 2 (c2) sent 2 after op 1 (c1) sent 1 was acknowledged (100ms), but 2 was applied first: 2 at 2.01s (consumer n3, delivery 1, 0 requeues), 1 at 2.45s (consumer n2, delivery 3, 2 requeues)"
expect_out "lost evidence" "  lost: 1; first: e8: 1 (op 3, c2) acknowledged at 320ms, never applied and not pending at the end (op 4 (c3) at 3.000000001s)"
m="j['checkers']['ordering']['metrics']"
[ "$(json "$tmp/broker.json" "($m['messages'], $m['requeues'], $m['requeue_wasted_ns'], $m['duplicates'], $m['order_violations'], $m['lost'])")" = "(3, 1, 4000000, 1, 1, 1)" ] \
  && ok || bad "broker metrics: $(json "$tmp/broker.json" "$m")"
[ "$(json "$tmp/broker.json" "(j['checkers']['ordering']['anomalies']['duplicate']['decides'], j['checkers']['exactly-once']['anomalies']['duplicate']['decides'])")" = "(False, True)" ] \
  && ok || bad "duplicate decides only under exactly-once"

# --- Bad input and flags. ----------------------------------------------------------------
expect_exit 65 "observe line to the kv checkers" "$bin" check "$tmp/broker.jsonl" --model kv
expect_err "observe line names the fix" "check this history with --checkers ordering"
expect_exit 64 "ordering with a kv checker" "$bin" check "$tmp/broker.jsonl" --checkers ordering,session
expect_exit 64 "ordering with --model" "$bin" check "$tmp/broker.jsonl" --checkers ordering --model kv
expect_exit 64 "unknown messaging format" "$bin" check "$tmp/broker.jsonl" --checkers ordering --format kafka
expect_err "format names the choices" "auto, faultline or maelstrom-kafka"
printf '%s\n' '{"time":1,"type":"observe","f":"apply","key":"e1","value":1}' >"$tmp/nonode.jsonl"
expect_exit 65 "observe without node" "$bin" check "$tmp/nonode.jsonl" --checkers ordering
expect_err "observe without node names the line" "nonode.jsonl:1: expected a \"node\" field"
expect_exit 64 "maelstrom-kafka without ordering" "$bin" check "$data/valid.edn" --format maelstrom-kafka --model kv
expect_err "maelstrom-kafka names the fix" "add --checkers ordering"
expect_exit 65 "EDN read as faultline" "$bin" check "$data/valid.edn" --checkers ordering --format faultline

# --- faultline list checkers. ------------------------------------------------------------
expect_exit 0 "list checkers" "$bin" list checkers
expect_out "list ordering" "ordering            messaging: per-key apply order"
expect_out "list exactly-once" "exactly-once        ordering, and a message applied or stored twice"

echo "ordering_check_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
