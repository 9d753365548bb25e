#!/usr/bin/env bash
# End-to-end tests of the consistency checkers (docs/consistency-checkers.md): scenario
# runs that list them, and `faultline check --checkers` on hand-written histories.
#   tests/consistency_checkers_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
# json FILE EXPR: prints the Python expression over the parsed file `j`.
all='checkers=[linearizability, session, staleness, lost-writes]'

# --- A lagging replica serves reads: stale reads and monotonic-read violations. -----------
expect_exit 1 "replica-reads-are-stale with every checker" "$bin" run scenarios/replica-reads-are-stale.yaml \
  --set "$all" --out "$tmp/stale" --quiet
for name in read-your-writes monotonic-reads monotonic-writes writes-follow-reads staleness lost-writes; do
  grep -q "^checker     $name (" "$tmp/out" && ok || bad "summary lacks a line for $name"
done
expect_out "monotonic-reads summary" "checker     monotonic-reads (1627 ops): "
r="$tmp/stale/results.json"
[ "$(json "$r" "j['valid']")" = "False" ] && ok || bad "results.json valid is not false"
[ "$(json "$r" "j['checkers']['monotonic-reads']['valid']")" = "False" ] && ok || bad "monotonic-reads not invalid"
[ "$(json "$r" "j['checkers']['monotonic-reads']['violations'] > 0")" = "True" ] && ok || bad "no monotonic-reads violations counted"
[ "$(json "$r" "len(j['checkers']['monotonic-reads']['evidence']) == min(10, j['checkers']['monotonic-reads']['violations'])")" = "True" ] \
  && ok || bad "evidence is not the first min(10, n) violations"
[ "$(json "$r" "j['checkers']['monotonic-reads']['evidence'][0]['ops'][0]['role']")" = "read" ] && ok || bad "evidence op lacks its role"
[ "$(json "$r" "j['checkers']['staleness']['verdict']")" = "measured" ] && ok || bad "staleness verdict is not measured"
[ "$(json "$r" "j['checkers']['staleness']['valid']")" = "True" ] && ok || bad "staleness is not valid: true"
[ "$(json "$r" "j['checkers']['staleness']['stale_reads'] > 0 and 0 < j['checkers']['staleness']['stale_read_ratio'] < 1")" = "True" ] \
  && ok || bad "no stale reads measured on a lagging replica"
[ "$(json "$r" "sorted(j['checkers']['staleness']['versions_behind']) == ['max','p50','p95','p99'] and j['checkers']['staleness']['versions_behind']['max'] >= 1")" = "True" ] \
  && ok || bad "versions_behind lacks its percentiles"
[ "$(json "$r" "[p['t_ns'] for p in j['checkers']['staleness']['t_visibility']] == sorted(p['t_ns'] for p in j['checkers']['staleness']['t_visibility']) and all(p['fresh'] <= p['pairs'] and sorted(p) == ['fresh','pairs','probability','t_ns'] for p in j['checkers']['staleness']['t_visibility'])")" = "True" ] \
  && ok || bad "t_visibility points are not {t_ns, pairs, fresh, probability} in increasing t"
# The writes still reach the primary: nothing is lost.
[ "$(json "$r" "j['checkers']['lost-writes']['valid']")" = "True" ] && ok || bad "lost-writes invalid on a scenario that loses nothing"

# --- Sync replication, reads from the primary: no violation, no stale read. ---------------
expect_exit 0 "sync-stalls-on-partition with every checker" "$bin" run scenarios/sync-stalls-on-partition.yaml \
  --set "$all" --out "$tmp/sync" --quiet
r="$tmp/sync/results.json"
[ "$(json "$r" "all(c['valid'] is True for c in j['checkers'].values()) and len(j['checkers']) == 7")" = "True" ] \
  && ok || bad "sync primary-backup: a checker found something"
[ "$(json "$r" "j['checkers']['staleness']['stale_reads']")" = "0" ] && ok || bad "sync primary-backup has stale reads"

