#!/usr/bin/env bash
# End-to-end tests of where faultline writes (issue 9, classes 2, 3, 5 and 6): an output
# never replaces a device, FIFO, directory or its own input; a run directory is locked by
# one run and holds only that run's files.
#   tests/outputs_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
repo=$(pwd)
tmp=$(mktemp -d)
bg_pid=
cleanup() {
  if [ -n "$bg_pid" ]; then kill -9 "$bg_pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
source tests/lib.sh
expect_err() { # pattern, description: the last command's stderr
  grep -q -- "$1" "$tmp/err" && ok || bad "$2: stderr lacks '$1': $(head -1 "$tmp/err")"
}
no_temp_files() { # dir, description
  local left
  left=$(find "$1" -name '.*.faultline-*' | head -3)
  [ -z "$left" ] && ok || bad "$2 left temporary files: $left"
}

# Inputs: a linearizable history, a trace, and a run with a violation.
expect_exit 0 "sync run" "$bin" run scenarios/sync-stalls-on-partition.yaml --out "$tmp/sync" --quiet
hist="$tmp/sync/history.jsonl"
expect_exit 0 "quickstart run" "$bin" run scenarios/quickstart.yaml --out "$tmp/q" --quiet
trace="$tmp/q/trace.jsonl"
expect_exit 1 "stale run" "$bin" run scenarios/replica-reads-are-stale.yaml --out "$tmp/stale" --quiet
cd "$tmp"

# --- Class 2: only a regular file (or nothing) is replaced; the rest is written through
# or refused. ---
expect_exit 0 "--report to a new file" "$bin" check "$hist" --model kv --report r.json
[ -f r.json ] && grep -q '"verdict"' r.json && ok || bad "--report wrote no report"
chmod 640 r.json
expect_exit 0 "--report over a file" "$bin" check "$hist" --model kv --report r.json
[ "$(stat -c %a r.json)" = 640 ] && ok || bad "--report changed the file's mode to $(stat -c %a r.json)"

echo old > real.json
ln -s real.json link.json
expect_exit 0 "--report through a symlink" "$bin" check "$hist" --model kv --report link.json
[ -L link.json ] && ok || bad "--report replaced the symlink itself"
grep -q '"verdict"' real.json && ok || bad "--report did not write the symlink's target"

ln -s missing.json dangling.json
expect_exit 73 "--report to a dangling symlink" "$bin" check "$hist" --model kv --report dangling.json
expect_err "symlink to a missing file" "dangling symlink"
[ -L dangling.json ] && [ ! -e missing.json ] && ok || bad "dangling symlink was changed"

mkdir adir
expect_exit 73 "--report naming a directory" "$bin" check "$hist" --model kv --report adir
expect_err "adir: it is a directory" "--report directory"
expect_exit 73 "viz --out naming a directory" "$bin" viz "$trace" --format dot --out adir
expect_exit 73 "--html naming a directory" "$bin" check "$hist" --model kv --html adir

mkfifo fifo
timeout 20 cat fifo > from-fifo &
reader=$!
expect_exit 0 "--report into a FIFO" "$bin" check "$hist" --model kv --report fifo
wait "$reader"
[ -p fifo ] && ok || bad "--report replaced the FIFO"
grep -q '"verdict"' from-fifo && ok || bad "the FIFO's reader got no report"

"$bin" check "$hist" --model kv --report /dev/stdout >stdout.txt 2>/dev/null
[ $? = 0 ] && grep -q '"verdict"' stdout.txt && grep -q '^verdict: ' stdout.txt && ok ||
  bad "--report /dev/stdout into a file did not append the report to the summary"
"$bin" check "$hist" --model kv --report /dev/stdout 2>/dev/null | grep -q '"verdict"' && ok ||
  bad "--report /dev/stdout into a pipe wrote no report"
"$bin" viz "$trace" --format dot --out /dev/stdout 2>/dev/null | grep -q '^digraph' && ok ||
  bad "viz --out /dev/stdout wrote no diagram"

if [ "$(id -u)" != 0 ]; then
  skip "a character device at the output path (needs root to be at risk)"
elif ! mknod null c 1 3 2>/dev/null; then
  skip "a character device at the output path (mknod is not permitted here)"
else
  expect_exit 0 "--report to a null device" "$bin" check "$hist" --model kv --report null
  [ -c null ] && ok || bad "--report replaced a character device with a file"
  expect_exit 0 "viz --out a null device" "$bin" viz "$trace" --format dot --out null
  [ -c null ] && ok || bad "viz --out replaced a character device with a file"
  if [ -c null ]; then  # only when a copy survived: never risk the real /dev/null
    expect_exit 0 "--report /dev/null as root" "$bin" check "$hist" --model kv --report /dev/null
    [ -c /dev/null ] && ok || bad "--report /dev/null as root turned /dev/null into a file"
  fi
fi

# Concurrent writers of one path each use their own temporary file: all succeed, and the
# file is whole.
"$bin" viz "$trace" --format dot --out one.dot 2>/dev/null
pids=()
for i in 1 2 3 4; do "$bin" viz "$trace" --format dot --out many.dot 2>/dev/null & pids+=($!); done
all=0
for p in "${pids[@]}"; do wait "$p" || all=1; done
[ "$all" = 0 ] && ok || bad "concurrent viz --out of one path failed"
cmp -s one.dot many.dot && ok || bad "concurrent viz --out left a mixed file"
no_temp_files "$tmp" "--report and viz --out"

# --- Class 3: an output is never its own input (same device and inode). ---
cp "$hist" h.jsonl
cp h.jsonl h.keep
expect_exit 73 "check --report onto its history" "$bin" check h.jsonl --model kv --report h.jsonl
expect_err "output --report h.jsonl is the input file h.jsonl" "--report onto input"
cmp -s h.jsonl h.keep && ok || bad "check --report destroyed its input"
expect_exit 73 "check --report ./h.jsonl" "$bin" check h.jsonl --model kv --report ./h.jsonl
ln h.jsonl h-hard.jsonl
expect_exit 73 "check --report a hard link of the history" "$bin" check h.jsonl --model kv --report h-hard.jsonl
ln -s h.jsonl h-sym.jsonl
expect_exit 73 "check --html a symlink to the history" "$bin" check h.jsonl --model kv --html h-sym.jsonl
cmp -s h.jsonl h.keep && ok || bad "check destroyed its input through a link"
expect_exit 73 "--report and --html the same file" "$bin" check h.jsonl --model kv --report same.out --html ./same.out
expect_err "name the same file" "--report = --html"

cp "$trace" t.jsonl
cp t.jsonl t.keep
expect_exit 73 "viz --out onto its trace" "$bin" viz t.jsonl --format dot --out t.jsonl
expect_err "is the input file t.jsonl" "viz --out onto input"
ln t.jsonl t-hard.jsonl
expect_exit 73 "viz --out a hard link of its trace" "$bin" viz t.jsonl --format dot --out t-hard.jsonl
cmp -s t.jsonl t.keep && ok || bad "viz --out destroyed its input"
cp "$tmp/stale/results.json" stale.keep
expect_exit 73 "viz --out onto the run's results.json" "$bin" viz --around-violation "$tmp/stale" --format dot --out "$tmp/stale/results.json"
cmp -s "$tmp/stale/results.json" stale.keep && ok || bad "viz --out destroyed the report it centres on"

cp "$repo/scenarios/quickstart.yaml" "$tmp/q/scenario.yaml"
expect_exit 73 "run whose run dir holds its scenario" "$bin" run "$tmp/q/scenario.yaml" --out "$tmp/q" --quiet
expect_err "is the input file" "run --out onto its scenario"
[ -s "$tmp/q/scenario.yaml" ] && [ -s "$tmp/q/results.json" ] && ok || bad "refused run changed its run dir"

# --- Class 5: one run at a time per run dir; kill -9 leaves no stale lock. ---
"$bin" run "$repo/scenarios/quickstart.yaml" --out "$tmp/busy" --quiet >/dev/null 2>&1
flock "$tmp/busy/.faultline-run" sleep 30 &
bg_pid=$!
for _ in $(seq 50); do flock -n "$tmp/busy/.faultline-run" true 2>/dev/null || break; sleep 0.1; done
expect_exit 73 "run into a locked run dir" "$bin" run "$repo/scenarios/quickstart.yaml" --out "$tmp/busy" --quiet
expect_err "in use by another run" "locked run dir"
[ -s "$tmp/busy/results.json" ] && ok || bad "a refused run touched the busy run dir"
kill "$bg_pid" 2>/dev/null; wait "$bg_pid" 2>/dev/null; bg_pid=

"$bin" run "$repo/scenarios/quickstart.yaml" --out "$tmp/long" --quiet --set duration=100000s >/dev/null 2>&1 &
bg_pid=$!
for _ in $(seq 100); do grep -qs "written by pid" "$tmp/long/.faultline-run" && break; sleep 0.1; done
expect_exit 73 "second run into a running run's dir" "$bin" run "$repo/scenarios/quickstart.yaml" --out "$tmp/long" --quiet
expect_err "in use by another run (pid $bg_pid)" "second concurrent run"
kill -9 "$bg_pid"; wait "$bg_pid" 2>/dev/null; bg_pid=
expect_exit 0 "run after kill -9 of the previous one" "$bin" run "$repo/scenarios/quickstart.yaml" --out "$tmp/long" --quiet
[ -s "$tmp/long/results.json" ] && ok || bad "run after kill -9 wrote no results.json"

# --- Class 6: a run owns its directory; the previous run's files go, a user's stay. ---
expect_exit 1 "run with diagrams" "$bin" run "$repo/scenarios/replica-reads-are-stale.yaml" --out own --quiet \
  --set 'outputs=[results.json, trace.jsonl, history.jsonl, diagram.dot]'
[ -s own/linearizability.html ] && [ -s own/diagram.dot ] && ok || bad "run wrote no failure view or diagram"
expect_exit 0 "rerun without them" "$bin" run "$repo/scenarios/quickstart.yaml" --out own --quiet \
  --set 'outputs=[results.json, history.jsonl]'
for f in linearizability.html diagram.dot trace.jsonl; do
  [ ! -e "own/$f" ] && ok || bad "a reused run dir kept the previous run's $f"
done
grep -q "^removed .*diagram.dot" "$tmp/out" && grep -q "^removed .*trace.jsonl" "$tmp/out" && ok ||
  bad "the summary does not say what was removed: $(grep removed "$tmp/out")"
[ -s own/history.jsonl ] && [ -s own/results.json ] && ok || bad "the rerun lacks its own files"

mkdir mine
echo notes > mine/notes.txt
expect_exit 73 "run into a directory with a user's file" "$bin" run "$repo/scenarios/quickstart.yaml" --out mine --quiet
expect_err "did not write (notes.txt)" "foreign file"
[ "$(ls -A mine)" = notes.txt ] && ok || bad "a refused run left files in the user's directory: $(ls -A mine)"
echo notes > own/notes.txt
expect_exit 73 "run into a run dir with a user's file added" "$bin" run "$repo/scenarios/quickstart.yaml" --out own --quiet
[ -s own/notes.txt ] && [ -s own/results.json ] && ok || bad "a refused run removed files"
mkdir empty
expect_exit 0 "run into an empty directory" "$bin" run "$repo/scenarios/quickstart.yaml" --out empty --quiet

# A run dir of an older faultline (no .faultline-run): its results.json names its files.
cp -r "$tmp/stale" legacy
rm legacy/.faultline-run
touch legacy/.results.json.faultline-0badc0de  # a temporary file of a killed write
expect_exit 0 "run into an older run dir" "$bin" run "$repo/scenarios/quickstart.yaml" --out legacy --quiet
[ ! -e legacy/linearizability.html ] && ok || bad "the older run dir kept its failure view"
no_temp_files legacy "a reused run dir"

echo "outputs_test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
