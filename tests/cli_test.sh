#!/usr/bin/env bash
# End-to-end tests of the faultline CLI, as a user runs it:
#   tests/cli_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
hash_of() { sed -n 's/.*trace_hash=\([0-9a-f]*\).*/\1/p' "$1" | head -1; }

# Same seed, same hash; a different seed, a different hash; replay reproduces.
expect_exit 0 "run quickstart seed 7" "$bin" run scenarios/quickstart.yaml --seed 7 --out "$tmp/a" --quiet
grep -q '^seed=7 trace_hash=[0-9a-f]\{16\}$' "$tmp/out" && ok || bad "summary lacks seed= trace_hash="
h1=$(hash_of "$tmp/out")
expect_exit 0 "run quickstart seed 7 again" "$bin" run scenarios/quickstart.yaml --seed 7 --out "$tmp/b" --quiet
h2=$(hash_of "$tmp/out")
[ -n "$h1" ] && [ "$h1" = "$h2" ] && ok || bad "seed 7 twice: $h1 vs $h2"
cmp -s "$tmp/a/trace.jsonl" "$tmp/b/trace.jsonl" && ok || bad "trace.jsonl differs between identical runs"
cmp -s "$tmp/a/history.jsonl" "$tmp/b/history.jsonl" && ok || bad "history.jsonl differs between identical runs"
expect_exit 0 "run quickstart seed 8" "$bin" run scenarios/quickstart.yaml --seed 8 --out "$tmp/c" --quiet
h3=$(hash_of "$tmp/out")
[ -n "$h3" ] && [ "$h3" != "$h1" ] && ok || bad "seed 8 gave the same hash as seed 7"
for f in results.json trace.jsonl history.jsonl scenario.yaml; do
  [ -s "$tmp/a/$f" ] && ok || bad "run dir lacks $f"
done
grep -q "\"trace_hash\": \"$h1\"" "$tmp/a/results.json" && ok || bad "results.json lacks the trace hash"
expect_exit 0 "replay" "$bin" replay "$tmp/a"
grep -q "trace_hash=$h1" "$tmp/out" && ok || bad "replay printed another hash"
# A tampered recorded hash must be reported as divergence (exit 3).
sed -i "s/\"trace_hash\": \"$h1\"/\"trace_hash\": \"0000000000000000\"/" "$tmp/b/results.json"
expect_exit 3 "replay of a tampered run" "$bin" replay "$tmp/b"

# --set reaches the scenario, and is recorded for replay.
expect_exit 0 "run with --set" "$bin" run scenarios/quickstart.yaml --seed 7 --set workload.clients=2 --out "$tmp/d" --quiet
h4=$(hash_of "$tmp/out")
[ "$h4" != "$h1" ] && ok || bad "--set workload.clients=2 did not change the run"
expect_exit 0 "replay with overrides" "$bin" replay "$tmp/d"

# Every teaching scenario runs and gives the verdict its header promises
# ("# faultline run exits N").
for s in scenarios/*.yaml; do
  want=$(sed -n 's/^# faultline run exits \([0-9]\).*/\1/p' "$s" | head -1)
  expect_exit "${want:-0}" "run $s" "$bin" run "$s" --out "$tmp/s" --quiet
done

# kv.quorum refuses parameters that do not fit the cluster, and cas, before the run.
expect_exit 65 "kv.quorum with n above the node count" "$bin" run scenarios/quorum-healthy.yaml --set cluster.params.n=4 --out "$tmp/q" --quiet
grep -q "n is 4 but the cluster has 3 nodes" "$tmp/err" && ok || bad "kv.quorum n error: $(head -1 "$tmp/err")"
expect_exit 65 "kv.quorum with cas" "$bin" run scenarios/quorum-healthy.yaml --set 'workload.ops={cas: 1}' --out "$tmp/q" --quiet
grep -q "has no op 'cas'" "$tmp/err" && ok || bad "kv.quorum cas error: $(head -1 "$tmp/err")"
expect_exit 1 "run a kv.quorum scenario" "$bin" run scenarios/quorum-sloppy-partition.yaml --out "$tmp/q" --quiet
expect_exit 0 "replay a kv.quorum run" "$bin" replay "$tmp/q"

