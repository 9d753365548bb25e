#!/usr/bin/env bash
# The scale-out recipes of docs/fuzzing.md ("Beyond one machine"): a campaign split into 3
# shards by scripts/fuzz-shard.sh under a Kubernetes Indexed Job's environment, a Slurm job
# array's, and GNU parallel (skipped when `parallel` is not installed), merged with
# `faultline fuzz --merge`, gives exactly the unsharded campaign's records (apart from
# wall_s and the header's shard). And fuzz-shard.sh refuses a missing or malformed shard.
#   tests/fuzz_recipes_test.sh path/to/faultline
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source tests/lib.sh
shard=scripts/fuzz-shard.sh
campaign=(scenarios/raft-bug-commit-without-quorum.yaml --runs 12 --no-shrink --quiet)

# The header without its shard, then the records by run without wall_s, one per line.
normalized() { # campaign.jsonl or --format json output
  jq -cS -s '[.[0] | .campaign |= del(.shard)] + (.[1:] | map(del(.wall_s)) | sort_by(.run)) | .[]' "$1"
}
merged_equals_unsharded() { # description, shard campaign.jsonl files...
  local what=$1; shift
  "$bin" fuzz --merge "$@" --format json >"$tmp/merged.json" 2>"$tmp/err"
  local rc=$?
  [ "$rc" = 1 ] || { bad "$what: --merge exited $rc, want 1 (commit-without-quorum fails)"; return; }
  if diff <(normalized "$tmp/all/campaign.jsonl") <(normalized "$tmp/merged.json") >"$tmp/diff"; then
    ok
  else
    bad "$what: merged records differ from the unsharded campaign's"
    head -6 "$tmp/diff" | sed 's/^/  | /'
  fi
}

command -v jq >/dev/null || { echo "fuzz_recipes_test: SKIPPED (needs jq)"; exit 0; }
expect_exit 1 "unsharded campaign" "$bin" fuzz "${campaign[@]}" --out "$tmp/all"
[ "$(grep -c '"run":' "$tmp/all/campaign.jsonl")" = 12 ] && ok || bad "unsharded campaign lacks 12 records"

# Kubernetes Indexed Job: JOB_COMPLETION_INDEX 0..2, FAULTLINE_SHARDS=3.
for i in 0 1 2; do
  expect_exit 1 "k8s index $i" env JOB_COMPLETION_INDEX=$i FAULTLINE_SHARDS=3 \
    $shard "$bin" -- "${campaign[@]}" --out "$tmp/k8s-$i"
done
grep -q 'shard 3/3 from Kubernetes' "$tmp/err" && ok || bad "k8s index 2 is not shard 3/3: $(cat "$tmp/err")"
merged_equals_unsharded "Kubernetes shards" "$tmp"/k8s-*/campaign.jsonl

# Slurm job array --array=4-6: SLURM_ARRAY_TASK_ID 4..6, MIN 4, COUNT 3.
for i in 4 5 6; do
  expect_exit 1 "slurm task $i" env SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=4 \
    SLURM_ARRAY_TASK_COUNT=3 FAULTLINE="$bin" $shard -- "${campaign[@]}" --out "$tmp/slurm-$i"
done
merged_equals_unsharded "Slurm shards" "$tmp"/slurm-*/campaign.jsonl

# GNU parallel on one host: FAULTLINE_SHARD={}/3.
if command -v parallel >/dev/null; then
  FAULTLINE="$bin" parallel --will-cite -j2 \
    FAULTLINE_SHARD={}/3 $shard -- "${campaign[*]}" --out "$tmp/par-{}" ::: 1 2 3 >/dev/null 2>"$tmp/err"
  [ $? = 3 ] && ok || bad "parallel: want 3 failed jobs (each shard finds commit-without-quorum)"
  merged_equals_unsharded "GNU parallel shards" "$tmp"/par-*/campaign.jsonl
else
  skip "GNU parallel recipe (parallel is not installed)"
fi

# No shard, or a malformed one: exit 64 with the fix named.
expect_exit 64 "no shard in the environment" env -u JOB_COMPLETION_INDEX -u SLURM_ARRAY_TASK_ID \
  -u FAULTLINE_SHARD $shard "$bin" -- "${campaign[@]}" --out "$tmp/none"
grep -q 'FAULTLINE_SHARD=I/N' "$tmp/err" && ok || bad "no-shard error does not name FAULTLINE_SHARD"
expect_exit 64 "k8s index without FAULTLINE_SHARDS" env -u FAULTLINE_SHARDS JOB_COMPLETION_INDEX=0 \
  $shard "$bin" -- "${campaign[@]}" --out "$tmp/none"
expect_exit 64 "slurm task outside the array" env SLURM_ARRAY_TASK_ID=9 SLURM_ARRAY_TASK_MIN=0 \
  SLURM_ARRAY_TASK_COUNT=3 $shard "$bin" -- "${campaign[@]}" --out "$tmp/none"
expect_exit 64 "stepped slurm array" env SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=0 \
  SLURM_ARRAY_TASK_MAX=4 SLURM_ARRAY_TASK_STEP=2 SLURM_ARRAY_TASK_COUNT=3 $shard "$bin" -- \
  "${campaign[@]}" --out "$tmp/none"
grep -q 'not contiguous' "$tmp/err" && ok || bad "a stepped Slurm array is not named"
expect_exit 64 "malformed FAULTLINE_SHARD" env FAULTLINE_SHARD=two $shard "$bin" -- "${campaign[@]}" \
  --out "$tmp/none"
[ ! -e "$tmp/none" ] && ok || bad "a refused shard still ran"

echo "fuzz_recipes_test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
