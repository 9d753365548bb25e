#!/usr/bin/env bash
# `faultline fuzz` end to end, as CI and a user run it:
#   tests/fuzz_test.sh path/to/faultline path/to/faultline_with_test_models
# Every planted bug's scenario: a campaign finds the bug, shrinks it, and the repro.yaml it
# writes fails `faultline run` with the same checker. A correct configuration survives a
# swarm campaign. --jobs 1 and 2, and two shards merged, give the unsharded records. The
# determinism sentinel catches a model that leaks state between runs. Bad flags and files.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
leaky_bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
# A campaign's run records without their wall time, which is the one field that varies.
records() { grep -v '^{"campaign"' "$1" | sed 's/,"wall_s":[^,}]*//'; }

# Every planted bug is found within 20 runs (the acceptance asks for 100), shrunk, and its
# repro fails `faultline run` with the checker that found it.
for scenario in scenarios/*-bug-*.yaml; do
  name=$(basename "$scenario" .yaml)
  out="$tmp/bug-$name"
  expect_exit 1 "fuzz $name finds its bug" \
    "$bin" fuzz "$scenario" --runs 20 --jobs 2 --shrink-runs 40 --out "$out" --quiet
  repro=$(ls "$out"/repros/*/repro.yaml 2>/dev/null | head -1)
  if [ -z "$repro" ]; then bad "$name: no repro.yaml written"; continue; fi
  checker=$(basename "$(dirname "$repro")" | sed 's/-seed[0-9]*$//')
  grep -q "^# Rerun: .*faultline run $repro " "$repro" && ok || bad "$name: repro.yaml lacks its rerun line"
  grep -q "^# Shrunk from [0-9]* to [0-9]* trace events" "$repro" && ok || bad "$name: repro.yaml lacks the shrink ratio"
  expect_exit 1 "faultline run $name's repro.yaml fails" "$bin" run "$repro" --out "$tmp/rerun-$name"
  grep -q "^checker     $checker .*\(NOT\|violation\)" "$tmp/out" && ok || bad "$name: the repro does not fail $checker: $(grep '^checker' "$tmp/out")"
  # Shrunk: no more faults than the failing run applied, and fewer faults or fewer trace
  # events; a bug that needs no staged schedule shrinks to a handful of faults.
  read -r ev_before ev_after f_before f_after < <(sed -n \
    's/^# Shrunk from \([0-9]*\) to \([0-9]*\) trace events and from \([0-9]*\) to \([0-9]*\) faults.*/\1 \2 \3 \4/p' "$repro")
  if [ -z "${f_after:-}" ]; then bad "$name: no shrink ratio in repro.yaml"; continue; fi
  [ "$f_after" -le "$f_before" ] && { [ "$f_after" -lt "$f_before" ] || [ "$ev_after" -lt "$ev_before" ]; } &&
    ok || bad "$name: not shrunk ($ev_before -> $ev_after events, $f_before -> $f_after faults)"
  faults=$(grep -c '^    - {at:' "$repro")
  case $name in
    *commit-old-term) ;;  # figure 8 is a staged schedule of a dozen faults
    *) [ "$faults" -le 4 ] && ok || bad "$name: the shrunk schedule has $faults faults" ;;
  esac
done

# A correct configuration keeps its guarantee under a swarm of faults.
expect_exit 0 "raft-nemesis survives a swarm campaign" \
  "$bin" fuzz scenarios/raft-nemesis.yaml --runs 30 --swarm --jobs 2 --out "$tmp/ok" --quiet
grep -q '^verdicts      valid [0-9]*, invalid 0,' "$tmp/out" && ok || bad "raft-nemesis summary: $(grep verdicts "$tmp/out")"
grep -q '^failures by swarm feature' "$tmp/out" && ok || bad "swarm summary lacks the by-feature table"
# Each model's correct configuration passes a short campaign over its own fault schedule.
for scenario in quorum-healthy sync-stalls-on-partition; do
  expect_exit 0 "$scenario passes a campaign" \
    "$bin" fuzz scenarios/$scenario.yaml --runs 10 --jobs 2 --out "$tmp/ok-$scenario" --quiet
done
# ...and a known-weak one does not: last-writer-wins under clock skew loses writes.
expect_exit 1 "quorum-healthy under a swarm fails" \
  "$bin" fuzz scenarios/quorum-healthy.yaml --runs 30 --swarm --jobs 2 --no-shrink --out "$tmp/weak" --quiet
grep -q '^  clock-skew ' "$tmp/out" && ok || bad "by-feature table lacks clock-skew"