# --- Scenario errors. ---------------------------------------------------------------------
expect_exit 65 "unknown checker in a scenario" "$bin" run scenarios/quickstart.yaml --set 'checkers=[sesion]' --out "$tmp/x" --quiet
expect_err "unknown checker names the choices" "unknown checker 'sesion'"
expect_exit 65 "checkers without history.jsonl" "$bin" run scenarios/quickstart.yaml --set 'checkers=[staleness]' \
  --set 'outputs=[results.json]' --out "$tmp/y" --quiet
expect_err "history.jsonl is required" "checkers: staleness reads the run's history; add history.jsonl to outputs"

# --- faultline check on hand-written histories. -------------------------------------------
ev() { # time process type f key value
  printf '{"time":%s,"process":%s,"type":"%s","f":"%s","key":"%s","value":%s}\n' "$@"
}
{ # process 0 writes 1 then 2; process 1 reads 2, then 1 (monotonic reads and writes broken)
  ev 0 0 invoke write k 1; ev 10 0 ok write k 1
  ev 20 0 invoke write k 2; ev 30 0 ok write k 2
  ev 40 1 invoke read k null; ev 50 1 ok read k 2
  ev 60 1 invoke read k null; ev 70 1 ok read k 1
} >"$tmp/backwards.jsonl"
expect_exit 1 "check a reader going backwards" "$bin" check "$tmp/backwards.jsonl" --checkers session,lost-writes,staleness \
  --report "$tmp/report.json"
expect_out "monotonic-reads violated" "monotonic-reads: violated (1 violation on key k; 4 ops judged)"
expect_out "evidence names the read" "(process 1) read k -> 1 at 60ns after it read 2 at 40ns"
expect_out "read-your-writes satisfied" "read-your-writes: satisfied"
# The final read returns 1, older than the acked 2: lost, and the writes observed out of order.
expect_out "lost write" "(process 0) wrote 2 to k (acked at 30ns); 1 final read returns 1, all older"
[ "$(json "$tmp/report.json" "(j['valid'], sorted(j['checkers']), j['checkers']['monotonic-writes']['violations'])")" = \
  "(False, ['lost-writes', 'monotonic-reads', 'monotonic-writes', 'read-your-writes', 'staleness', 'writes-follow-reads'], 1)" ] \
  && ok || bad "report lacks the checkers' verdicts"

{ # the same reads, but the two writes overlap: no order, nothing to flag
  ev 0 0 invoke write k 1; ev 25 2 invoke write k 2; ev 30 0 ok write k 1; ev 35 2 ok write k 2
  ev 40 1 invoke read k null; ev 50 1 ok read k 2
  ev 60 1 invoke read k null; ev 70 1 ok read k 1
} >"$tmp/concurrent.jsonl"
expect_exit 0 "check concurrent writes read in either order" "$bin" check "$tmp/concurrent.jsonl" --checkers session,lost-writes,staleness
expect_out "nothing stale" "0 of 2 reads stale"

{ # siblings [1,2]: contains the session's own write 2
  ev 0 0 invoke write k 1; ev 10 0 ok write k 1
  ev 20 1 invoke write k 2; ev 30 1 ok write k 2
  ev 40 1 invoke read k null; ev 50 1 ok read k '[2,1]'
} >"$tmp/siblings.jsonl"
expect_exit 0 "check a sibling read containing the own write" "$bin" check "$tmp/siblings.jsonl" --checkers read-your-writes
sed -i 's/\[2,1\]/[1]/' "$tmp/siblings.jsonl"
expect_exit 1 "check a sibling read missing the own write" "$bin" check "$tmp/siblings.jsonl" --checkers read-your-writes
expect_out "siblings print as a list" "(process 1) read k -> [1] at 40ns after its write of 2 was acked"

