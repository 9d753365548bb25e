#!/usr/bin/env bash
# Runs this job's shard of a `faultline fuzz` campaign, taking I/N from the job runner:
#   Kubernetes Indexed Job:  JOB_COMPLETION_INDEX (0-based); N from FAULTLINE_SHARDS
#   Slurm job array:         SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT
#                            (a contiguous array, --array=0-N-1 or 1-N)
#   anything else:           FAULTLINE_SHARD=I/N (1-based, as --shard takes it)
# FAULTLINE_SHARD wins over the others; then Kubernetes, then Slurm.
#   scripts/fuzz-shard.sh [FAULTLINE] -- SCENARIO.yaml --runs N [fuzz options]
# FAULTLINE defaults to $FAULTLINE, else build/faultline. Give every shard the same
# scenario, --runs (or --time-budget), --seed-start, --swarm and --set, and its own --out;
# then `faultline fuzz --merge */campaign.jsonl` gives the whole campaign's summary.
# The exit code is faultline fuzz's (0 passed, 1 violation, ...), or 64 when no shard is
# set or it is malformed.
set -euo pipefail
usage() {
  echo "fuzz-shard.sh: $*" >&2
  echo "usage: scripts/fuzz-shard.sh [FAULTLINE] -- SCENARIO.yaml --runs N [fuzz options]" >&2
  exit 64
}
faultline=${FAULTLINE:-build/faultline}
if [ $# -gt 0 ] && [ "$1" != -- ]; then faultline=$1; shift; fi
[ $# -gt 0 ] && [ "$1" = -- ] && shift
[ $# -gt 0 ] || usage "no scenario given"

is_count() { case $1 in '' | *[!0-9]*) return 1 ;; esac; [ "$1" -ge 0 ] 2>/dev/null; }

if [ -n "${FAULTLINE_SHARD:-}" ]; then
  shard=$FAULTLINE_SHARD
  from="FAULTLINE_SHARD"
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  is_count "$JOB_COMPLETION_INDEX" ||
    usage "JOB_COMPLETION_INDEX='$JOB_COMPLETION_INDEX' is not a 0-based index"
  is_count "${FAULTLINE_SHARDS:-}" && [ "$FAULTLINE_SHARDS" -gt 0 ] ||
    usage "JOB_COMPLETION_INDEX is set but FAULTLINE_SHARDS (the Job's completions) is not; set it to the shard count"
  shard=$((JOB_COMPLETION_INDEX + 1))/$FAULTLINE_SHARDS
  from="Kubernetes JOB_COMPLETION_INDEX=$JOB_COMPLETION_INDEX of $FAULTLINE_SHARDS"
elif [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  for v in SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_MIN SLURM_ARRAY_TASK_COUNT; do
    is_count "${!v:-}" || usage "$v='${!v:-}' is not a number (submit with sbatch --array=0-N-1 or 1-N)"
  done
  # --array=1-8 and --array=0-7 both give shards 1..8. A stepped or sparse array
  # (--array=0-15:2, --array=1,5,9) would leave shards unrun: refuse it in every task.
  if [ "${SLURM_ARRAY_TASK_STEP:-1}" != 1 ] ||
    { [ -n "${SLURM_ARRAY_TASK_MAX:-}" ] &&
      [ $((SLURM_ARRAY_TASK_MAX - SLURM_ARRAY_TASK_MIN + 1)) != "$SLURM_ARRAY_TASK_COUNT" ]; }; then
    usage "the Slurm array is not contiguous (min ${SLURM_ARRAY_TASK_MIN}, max ${SLURM_ARRAY_TASK_MAX:-?}, step ${SLURM_ARRAY_TASK_STEP:-1}, count $SLURM_ARRAY_TASK_COUNT); submit with --array=0-N-1"
  fi
  i=$((SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1))
  [ "$i" -ge 1 ] && [ "$i" -le "$SLURM_ARRAY_TASK_COUNT" ] ||
    usage "SLURM_ARRAY_TASK_ID=$SLURM_ARRAY_TASK_ID is outside MIN=$SLURM_ARRAY_TASK_MIN, COUNT=$SLURM_ARRAY_TASK_COUNT; use a contiguous array (--array=0-N-1)"
  shard=$i/$SLURM_ARRAY_TASK_COUNT
  from="Slurm SLURM_ARRAY_TASK_ID=$SLURM_ARRAY_TASK_ID (min $SLURM_ARRAY_TASK_MIN, count $SLURM_ARRAY_TASK_COUNT)"
else
  usage "no shard: set FAULTLINE_SHARD=I/N, or run as a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with FAULTLINE_SHARDS) or a Slurm job array (SLURM_ARRAY_TASK_ID)"
fi
case $shard in
  [0-9]*/[0-9]*) ;;
  *) usage "shard '$shard' (from $from) is not I/N" ;;
esac
[ -x "$faultline" ] || usage "no faultline binary at $faultline (give its path first, or set FAULTLINE)"
echo "fuzz-shard.sh: shard $shard from $from" >&2
exec "$faultline" fuzz "$@" --shard "$shard"