# The linearizability checker: standalone on the run's history, and in a run.
expect_exit 1 "run async failover" "$bin" run scenarios/async-failover-loses-writes.yaml --out "$tmp/lin" --quiet
# A failing linearizability run draws the failure view next to results.json, says where,
# and records it in results.json.
grep -q "failure view: $tmp/lin/linearizability.html" "$tmp/out" && ok || bad "run does not print the failure view's path"
grep -q "partition {n1} | {n2,n3}" "$tmp/lin/linearizability.html" && ok || bad "linearizability.html lacks the run's partition"
grep -q '"html": "linearizability.html"' "$tmp/lin/results.json" && ok || bad "results.json does not name linearizability.html"
expect_exit 1 "check async failover history" "$bin" check "$tmp/lin/history.jsonl" --model kv
grep -q "cannot" "$tmp/out" && ok || bad "check printed no evidence"
grep -q '"valid": false' "$tmp/lin/results.json" && ok || bad "results.json does not say valid: false"
grep -q '"stuck_op"' "$tmp/lin/results.json" && ok || bad "results.json lacks the violation evidence"
expect_exit 0 "sync history is linearizable" "$bin" run scenarios/sync-stalls-on-partition.yaml --out "$tmp/sync" --quiet
[ ! -e "$tmp/sync/linearizability.html" ] && ok || bad "a linearizable run wrote a failure view"
expect_exit 0 "check sync history" "$bin" check "$tmp/sync/history.jsonl" --model kv
expect_exit 64 "check without --model" "$bin" check "$tmp/sync/history.jsonl"
expect_exit 0 "check with --spec, the alias of --model" "$bin" check "$tmp/sync/history.jsonl" --spec kv
expect_exit 64 "--model and --spec that disagree" "$bin" check "$tmp/sync/history.jsonl" --model kv --spec set
expect_exit 65 "check a missing file" "$bin" check "$tmp/none.jsonl" --model kv
printf '{"index":0,"time":1,"process":0,"type":"invoke"\n' > "$tmp/broken.jsonl"
expect_exit 65 "check a malformed history" "$bin" check "$tmp/broken.jsonl" --model kv
grep -q "broken.jsonl:1" "$tmp/err" && ok || bad "malformed history error lacks file:line"
expect_exit 64 "--memory-limit without a unit" "$bin" check "$tmp/sync/history.jsonl" --model kv --memory-limit 512
grep -q -- "--memory-limit must be a positive size such as 512MB" "$tmp/err" && ok || bad "bad --memory-limit: $(head -1 "$tmp/err")"
expect_exit 64 "--memory-limit of zero" "$bin" check "$tmp/sync/history.jsonl" --model kv --memory-limit 0MB
expect_exit 0 "check with --memory-limit 64MiB" "$bin" check "$tmp/sync/history.jsonl" --model kv --memory-limit 64MiB
# The set spec: a read that misses an add completed before it began.
cat > "$tmp/set.jsonl" <<'JSONL'
{"time":10,"process":0,"type":"invoke","f":"add","key":"s","value":1}
{"time":20,"process":0,"type":"ok","f":"add","key":"s","value":1}
{"time":30,"process":1,"type":"invoke","f":"read","key":"s","value":null}
{"time":40,"process":1,"type":"ok","f":"read","key":"s","value":[]}
JSONL
expect_exit 1 "set: a read missing a completed add" "$bin" check "$tmp/set.jsonl" --model set
grep -q "read -> {}" "$tmp/out" && ok || bad "set: the stuck read is not named"
sed -i 's/"value":\[\]/"value":[1]/' "$tmp/set.jsonl"
expect_exit 0 "set: a read that sees the add" "$bin" check "$tmp/set.jsonl" --model set
sed -i 's/"value":\[1\]/"value":[1,"x"]/' "$tmp/set.jsonl"
expect_exit 65 "set: a non-integer element" "$bin" check "$tmp/set.jsonl" --model set
grep -q "set.jsonl:4: expected set elements that are integers" "$tmp/err" && ok || bad "bad set element: $(head -1 "$tmp/err")"
# results.json carries the same report object as --report (docs/check-report.md).
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["checkers"]["linearizability"]
assert c["verdict"] == "not linearizable" and c["valid"] is False, c["verdict"]
assert c["model"] == "kv" and c["history"]["format"] == "faultline", c["history"]
assert isinstance(c["violation"]["stuck_op"]["line"], int)
assert c["violation"]["longest_linearizable_prefix"], "empty prefix"
' "$tmp/lin/results.json" && ok || bad "results.json linearizability entry lacks the report fields"
shared=tests/testdata/porcupine  # vendored, with its licence notice
[ -f "$shared/expected.tsv" ] && ok || bad "the vendored Porcupine histories are missing from $shared"
if [ -d "$shared" ]; then
  expect_exit 0 "porcupine etcd_002" "$bin" check "$shared/jepsen/etcd_002.log" --model register
  expect_exit 1 "porcupine etcd_000" "$bin" check "$shared/jepsen/etcd_000.log" --model register
  grep -q "line 85" "$tmp/out" && ok || bad "etcd_000: the op that cannot be placed is not named"
  expect_exit 1 "etcd_000 with --report" "$bin" check "$shared/jepsen/etcd_000.log" --model register --report "$tmp/report.json"
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["checker"] == "linearizability" and r["verdict"] == "not linearizable", r["verdict"]
assert r["valid"] is False and r["model"] == "register"
assert r["history"]["format"] == "jepsen-etcd" and r["history"]["ops"] > 0, r["history"]
v = r["violation"]
assert v["stuck_op"]["line"] == 85, v["stuck_op"]
assert v["stuck_op"]["f"] == "read" and "output" in v["stuck_op"], v["stuck_op"]
assert v["longest_linearizable_prefix"] and v["explanation"]
assert all("index" in op and "call" in op for op in v["longest_linearizable_prefix"] + v["concurrent"])
assert r["states_explored"] > 0 and "elapsed_ms" in r and "unknown_reason" not in r
' "$tmp/report.json" && ok || bad "etcd_000 --report: the JSON lacks the stuck op at line 85"
  [ ! -e "$tmp/report.json.tmp" ] && ok || bad "--report left its temporary file behind"
  expect_exit 73 "unwritable --report" "$bin" check "$shared/jepsen/etcd_002.log" --model register --report /proc/faultline-test/r.json
  grep -q "cannot write --report /proc/faultline-test/r.json" "$tmp/err" && ok || bad "unwritable --report: $(head -1 "$tmp/err")"
  expect_exit 73 "--report naming a directory" "$bin" check "$shared/jepsen/etcd_002.log" --model register --report "$tmp"
  # --html draws the evidence as one self-contained page; a bare history has no trace.
  expect_exit 1 "etcd_000 with --html" "$bin" check "$shared/jepsen/etcd_000.log" --model register --html "$tmp/failure.html"
  grep -q "failure view: $tmp/failure.html" "$tmp/out" && ok || bad "check --html does not print the page's path"
  grep -q "line 85" "$tmp/failure.html" && ok || bad "etcd_000 --html: the page does not name the stuck op's line 85"
  grep -q "no trace given" "$tmp/failure.html" && ok || bad "etcd_000 --html: the page does not say there is no trace"
  grep -qE '<(link|img|script) [^>]*(src|href)=' "$tmp/failure.html" && bad "the failure view fetches something" || ok
  [ ! -e "$tmp/failure.html.tmp" ] && ok || bad "--html left its temporary file behind"
  "$bin" check "$shared/jepsen/etcd_000.log" --model register --html "$tmp/failure2.html" >/dev/null
  cmp -s "$tmp/failure.html" "$tmp/failure2.html" && ok || bad "the failure view differs between identical checks"
  if command -v xmllint >/dev/null; then
    xmllint --noout "$tmp/failure.html" && ok || bad "the failure view is not well-formed XHTML"
  fi
  expect_exit 73 "unwritable --html" "$bin" check "$shared/jepsen/etcd_002.log" --model register --html /proc/faultline-test/f.html
  grep -q "cannot write --html /proc/faultline-test/f.html" "$tmp/err" && ok || bad "unwritable --html: $(head -1 "$tmp/err")"
  # Past --memory-limit the verdict is unknown (exit 2) and the reason names the limit.
  expect_exit 2 "c10-ok un-split within 1KB" "$bin" check "$shared/kv/c10-ok.txt" --model kv --no-split --memory-limit 1KB --report "$tmp/mem.json"
  grep -q "reason: .*memory limit of 1000 bytes" "$tmp/out" && ok || bad "memory limit: no reason naming it in: $(tail -1 "$tmp/out")"
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["verdict"] == "unknown" and r["valid"] == "unknown" and "violation" not in r
assert "memory limit" in r["unknown_reason"] and r["limits"]["memory_bytes"] == 1000
assert r["limits"]["split_partitions"] is False
' "$tmp/mem.json" && ok || bad "memory limit: the report does not say unknown with the reason"
  expect_exit 1 "porcupine c01-bad" "$bin" check "$shared/kv/c01-bad.txt" --model kv