# Linearizability stays the default and still needs --model; the others need none.
expect_exit 64 "default checker without --model" "$bin" check "$tmp/backwards.jsonl"
expect_exit 1 "linearizability and staleness together" "$bin" check "$tmp/backwards.jsonl" --checkers linearizability,staleness --model kv
expect_out "linearizability verdict printed" "verdict: not linearizable"
expect_out "staleness measured" "staleness: measured"
expect_exit 64 "unknown --checkers name" "$bin" check "$tmp/backwards.jsonl" --checkers session,stalenes
expect_err "unknown name lists the checkers" "unknown checker 'stalenes'; did you mean 'staleness'?; expected one of: linearizability, session,"
expect_exit 64 "--model without linearizability" "$bin" check "$tmp/backwards.jsonl" --checkers staleness --model kv
expect_exit 64 "--t-bucket of zero" "$bin" check "$tmp/backwards.jsonl" --checkers staleness --t-bucket 0ms
expect_exit 65 "ops the consistency checkers do not judge" "$bin" check tests/testdata/porcupine/kv/c01-ok.txt --checkers session
expect_err "names the line and the op" "c01-ok.txt:1: the consistency checkers judge kv histories of read, write and cas ops, found f 'append'"

# Repeated values (a Jepsen etcd register) name no write: said, and never used as evidence.
expect_exit 0 "etcd register history with repeated values" "$bin" check tests/testdata/porcupine/jepsen/etcd_000.log --checkers session
expect_out "repeated values noted" "note: 5 value(s) written by more than one op name no write"

# Convergence: a run that lists it reads every key at every node (read-local) after its
# final reads; the checker judges those copies and the other checkers never see them.
expect_exit 0 "run with convergence" "$bin" run scenarios/sync-stalls-on-partition.yaml --out "$tmp/conv" --quiet \
  --set 'checkers=[linearizability, session, convergence]'
[ "$(json "$tmp/conv/results.json" 'j["checkers"]["convergence"]["verdict"]')" = converged ] && ok \
  || bad "convergence verdict: $(json "$tmp/conv/results.json" 'j["checkers"]["convergence"]')"
[ "$(json "$tmp/conv/results.json" 'j["checkers"]["convergence"]["time_to_converge_ns"] >= 0')" = True ] && ok \
  || bad "convergence reports no time to converge"
grep -q '"f":"read-local"' "$tmp/conv/history.jsonl" && ok || bad "no replica reads in the history"
expect_exit 0 "check convergence on the run's history" "$bin" check "$tmp/conv/history.jsonl" --checkers convergence,session
expect_out "convergence printed" "convergence: converged"
{ # two rounds 40ms apart: n2 lags on k in the first and still in the last
  ev 0 0 invoke read-local k '"n1"'; ev 1000000 0 ok read-local k 5
  ev 2000000 0 invoke read-local k '"n2"'; ev 3000000 0 ok read-local k 4
  ev 40000000 0 invoke read-local k '"n1"'; ev 41000000 0 ok read-local k 5
  ev 42000000 0 invoke read-local k '"n2"'; ev 43000000 0 ok read-local k 4
} >"$tmp/diverged.jsonl"
expect_exit 1 "check diverged replicas" "$bin" check "$tmp/diverged.jsonl" --checkers convergence
expect_out "each node's copy named" "k: n1 = 5, n2 = 4"
expect_out "replica reads counted" "history: $tmp/diverged.jsonl (faultline, 4 ops"
sed -i '$s/"value":4/"value":5/' "$tmp/diverged.jsonl"  # n2 catches up by the second round
expect_exit 0 "check replicas that converged in the second round" "$bin" check "$tmp/diverged.jsonl" --checkers convergence
expect_out "time to converge" "convergence: converged 40.0ms after the first replica read (round 2 of 2; 4 replica reads)"
expect_exit 2 "convergence without replica reads is unknown" "$bin" check "$tmp/backwards.jsonl" --checkers convergence
expect_out "unknown says why" "has no replica reads"

echo "consistency_checkers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
