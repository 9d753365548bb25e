#!/usr/bin/env bash
# End-to-end tests of `faultline compare` and `faultline sweep`: the table, CSV, JSON and
# SVG charts they write, determinism, the run directories they leave, and bad flags.
#   tests/compare_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
scenario=scenarios/async-failover-loses-writes.yaml

# Every SVG in a directory is well-formed XML and, when rsvg-convert is installed, renders
# without a word on stderr.
check_svgs() { # dir, what
  local dir=$1 what=$2 n=0
  for f in "$dir"/*.svg; do
    n=$((n + 1))
    python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' "$f" \
      && ok || bad "$what: $f is not a well-formed SVG"
    if command -v rsvg-convert >/dev/null; then
      rsvg-convert -o "$tmp/render.png" "$f" 2>"$tmp/rsvg.err"
      [ $? = 0 ] && [ ! -s "$tmp/rsvg.err" ] && [ -s "$tmp/render.png" ] && ok \
        || bad "$what: rsvg-convert $f: $(head -3 "$tmp/rsvg.err")"
    fi
  done
  [ "$n" -gt 0 ] && ok || bad "$what: no SVG in $dir"
  command -v rsvg-convert >/dev/null || skip "$what: rendering with rsvg-convert (not installed)"
}

# --- compare: two variants, two seeds.
expect_exit 0 "compare two variants" "$bin" compare "$scenario" --seeds 2 --out "$tmp/c1" \
  --variant async:cluster.params.replication=async --variant sync:cluster.params.replication=sync,workload.timeout=400ms
cp "$tmp/out" "$tmp/table1"
grep -q '^variant  *seeds  *linearizability v/i/u  *lost-writes v/i/u  *read p50/p99  *write p50/p99  *ok in faults  *ok outside faults  *msgs/op$' "$tmp/table1" \
  && ok || bad "compare table header: $(sed -n 3p "$tmp/table1")"
# Async replication acknowledges writes that failover loses: invalid on both seeds, and
# available in the partition; sync stays linearizable and stalls.
grep -q '^async  *2  *0/2/0  ' "$tmp/table1" && ok || bad "compare: async row $(grep '^async' "$tmp/table1")"
grep -q '^sync  *2  *2/0/0  ' "$tmp/table1" && ok || bad "compare: sync row $(grep '^sync' "$tmp/table1")"
grep -q '^\[4/4\] sync seed 2: trace_hash=[0-9a-f]\{16\}; linearizability valid' "$tmp/err" \
  && ok || bad "compare progress lines: $(tail -2 "$tmp/err")"
for f in compare.csv compare.json latency-cdf.svg cap-table.svg; do
  [ -s "$tmp/c1/$f" ] && ok || bad "compare did not write $f"
done
[ ! -e "$tmp/c1/t-visibility.svg" ] && ok || bad "t-visibility.svg without a staleness checker"
[ "$(wc -l <"$tmp/c1/compare.csv")" = 3 ] && ok || bad "compare.csv: want a header and 2 rows"
head -1 "$tmp/c1/compare.csv" | grep -q '^name,overrides,seeds,linearizability_valid,linearizability_invalid,linearizability_unknown,lost-writes_valid,lost-writes_invalid,lost-writes_unknown,read_p50_ns,read_p99_ns,write_p50_ns,write_p99_ns,in_faults_ops,in_faults_ok,in_faults_ratio,outside_faults_ops,outside_faults_ok,outside_faults_ratio,messages_per_op,stale_read_ratio$' \
  && ok || bad "compare.csv header: $(head -1 "$tmp/c1/compare.csv")"
grep -q '^sync,cluster.params.replication=sync workload.timeout=400ms,2,2,0,0,' "$tmp/c1/compare.csv" \
  && ok || bad "compare.csv sync row: $(grep '^sync' "$tmp/c1/compare.csv")"
python3 - "$tmp/c1/compare.json" <<'PY' && ok || bad "compare.json content"
import json, sys
j = json.load(open(sys.argv[1]))
g = {x["name"]: x for x in j["groups"]}
assert j["command"] == "compare" and j["seeds"] == {"first": 1, "last": 2}, j["seeds"]
assert list(g) == ["async", "sync"], list(g)
assert g["async"]["verdicts"]["linearizability"] == {"valid": 0, "invalid": 2, "unknown": 0}
assert g["sync"]["verdicts"]["linearizability"] == {"valid": 2, "invalid": 0, "unknown": 0}
a, s = g["async"]["availability"]["in_faults"], g["sync"]["availability"]["in_faults"]
assert a["ratio"] > 0.9 and s["ratio"] < 0.5, (a, s)   # the CAP trade-off, measured
assert [r["seed"] for r in g["sync"]["runs"]] == [1, 2]
assert g["async"]["ok_latency_cdf"]["points"][-1][1] == g["async"]["ok_latency_cdf"]["count"]
assert g["sync"]["latency_ns"]["write"]["p50"]["median"] > g["async"]["latency_ns"]["write"]["p50"]["median"]
PY
check_svgs "$tmp/c1" "compare"
grep -q '>invalid 2/2<' "$tmp/c1/cap-table.svg" && ok || bad "cap-table.svg lacks async's verdict"
# Each run left a run directory that replays to its recorded hash.
expect_exit 0 "replay a compare run" "$bin" replay "$tmp/c1/runs/async-seed2"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["metrics"]; assert m["availability"]["in_faults"]["ops"] > 0 and m["messages_per_op"] > 0 and "write" in m["latency_ns"]' \
  "$tmp/c1/runs/sync-seed1/results.json" && ok || bad "a compare run's results.json lacks metrics"
# Same flags, same bytes (the JSON names its run dirs, so compare it with them rewritten).
expect_exit 0 "compare again" "$bin" compare "$scenario" --seeds 2 --out "$tmp/c2" --quiet \
  --variant async:cluster.params.replication=async --variant sync:cluster.params.replication=sync,workload.timeout=400ms
[ ! -s "$tmp/err" ] && ok || bad "--quiet printed progress"
cmp -s "$tmp/table1" <(sed "s#$tmp/c2#$tmp/c1#" "$tmp/out") && ok || bad "compare table differs between identical runs"
for f in compare.csv latency-cdf.svg cap-table.svg; do
  cmp -s "$tmp/c1/$f" "$tmp/c2/$f" && ok || bad "$f differs between identical runs"
done
cmp -s "$tmp/c1/compare.json" <(sed "s#$tmp/c2#$tmp/c1#g" "$tmp/c2/compare.json") && ok || bad "compare.json differs between identical runs"

# A variants: section in the scenario file, used when no --variant is given.
{ cat "$scenario"; printf 'variants:\n  base: {}\n  sync: {cluster.params.replication: sync}\n'; } >"$tmp/with-variants.yaml"
expect_exit 1 "faultline run accepts a variants: section" "$bin" run "$tmp/with-variants.yaml" --out "$tmp/r" --quiet
expect_exit 0 "compare from variants:" "$bin" compare "$tmp/with-variants.yaml" --seeds 1 --seed-start 5 --out "$tmp/c3" --quiet
grep -q '^base  *1  *0/1/0' "$tmp/out" && grep -q '^sync  *1  *1/0/0' "$tmp/out" && ok || bad "compare from variants: $(cat "$tmp/out")"
[ -d "$tmp/c3/runs/sync-seed5" ] && ok || bad "--seed-start 5 did not run seed 5"
printf 'variants: {sync: {cluster.params.replication: }}\n' | cat "$scenario" - >"$tmp/bad-variants.yaml"
expect_exit 65 "a variant without a value" "$bin" compare "$tmp/bad-variants.yaml" --quiet
grep -q 'bad-variants.yaml:[0-9]*:[0-9]*: variants.sync.cluster.params.replication: no value' "$tmp/err" && ok || bad "bad variants message: $(cat "$tmp/err")"

# A variant may switch the model, replacing cluster.params as a whole (the old model's
# params would not load): scenarios/cap-partition.yaml compares three stores this way.
expect_exit 0 "compare variants that switch cluster.model" "$bin" compare scenarios/cap-partition.yaml \
  --seeds 1 --out "$tmp/c5" --quiet
python3 - "$tmp/c5/compare.json" <<'PY' && ok || bad "cap-partition variants did not run their own models"
import json, sys
g = {x["name"]: x for x in json.load(open(sys.argv[1]))["groups"]}
model = lambda v: json.load(open(g[v]["runs"][0]["run_dir"] + "/results.json"))["scenario"]["model"]
assert (model("raft-read-index"), model("pb-sync"), model("quorum-sloppy")) == \
    ("kv.raft", "kv.primary-backup", "kv.quorum")
PY
expect_exit 65 "a model switch that keeps the old model's params" "$bin" compare scenarios/cap-partition.yaml \
  --variant 'q:cluster.model=kv.quorum' --out "$tmp/c6" --quiet
grep -q '^faultline: variant q: .*reads' "$tmp/err" && ok || bad "model switch message: $(cat "$tmp/err")"

# --- sweep: a 2 x 2 grid, two seeds.
expect_exit 0 "sweep a grid" "$bin" sweep "$scenario" --seeds 2 --out "$tmp/s1" \
  --vary workload.rate=100/s,300/s --vary cluster.params.replication=async,sync
grep -q '^point  *workload.rate  *cluster.params.replication  *seeds  *linearizability v/i/u' "$tmp/out" && ok || bad "sweep table header"
grep -q '^p04-300_s-sync  *300/s  *sync  *2  *2/0/0' "$tmp/out" && ok || bad "sweep rows: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/s1/sweep.csv")" = 5 ] && ok || bad "sweep.csv: want a header and 4 rows"
head -1 "$tmp/s1/sweep.csv" | grep -q '^name,workload.rate,cluster.params.replication,overrides,seeds,' && ok || bad "sweep.csv header"
for f in sweep.json sweep-p99-write.svg sweep-ok-in-faults.svg sweep-messages-per-op.svg sweep-invalid-linearizability.svg; do
  [ -s "$tmp/s1/$f" ] && ok || bad "sweep did not write $f"
done
python3 - "$tmp/s1/sweep.json" <<'PY' && ok || bad "sweep.json content"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["varied"] == ["workload.rate", "cluster.params.replication"]
assert [g["params"]["cluster.params.replication"] for g in j["groups"]] == ["async", "sync"] * 2
assert all(g["seeds"] == 2 for g in j["groups"])
PY
grep -q '>replication=sync</text>' "$tmp/s1/sweep-ok-in-faults.svg" && ok || bad "sweep chart legend lacks a line per replication"
check_svgs "$tmp/s1" "sweep"
expect_exit 0 "sweep with names on x and --log-x ignored for them" "$bin" sweep "$scenario" --seeds 1 --quiet \
  --out "$tmp/s2" --log-x --vary cluster.params.replication=async,sync
grep -q '>async</text>' "$tmp/s2/sweep-ok-in-faults.svg" && ok || bad "a sweep over names lacks its x labels"

# --- bad flags and files: exit 64 (usage) or 65 (bad input), with the fix.
expect_exit 64 "compare without variants" "$bin" compare scenarios/quickstart.yaml
grep -q 'no variants: give --variant NAME:PATH=VALUE' "$tmp/err" && ok || bad "no-variants message: $(cat "$tmp/err")"
expect_exit 64 "compare with a bad variant name" "$bin" compare "$scenario" --variant 'a b:duration=5s'
grep -q "the name 'a b' must be letters" "$tmp/err" && ok || bad "bad name message: $(cat "$tmp/err")"
expect_exit 64 "compare with a variant that is not PATH=VALUE" "$bin" compare "$scenario" --variant 'a:duration'
grep -q "'duration' is not PATH=VALUE" "$tmp/err" && ok || bad "not PATH=VALUE message: $(cat "$tmp/err")"
expect_exit 64 "compare with a variant twice" "$bin" compare "$scenario" --variant a --variant a:duration=7s
grep -q -- "--variant a is given twice" "$tmp/err" && ok || bad "twice message: $(cat "$tmp/err")"
expect_exit 64 "compare --seeds 0" "$bin" compare "$scenario" --variant a --seeds 0
grep -q -- "--seeds must be a count from 1 to 10000, not '0'" "$tmp/err" && ok || bad "--seeds message: $(cat "$tmp/err")"
expect_exit 64 "compare --seed-start -1" "$bin" compare "$scenario" --variant a --seed-start -1
expect_exit 64 "compare --check-time-limit 5" "$bin" compare "$scenario" --variant a --check-time-limit 5
expect_exit 64 "compare with an unknown flag" "$bin" compare "$scenario" --variant a --bogus
expect_exit 64 "compare without a scenario" "$bin" compare --variant a
expect_exit 65 "compare a missing scenario" "$bin" compare "$tmp/missing.yaml" --variant a
expect_exit 65 "compare a variant with a bad value" "$bin" compare "$scenario" --variant 'x:cluster.nodes=many' --out "$tmp/c4"
grep -q '^faultline: variant x: .*cluster.nodes' "$tmp/err" && ok || bad "bad value message: $(cat "$tmp/err")"
[ ! -e "$tmp/c4" ] && ok || bad "a comparison that cannot load created its --out"
expect_exit 64 "sweep without --vary" "$bin" sweep "$scenario"
grep -q 'give at least one --vary PATH=v1,v2' "$tmp/err" && ok || bad "no --vary message: $(cat "$tmp/err")"
expect_exit 64 "sweep --vary without values" "$bin" sweep "$scenario" --vary workload.rate
expect_exit 64 "sweep --vary with an empty value" "$bin" sweep "$scenario" --vary workload.rate=100/s,
grep -q 'an empty value' "$tmp/err" && ok || bad "empty value message: $(cat "$tmp/err")"
expect_exit 64 "sweep --vary the same path twice" "$bin" sweep "$scenario" --vary duration=5s --vary duration=6s
expect_exit 65 "sweep a point that does not load" "$bin" sweep "$scenario" --vary workload.rate=100/s,fast --out "$tmp/s3"
grep -q '^faultline: point p02-fast: ' "$tmp/err" && ok || bad "bad point message: $(cat "$tmp/err")"
touch "$tmp/file"
expect_exit 73 "compare --out a file" "$bin" compare "$scenario" --variant a --out "$tmp/file" --quiet
# --out must be new, empty or a compare's or sweep's own: a user's directory is refused
# (73, naming it, its files and the fix) and left as it was.
mkdir "$tmp/mine" && echo "my notes" >"$tmp/mine/notes.txt"
expect_exit 73 "compare --out a directory holding a foreign file" "$bin" compare "$scenario" --variant a --seeds 1 --out "$tmp/mine" --quiet
grep -q "cannot use the output directory $tmp/mine: it holds files a faultline compare or sweep did not write (notes.txt); give an empty or new directory with --out" "$tmp/err" \
  && ok || bad "foreign --out message: $(cat "$tmp/err")"
[ "$(ls -A "$tmp/mine")" = notes.txt ] && [ "$(cat "$tmp/mine/notes.txt")" = "my notes" ] && ok || bad "a refused --out was changed: $(ls -A "$tmp/mine")"
expect_exit 73 "sweep --out a directory holding a foreign file" "$bin" sweep "$scenario" --vary workload.rate=100/s --seeds 1 --out "$tmp/mine" --quiet
[ "$(ls -A "$tmp/mine")" = notes.txt ] && ok || bad "a refused sweep --out was changed: $(ls -A "$tmp/mine")"
# A rerun into its own directory leaves exactly one comparison: the earlier one's run
# directories that this one does not make are removed, and said so.
expect_exit 0 "compare 2 variants x 2 seeds" "$bin" compare "$scenario" --seeds 2 --out "$tmp/c7" --quiet --variant a --variant b
expect_exit 0 "rerun with fewer variants and seeds" "$bin" compare "$scenario" --seeds 1 --out "$tmp/c7" --quiet --variant a
[ "$(ls "$tmp/c7/runs")" = a-seed1 ] && ok || bad "stale run dirs after a rerun: $(ls "$tmp/c7/runs" | tr '\n' ' ')"
grep -q '^removed     runs/a-seed2, runs/b-seed1, runs/b-seed2 (' "$tmp/out" && ok || bad "rerun's removed line: $(tail -1 "$tmp/out")"
expect_exit 0 "rerun into its own directory" "$bin" compare "$scenario" --seeds 1 --out "$tmp/c7" --quiet --variant a
grep -q '^removed' "$tmp/out" && bad "an identical rerun removed something: $(tail -1 "$tmp/out")" || ok
expect_exit 0 "sweep into a compare's directory" "$bin" sweep "$scenario" --seeds 1 --out "$tmp/c7" --quiet --vary workload.rate=100/s
[ ! -e "$tmp/c7/compare.csv" ] && [ -s "$tmp/c7/sweep.csv" ] && [ "$(ls "$tmp/c7/runs")" = p01-100_s-seed1 ] \
  && ok || bad "sweep over a compare's directory: $(ls "$tmp/c7" "$tmp/c7/runs" | tr '\n' ' ')"
mkdir "$tmp/c7/runs/mine"
expect_exit 73 "--out whose runs/ holds a foreign directory" "$bin" compare "$scenario" --seeds 1 --out "$tmp/c7" --quiet --variant a
[ -d "$tmp/c7/runs/mine" ] && [ -s "$tmp/c7/sweep.csv" ] && ok || bad "a refused --out with a foreign runs/ entry was changed"
expect_exit 73 "faultline run into a compare's directory" "$bin" run "$scenario" --out "$tmp/c7" --quiet
expect_exit 0 "compare --help" "$bin" compare --help
grep -q 'usage: faultline compare SCENARIO.yaml --variant' "$tmp/out" && ok || bad "compare --help"
expect_exit 0 "sweep --help" "$bin" sweep --help
grep -q 'usage: faultline sweep SCENARIO.yaml --vary' "$tmp/out" && ok || bad "sweep --help"

echo "compare_test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