fi

# Diagrams: `faultline viz` draws a run's trace; a scenario's outputs draw into the run dir.
expect_exit 0 "viz dot" "$bin" viz "$tmp/a/trace.jsonl" --format dot --out "$tmp/a.dot"
grep -q "digraph" "$tmp/a.dot" && ok || bad "viz --format dot wrote no digraph"
grep -q "summarised to fit 800 rows: [0-9,]* of [0-9,]* events drawn" "$tmp/err" && ok || bad "viz does not say the summary left events out: $(cat "$tmp/err")"
"$bin" viz "$tmp/a/trace.jsonl" --format dot --out "$tmp/a2.dot" 2>/dev/null
cmp -s "$tmp/a.dot" "$tmp/a2.dot" && ok || bad "viz output differs between identical calls"
expect_exit 0 "viz mermaid to stdout" "$bin" viz "$tmp/a/trace.jsonl" --format mermaid --hide-kinds heartbeat --from 1s --to 1.1s
grep -q "^sequenceDiagram" "$tmp/out" && ok || bad "viz mermaid printed no sequenceDiagram"
grep -q "hidden: heartbeat; from 1s; to 1.1s" "$tmp/err" && ok || bad "viz does not say what it hid: $(cat "$tmp/err")"
expect_exit 0 "viz format from the --out extension" "$bin" viz "$tmp/a/trace.jsonl" --out "$tmp/a.mmd" --nodes n1,n2 --max-events 100
[ -s "$tmp/a.mmd" ] && ok || bad "viz --out a.mmd wrote nothing"
formats=$("$bin" viz --help | sed -n 's/^formats: //p' | tr -d ,)
[ -n "$formats" ] && ok || bad "viz --help lists no formats"
for f in $formats; do
  expect_exit 0 "viz --format $f" "$bin" viz "$tmp/a/trace.jsonl" --format "$f" --max-events 300 --scale time --out "$tmp/every.$f"
  [ -s "$tmp/every.$f" ] && ok || bad "viz --format $f wrote nothing"
