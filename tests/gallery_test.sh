#!/usr/bin/env bash
# docs/gallery.md and docs/gallery/*.svg are what this build draws, byte for byte: every
# shipped scenario at its seed, its story picture and caption (scripts/gallery.sh).
#   tests/gallery_test.sh path/to/faultline
set -uo pipefail
faultline=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! scripts/gallery.sh "$faultline" "$tmp" >"$tmp/log" 2>&1; then
  echo "FAIL: scripts/gallery.sh failed:"; cat "$tmp/log"; exit 1
fi
if diff -r docs/gallery "$tmp/gallery" >"$tmp/diff" && diff docs/gallery.md "$tmp/gallery.md" >>"$tmp/diff"; then
  echo "gallery_test: $(ls docs/gallery/*.svg | wc -l) pictures and gallery.md match the build"
  exit 0
fi
echo "FAIL: the gallery differs from what this build draws (first lines of the diff below);"
echo "if the change is intended, regenerate it: scripts/gallery.sh build/faultline, and review git diff docs/"
head -n 20 "$tmp/diff"
exit 1
