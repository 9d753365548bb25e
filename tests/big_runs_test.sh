#!/usr/bin/env bash
# Big runs stay drawable: the default full diagram (`faultline viz TRACE --out x.svg`, no
# selection flags) of every shipped scenario at its own seed is summarised to fit under
# librsvg's 32,767 px limit and still shows every partition, crash and pause of its trace.
# Five of them are rendered with `rsvg-convert -w 1600` (2-3 s each, so not all 30): the
# three that grow tallest at that width, which are the ones near the limit, and the two
# with the most fault marks, the busiest pictures. Exits 77 (SKIPPED) without rsvg-convert.
#   tests/big_runs_test.sh path/to/faultline
set -uo pipefail
faultline=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
if ! command -v rsvg-convert >/dev/null; then
  echo "SKIPPED: rsvg-convert is not installed (apt-get install librsvg2-bin)"
  exit 77
fi
count() { grep -c -- "$1" "$2"; }

for yaml in scenarios/*.yaml; do
  s=$(basename "$yaml" .yaml)
  dir=$tmp/$s
  "$faultline" run "$yaml" --out "$dir" >/dev/null 2>&1
  [ -f "$dir/trace.jsonl" ] || { bad "$s: the run wrote no trace.jsonl"; continue; }
  if ! "$faultline" viz "$dir/trace.jsonl" --out "$dir/full.svg" 2>"$tmp/err"; then
    bad "$s: viz failed: $(cat "$tmp/err")"
    continue
  fi
  height=$(grep -o -m1 '<svg [^>]*' "$dir/full.svg" | grep -o ' height="[0-9]*' | grep -o '[0-9]*$')
  width=$(grep -o -m1 '<svg [^>]*' "$dir/full.svg" | grep -o ' width="[0-9]*' | grep -o '[0-9]*$')
  # At 1600 px wide the picture grows by 1600/width: that is what rsvg-convert must fit.
  if [ -n "$height" ] && [ "$height" -lt 12500 ] && [ $((height * 1600 / width)) -lt 32767 ]; then
    ok
  else
    bad "$s: the diagram is ${width}x${height} px"
  fi
  events=$(wc -l <"$dir/trace.jsonl")
  if [ "$events" -gt 800 ]; then
    grep -q "summarised to fit 800 rows" "$tmp/err" && ok || bad "$s: the note does not say it summarised: $(cat "$tmp/err")"
  fi
  # Every fault of the trace is drawn: a band per partition, a mark per crash and pause
  # (plus the legend's own sample when there is one).
  for fault in partition:part crash:g-crash pause:g-pause; do
    type=${fault%%:*} class=${fault#*:}
    n=$(count "\"type\":\"$type\"" "$dir/trace.jsonl")
    legend=$([ "$n" -gt 0 ] && echo 1 || echo 0)
    drawn=$(grep -o "<[a-z]* class=\"$class\"" "$dir/full.svg" | wc -l)
    [ "$drawn" = $((n + legend)) ] && ok || bad "$s: $n ${type}s in the trace, $((drawn - legend)) drawn"
  done
  if [ -n "$height" ] && [ -n "$width" ]; then
    marks=$(grep -oE '<[a-z]* class="(part|g-crash|g-pause)"' "$dir/full.svg" | wc -l)
    echo "$((height * 1600 / width)) $s" >>"$tmp/tall"
    echo "$marks $s" >>"$tmp/busy"
  fi
done

# Render the chosen five (a scenario both tall and busy counts once; ties go by name).
picked=$( { sort -k1,1nr -k2 "$tmp/tall" | head -3; sort -k1,1nr -k2 "$tmp/busy" | head -2; } |
          awk '{print $2}' | sort -u)
[ "$(wc -l <<<"$picked")" -ge 3 ] && ok || bad "fewer than three diagrams to render: $picked"
for s in $picked; do
  rsvg-convert -w 1600 "$tmp/$s/full.svg" -o "$tmp/$s.png" 2>"$tmp/err" && [ -s "$tmp/$s.png" ] &&
    ok || bad "$s: rsvg-convert -w 1600 failed: $(head -c 300 "$tmp/err")"
  rm -f "$tmp/$s.png"
done
echo "rendered at 1600 px: $(echo $picked)"

# --max-rows 0 draws every event; --max-events stays a hard cap.
d=$tmp/quickstart
"$faultline" viz "$d/trace.jsonl" --max-rows 0 --max-events 300 --out "$tmp/capped.svg" 2>"$tmp/err" &&
  grep -q "showing the first 300 of" "$tmp/err" && ! grep -q summarised "$tmp/err" && ok ||
  bad "--max-rows 0 --max-events 300: $(cat "$tmp/err")"
expect_exit 64 "--max-rows -1" "$faultline" viz "$d/trace.jsonl" --max-rows -1 --format svg
# Same trace, same summary, byte for byte.
"$faultline" viz "$d/trace.jsonl" --out "$tmp/again.svg" 2>/dev/null
cmp -s "$d/full.svg" "$tmp/again.svg" && ok || bad "two drawings of one trace differ"

echo "big_runs_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