done
"$bin" run scenarios/replica-reads-are-stale.yaml --out "$tmp/stale" --quiet >/dev/null 2>&1
expect_exit 0 "viz around a violation (run dir)" "$bin" viz --around-violation "$tmp/stale" --format mermaid --around-events 20
grep -q "41 events around" "$tmp/err" && ok || bad "viz --around-violation did not centre: $(cat "$tmp/err")"
"$bin" check "$tmp/stale/history.jsonl" --model kv --report "$tmp/stale-report.json" >/dev/null 2>&1
expect_exit 0 "viz around a violation (check report)" "$bin" viz "$tmp/stale/trace.jsonl" --around-violation "$tmp/stale-report.json" --format dot --around-events 20
grep -q "41 events around" "$tmp/err" && ok || bad "viz around a check report did not centre: $(cat "$tmp/err")"
expect_exit 65 "viz around a valid run" "$bin" viz --around-violation "$tmp/sync" --format dot
expect_exit 64 "viz without a trace" "$bin" viz --format dot
expect_exit 64 "viz without a format" "$bin" viz "$tmp/a/trace.jsonl"
expect_exit 64 "viz unknown format" "$bin" viz "$tmp/a/trace.jsonl" --format png
expect_exit 64 "viz unknown node" "$bin" viz "$tmp/a/trace.jsonl" --format dot --nodes n9
grep -q "the trace has n1, n2, n3, c1" "$tmp/err" && ok || bad "viz unknown node does not list the lanes: $(head -1 "$tmp/err")"
expect_exit 64 "viz unknown kind" "$bin" viz "$tmp/a/trace.jsonl" --format dot --hide-kinds heartbeats
grep -q "did you mean 'heartbeat'" "$tmp/err" && ok || bad "viz unknown kind gives no did-you-mean"
expect_exit 64 "viz time without unit" "$bin" viz "$tmp/a/trace.jsonl" --format dot --from 5
expect_exit 64 "viz bad scale" "$bin" viz "$tmp/a/trace.jsonl" --format dot --scale log
expect_exit 65 "viz missing trace" "$bin" viz "$tmp/none.jsonl" --format dot
printf '{"i":0,"t":0,"type":"start","node":"n1"}\n{"i":1,"t":5,"type":"bogus"}\n' > "$tmp/bad-trace.jsonl"
expect_exit 65 "viz malformed trace" "$bin" viz "$tmp/bad-trace.jsonl" --format dot
grep -q "bad-trace.jsonl:2: expected \"type\" to be one of" "$tmp/err" && ok || bad "malformed trace error lacks file:line: $(head -1 "$tmp/err")"
expect_exit 73 "viz unwritable --out" "$bin" viz "$tmp/a/trace.jsonl" --format dot --out /proc/faultline-test/d.dot
expect_exit 1 "run with diagram outputs" "$bin" run scenarios/replica-reads-are-stale.yaml --out "$tmp/so" --quiet \
  --set 'outputs=[results.json, trace.jsonl, history.jsonl, diagram.dot, {file: failure.mermaid, around_violation: true, around_events: 20, hide_kinds: [heartbeat]}]'
