#!/usr/bin/env bash
# The story of a violation (viz/story.h) end to end: every failing shipped scenario that
# keeps its trace writes story.svg, whose caption names the op the checker could not place
# by the number the checker prints, outlines it, and renders at 1600 px wide with
# rsvg-convert; `faultline viz --around-violation` draws the same story.
#   tests/story_test.sh path/to/faultline
set -uo pipefail
faultline=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
have_rsvg=1
command -v rsvg-convert >/dev/null || { have_rsvg=0; echo "SKIPPED: rsvg-convert is not installed (apt-get install librsvg2-bin): the stories are not rendered"; }

scenarios=(async-failover-loses-writes async-crash-loses-tail raft-bug-commit-without-quorum
           raft-bug-stale-leader-read quorum-r1-w1-stale-reads replica-reads-are-stale)
for s in "${scenarios[@]}"; do
  dir=$tmp/$s
  "$faultline" run "scenarios/$s.yaml" --out "$dir" >"$tmp/out" 2>&1
  code=$?
  [ "$code" = 1 ] || { bad "$s: exit $code, expected 1 (a violation)"; continue; }
  [ -f "$dir/story.svg" ] || { bad "$s: no story.svg"; continue; }
  grep -q "story: *$dir/story.svg" "$tmp/out" || bad "$s: the summary does not name story.svg"
  op=$(grep -o 'cannot place: op [0-9]*' "$tmp/out" | grep -o '[0-9]*$')
  caption=$(grep -o '<text class="cap"[^<]*' "$dir/story.svg" | head -n 1 | sed 's/<text[^>]*>//')
  case "$caption" in
    "op $op "*) ok ;;
    *) bad "$s: the caption '$caption' does not begin with the checker's op $op" ;;
  esac
  grep -q 'class="stk"' "$dir/story.svg" && ok || bad "$s: the failing op is not outlined"
  grep -q ">op $op [a-z]" "$dir/story.svg" && ok || bad "$s: no op bar labelled op $op"
  if grep -q '"type":"partition"' "$dir/trace.jsonl"; then
    grep -q 'class="part"' "$dir/story.svg" && ok || bad "$s: the run has a partition; the story shows none"
  fi
  if [ "$have_rsvg" = 1 ]; then
    rsvg-convert -w 1600 "$dir/story.svg" -o "$tmp/$s.png" 2>"$tmp/err" && [ -s "$tmp/$s.png" ] &&
      ok || bad "$s: rsvg-convert -w 1600 failed: $(cat "$tmp/err")"
  fi
done

# faultline viz --around-violation draws the story; --around-events asks for a window.
d=$tmp/async-failover-loses-writes
if "$faultline" viz --around-violation "$d" --out "$tmp/v.svg" 2>"$tmp/err"; then
  grep -q "the story of the violation" "$tmp/err" && cmp -s <(grep -v '<title>' "$tmp/v.svg" | grep 'class="cap"') <(grep -v '<title>' "$d/story.svg" | grep 'class="cap"') &&
    ok || bad "viz --around-violation: not the run's story ($(cat "$tmp/err"))"
else
  bad "viz --around-violation failed: $(cat "$tmp/err")"
fi
# A window still marks the violation: the failing op outlined, the story's caption.
"$faultline" viz --around-violation "$d" --around-events 20 --out "$tmp/w.svg" 2>"$tmp/err" &&
  grep -q 'events around' "$tmp/w.svg" && grep -q 'class="stk"' "$tmp/w.svg" &&
  grep -q 'class="cap"' "$tmp/w.svg" && ok || bad "--around-events: not a marked window"
# Same run, same story, byte for byte.
"$faultline" run scenarios/async-failover-loses-writes.yaml --out "$tmp/again" >/dev/null 2>&1
cmp -s "$d/story.svg" "$tmp/again/story.svg" && ok || bad "two runs of one seed drew different stories"

# --compare: the same key's story in an async and a sync run of one seed, side by side.
"$faultline" run scenarios/async-failover-loses-writes.yaml --set cluster.params.replication=sync \
  --out "$tmp/sync" >/dev/null 2>&1
if "$faultline" viz --compare "$d" "$tmp/sync" --out "$tmp/cmp.svg" 2>"$tmp/err"; then
  grep -q 'class="cap"' "$tmp/cmp.svg" && grep -q 'class="capok"' "$tmp/cmp.svg" &&
    grep -q 'op [0-9]*, the last read of k0, returned' "$tmp/cmp.svg" &&
    ok || bad "--compare: not both stories"
  if [ "$have_rsvg" = 1 ]; then
    rsvg-convert -w 1600 "$tmp/cmp.svg" -o "$tmp/cmp.png" 2>"$tmp/err" && ok ||
      bad "--compare: rsvg-convert failed: $(cat "$tmp/err")"
  fi
else
  bad "--compare failed: $(cat "$tmp/err")"
fi
# --story: a failing run's story is story.svg; a valid run's is its last read's key's.
"$faultline" viz --story "$d" --out "$tmp/s1.svg" 2>/dev/null && cmp -s "$tmp/s1.svg" "$d/story.svg" &&
  ok || bad "--story on a failing run is not its story.svg"
"$faultline" viz --story "$tmp/sync" --out "$tmp/s2.svg" 2>"$tmp/err" &&
  grep -q 'class="capok"' "$tmp/s2.svg" && ok || bad "--story on a valid run: $(cat "$tmp/err")"
"$faultline" viz --story "$tmp/sync" --format mermaid >/dev/null 2>&1 && ok ||
  bad "--story to mermaid failed"
expect_exit() { # code description args...
  local want=$1 what=$2
  shift 2
  "$faultline" "$@" >/dev/null 2>"$tmp/err"
  local got=$?
  [ "$got" = "$want" ] && ok || bad "$what: exit $got, expected $want ($(cat "$tmp/err"))"
}
expect_exit 64 "--story with a TRACE" viz --story "$d" "$d/trace.jsonl" --out "$tmp/x.svg"
expect_exit 64 "--story with a window" viz --story "$d" --from 1s --out "$tmp/x.svg"
expect_exit 65 "--story of a missing run" viz --story "$tmp/missing" --out "$tmp/x.svg"
expect_exit 64 "--compare with one run" viz --compare "$d" --out "$tmp/x.svg"
expect_exit 64 "--compare to DOT" viz --compare "$d" "$tmp/sync" --out "$tmp/x.dot"
expect_exit 64 "--compare of two valid runs without --key" viz --compare "$tmp/sync" "$tmp/sync" --out "$tmp/x.svg"
expect_exit 65 "--compare with a missing run" viz --compare "$d" "$tmp/missing" --out "$tmp/x.svg"
expect_exit 65 "--compare on a key nobody read" viz --compare "$d" "$tmp/sync" --key k99 --out "$tmp/x.svg"

echo "story_test: $pass passed, $fail failed"
[ "$fail" = 0 ]