# The same records with one job or two, and from two shards merged.
sc=scenarios/raft-bug-commit-without-quorum.yaml
expect_exit 1 "campaign, 1 job" "$bin" fuzz $sc --runs 12 --no-shrink --out "$tmp/j1" --quiet
expect_exit 1 "campaign, 2 jobs" "$bin" fuzz $sc --runs 12 --no-shrink --jobs 2 --out "$tmp/j2" --quiet
[ "$(records "$tmp/j1/campaign.jsonl")" = "$(records "$tmp/j2/campaign.jsonl")" ] && ok || bad "--jobs 2 records differ from --jobs 1"
[ "$(records "$tmp/j1/campaign.jsonl" | wc -l)" = 12 ] && ok || bad "12 runs, $(records "$tmp/j1/campaign.jsonl" | wc -l) records"
expect_exit 1 "shard 1/2" "$bin" fuzz $sc --runs 12 --no-shrink --shard 1/2 --out "$tmp/s1" --quiet
expect_exit 1 "shard 2/2" "$bin" fuzz $sc --runs 12 --no-shrink --shard 2/2 --out "$tmp/s2" --quiet
expect_exit 1 "merge the shards" "$bin" fuzz --merge "$tmp/s2/campaign.jsonl" "$tmp/s1/campaign.jsonl" --format json
[ "$(records "$tmp/out")" = "$(records "$tmp/j1/campaign.jsonl")" ] && ok || bad "merged shards differ from the unsharded campaign"
head -1 "$tmp/out" | cmp -s - <(head -1 "$tmp/j1/campaign.jsonl") && ok || bad "merged header differs"
expect_exit 1 "merge, text" "$bin" fuzz --merge "$tmp/s1/campaign.jsonl" "$tmp/s2/campaign.jsonl" \
  --junit "$tmp/junit.xml" --github-summary "$tmp/step.md"
grep -q '^verdicts ' "$tmp/out" && ok || bad "merge prints no summary"
grep -q '<testsuite name="faultline fuzz raft-bug-commit-without-quorum" tests="2" failures="1"' "$tmp/junit.xml" && ok || bad "JUnit: $(head -3 "$tmp/junit.xml")"
grep -q '^## faultline fuzz: raft-bug-commit-without-quorum FAILED' "$tmp/step.md" && ok || bad "GitHub summary: $(head -1 "$tmp/step.md")"
expect_exit 1 "merge one shard (the other missing)" "$bin" fuzz --merge "$tmp/s1/campaign.jsonl"
grep -q 'shards 2/2 are missing' "$tmp/err" && ok || bad "merge of one shard does not say the other is missing"
# Incomplete, with no failure: unknown (2), not a pass.
expect_exit 0 "a passing shard" "$bin" fuzz scenarios/raft-minority-partition.yaml --runs 4 --shard 1/2 \
  --no-shrink --out "$tmp/p1" --quiet
expect_exit 2 "merge a passing shard without the other" "$bin" fuzz --merge "$tmp/p1/campaign.jsonl"
expect_exit 65 "merge a shard twice" "$bin" fuzz --merge "$tmp/s1/campaign.jsonl" "$tmp/s1/campaign.jsonl"
expect_exit 65 "merge shards of different campaigns" "$bin" fuzz --merge "$tmp/s1/campaign.jsonl" "$tmp/ok/campaign.jsonl"
printf 'not json\n' >"$tmp/garbage.jsonl"
expect_exit 65 "merge a file that is not a campaign's" "$bin" fuzz --merge "$tmp/garbage.jsonl"
grep -q "garbage.jsonl:1: " "$tmp/err" && ok || bad "merge error does not name FILE:LINE: $(cat "$tmp/err")"
expect_exit 65 "merge a missing file" "$bin" fuzz --merge "$tmp/nope.jsonl"

# --format json: one line per run on stdout, in run order; a time budget.
expect_exit 1 "--format json" "$bin" fuzz $sc --runs 5 --no-shrink --format json --out "$tmp/json" --quiet
[ "$(grep -c '^{"checkers"' "$tmp/out")" = 5 ] && ok || bad "--format json printed $(wc -l <"$tmp/out") lines for 5 runs"
"$bin" fuzz scenarios/raft-minority-partition.yaml --time-budget 2s --no-shrink --out "$tmp/budget" --quiet >"$tmp/out" 2>&1
grep -q '"runs": [1-9]' "$tmp/budget/summary.json" && ok || bad "--time-budget 2s ran nothing"

# SIGINT stops a long campaign after the runs under way; it reports those (exit 130).
"$bin" fuzz scenarios/raft-minority-partition.yaml --runs 1000000 --no-shrink --out "$tmp/int" --quiet \
  >"$tmp/int.out" 2>"$tmp/int.err" &