[ -s "$tmp/so/diagram.dot" ] && [ -s "$tmp/so/failure.mermaid" ] && ok || bad "run did not draw its diagram outputs"
grep -q '"failure.mermaid"' "$tmp/so/results.json" && ok || bad "results.json does not list the diagram outputs"
grep -q "failure.mermaid" "$tmp/out" && ok || bad "the run summary does not list the diagrams"
expect_exit 0 "replay a run with diagram outputs" "$bin" replay "$tmp/so"
expect_exit 65 "diagram output without trace.jsonl" "$bin" run scenarios/quickstart.yaml --out "$tmp/so2" --quiet --set 'outputs=[results.json, d.dot]'
grep -q "add trace.jsonl to outputs" "$tmp/err" && ok || bad "diagram without trace: $(head -1 "$tmp/err")"

# Malformed scenarios: exit 65 with file:line:column.
for f in tests/scenarios/bad/*.yaml; do
  expect_exit 65 "bad scenario $f" "$bin" run "$f" --out "$tmp/bad" --quiet
  grep -qE "$(basename "$f"):[0-9]+:[0-9]+: " "$tmp/err" && ok || bad "$f: no file:line:column in: $(head -1 "$tmp/err")"
done
expect_exit 65 "missing scenario file" "$bin" run "$tmp/nope.yaml"

# Usage errors: exit 64.
expect_exit 64 "no command" "$bin"
expect_exit 64 "unknown command" "$bin" frobnicate
expect_exit 64 "unknown flag" "$bin" run scenarios/quickstart.yaml --bogus
expect_exit 64 "bad seed" "$bin" run scenarios/quickstart.yaml --seed minus-one
expect_exit 64 "seed out of range" "$bin" run scenarios/quickstart.yaml --seed 18446744073709551616
expect_exit 64 "--set without =" "$bin" run scenarios/quickstart.yaml --set workload.rate
expect_exit 65 "--set of an unknown key" "$bin" run scenarios/quickstart.yaml --set workload.rat=5/s
grep -q "did you mean 'rate'" "$tmp/err" && ok || bad "--set typo gives no did-you-mean: $(head -1 "$tmp/err")"
expect_exit 65 "a directory as scenario" "$bin" run scenarios
expect_exit 73 "unwritable run dir" "$bin" run scenarios/quickstart.yaml --out /proc/faultline-test --quiet
expect_exit 2 "event limit reached" "$bin" run scenarios/quickstart.yaml --max-events 1000 --out "$tmp/limit" --quiet
grep -q '"valid": "unknown"' "$tmp/limit/results.json" && ok || bad "event limit: results.json not unknown"
# A run that stopped at a limit records it, and replay stops where it did (issue 9, class 8).
grep -q -- "--max-events 1000" "$tmp/limit/results.json" && ok || bad "event limit: the reproduce line lacks --max-events 1000"
expect_exit 0 "replay of a run stopped by --max-events" "$bin" replay "$tmp/limit"
expect_exit 64 "empty --seed" "$bin" run scenarios/quickstart.yaml --seed '' --quiet
expect_exit 64 "empty --out" "$bin" run scenarios/quickstart.yaml --out '' --quiet
grep -q -- "--out is empty" "$tmp/err" && ok || bad "empty --out: $(head -1 "$tmp/err")"
expect_exit 64 "empty viz --nodes" "$bin" viz "$tmp/a/trace.jsonl" --format dot --nodes ''
grep -q -- "--nodes is empty" "$tmp/err" && ok || bad "empty viz --nodes: $(head -1 "$tmp/err")"
# A trace centred on another run's violation is refused (issue 9, class 10).
"$bin" run scenarios/replica-reads-are-stale.yaml --seed 5 --out "$tmp/stale" --quiet >/dev/null 2>&1
expect_exit 65 "viz of one run around another's violation" "$bin" viz "$tmp/a/trace.jsonl" --around-violation "$tmp/stale" --format dot
grep -q "from different runs" "$tmp/err" && ok || bad "mismatched trace: $(head -1 "$tmp/err")"
expect_exit 0 "viz of a run around its own violation" "$bin" viz "$tmp/stale/trace.jsonl" --around-violation "$tmp/stale" --format dot
# A scenario file too big to be hand-written is refused before it is read (class 9).
{ head -c 1100000 /dev/zero | tr '\0' '#'; echo; } >"$tmp/huge.yaml"
expect_exit 65 "a 1.1 MB scenario file" "$bin" run "$tmp/huge.yaml" --quiet
grep -q "the limit is 1048576" "$tmp/err" && ok || bad "huge scenario: $(head -c 200 "$tmp/err")"
expect_exit 64 "negative --max-events" "$bin" run scenarios/quickstart.yaml --max-events -5 --quiet
grep -q "must be a count" "$tmp/err" && ok || bad "negative --max-events: $(head -1 "$tmp/err")"
expect_exit 64 "--max-trace-bytes without a unit" "$bin" run scenarios/quickstart.yaml --max-trace-bytes lots --quiet
# The trace byte budget stops a run that would fill the disk (class 7), and replay agrees.
expect_exit 2 "trace byte budget reached" "$bin" run scenarios/quickstart.yaml --max-trace-bytes 200KB --out "$tmp/tbudget" --quiet
grep -q "trace.jsonl reached the size limit of 200000 bytes" "$tmp/err" && ok || bad "trace budget: no reason on stderr: $(head -1 "$tmp/err")"
size=$(stat -c %s "$tmp/tbudget/trace.jsonl")
[ "$size" -ge 200000 ] && [ "$size" -lt 210000 ] && ok || bad "trace budget: trace.jsonl is $size bytes"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["completed"] is False and r["valid"] == "unknown", r["completed"]
assert "size limit" in r["stopped_early"] and r["limits"]["max_trace_bytes"] == 200000, r["limits"]
assert "--max-trace-bytes 200000" in r["reproduce"], r["reproduce"]
' "$tmp/tbudget/results.json" && ok || bad "trace budget: results.json does not record the stop"
expect_exit 0 "replay of a run stopped by its trace budget" "$bin" replay "$tmp/tbudget"
expect_exit 64 "replay without dir" "$bin" replay
expect_exit 65 "replay of a non-run dir" "$bin" replay "$tmp"

# Help and lists.
expect_exit 0 "help" "$bin" --help
expect_exit 0 "run --help" "$bin" run --help
grep -q -- "--seed" "$tmp/out" && ok || bad "run --help does not mention --seed"
expect_exit 0 "check --help" "$bin" check --help
for flag in --report --html --memory-limit --no-split --time-limit; do
  grep -q -- "$flag" "$tmp/out" && ok || bad "check --help does not mention $flag"
done
expect_exit 0 "list models" "$bin" list models
grep -q "kv.primary-backup" "$tmp/out" && grep -q "replication" "$tmp/out" && ok || bad "list models lacks kv.primary-backup and its params"
expect_exit 0 "list faults" "$bin" list faults
expect_exit 64 "list nonsense" "$bin" list nonsense

echo "cli_end_to_end: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