pid=$!
for _ in $(seq 1 50); do
  [ -f "$tmp/int/campaign.jsonl" ] && [ "$(wc -l <"$tmp/int/campaign.jsonl")" -ge 3 ] && break
  sleep 0.1
done
kill -INT $pid
wait $pid
rc=$?
[ "$rc" = 130 ] && ok || bad "SIGINT: exit $rc, want 130"
grep -q 'stopped by a signal after [0-9]* runs' "$tmp/int.err" && ok || bad "SIGINT: no message: $(cat "$tmp/int.err")"
runs=$(grep -c '^{"checkers"' "$tmp/int/campaign.jsonl")
grep -q "^fuzz summary: raft-minority-partition (kv.raft), $runs runs" "$tmp/int.out" && ok ||
  bad "SIGINT: the summary does not count the $runs recorded runs: $(head -2 "$tmp/int.out")"

# The determinism sentinel: a model that leaks state between runs is caught, loudly.
expect_exit 3 "sentinel catches nondeterminism" \
  "$leaky_bin" fuzz tests/scenarios/leaky-gossip.yaml --runs 4 --sentinel 100% --out "$tmp/leak" --quiet
grep -q 'diverged  <-- NONDETERMINISM' "$tmp/out" && ok || bad "sentinel alarm missing from the summary"
grep -q 'first differing trace event, line [0-9]*: first run {' "$tmp/out" && ok || bad "sentinel does not name the first differing event"
expect_exit 0 "the sentinel off" \
  "$leaky_bin" fuzz tests/scenarios/leaky-gossip.yaml --runs 4 --sentinel 0 --out "$tmp/leak0" --quiet

# The output directory: a rerun replaces the previous campaign's; a user's file is kept.
expect_exit 1 "rerun into the same --out" "$bin" fuzz $sc --runs 12 --no-shrink --out "$tmp/j1" --quiet
mkdir -p "$tmp/mine" && echo mine >"$tmp/mine/notes.txt"
expect_exit 73 "--out holding a user's file" "$bin" fuzz $sc --runs 2 --out "$tmp/mine" --quiet
[ -f "$tmp/mine/notes.txt" ] && ok || bad "the user's file was removed"

# Bad flags (64) and bad input (65).
expect_exit 64 "no --runs or --time-budget" "$bin" fuzz $sc
expect_exit 64 "--runs and --time-budget" "$bin" fuzz $sc --runs 3 --time-budget 1s
expect_exit 64 "--runs 0" "$bin" fuzz $sc --runs 0
expect_exit 64 "--runs -3" "$bin" fuzz $sc --runs -3
expect_exit 64 "--shard 3/2" "$bin" fuzz $sc --runs 3 --shard 3/2
expect_exit 64 "--shard 0/2" "$bin" fuzz $sc --runs 3 --shard 0/2
expect_exit 64 "--shard x" "$bin" fuzz $sc --runs 3 --shard x
expect_exit 64 "--jobs 0" "$bin" fuzz $sc --runs 3 --jobs 0
expect_exit 64 "--sentinel 200%" "$bin" fuzz $sc --runs 3 --sentinel 200%
expect_exit 64 "--time-budget 0s" "$bin" fuzz $sc --time-budget 0s
expect_exit 64 "--time-budget 10" "$bin" fuzz $sc --time-budget 10
expect_exit 64 "--merge with a scenario" "$bin" fuzz $sc --merge "$tmp/s1/campaign.jsonl"
expect_exit 64 "--merge with --runs" "$bin" fuzz --merge "$tmp/s1/campaign.jsonl" --runs 3
expect_exit 64 "--sentinel 0.01% (would round to off)" "$bin" fuzz $sc --runs 3 --sentinel 0.01%
expect_exit 64 "--junit inside --out" "$bin" fuzz $sc --runs 3 --out "$tmp/jo" --junit "$tmp/jo/junit.xml"
expect_exit 64 "--format xml" "$bin" fuzz $sc --runs 3 --format xml
expect_exit 65 "a scenario with no checkers" "$bin" fuzz scenarios/quickstart.yaml --runs 3 --out "$tmp/q" --quiet
grep -q 'lists no checkers' "$tmp/err" && ok || bad "no-checkers error: $(cat "$tmp/err")"
expect_exit 65 "a bad --set" "$bin" fuzz $sc --runs 3 --set cluster.nodes=zero --out "$tmp/q" --quiet
expect_exit 65 "a missing scenario" "$bin" fuzz "$tmp/none.yaml" --runs 3 --out "$tmp/q" --quiet
expect_exit 0 "--help" "$bin" fuzz --help
grep -q 'usage: faultline fuzz SCENARIO.yaml' "$tmp/out" && ok || bad "--help lacks the usage line"

echo "fuzz_end_to_end: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
