#!/usr/bin/env bash
# A real fuzzing session: every libFuzzer target (fuzz/) for BENCH_FUZZ_SECONDS (default 600, the issue's ten
# minutes) from its committed corpus, printing runs, runs/s and coverage per target. CI runs the same for 20 s each.
# BENCH_FUZZ_MERGE=1 folds what was found into fuzz/corpus/ (minimised) for a commit.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
if [[ "${BENCH_FUZZ_MERGE:-0}" == 1 ]]; then args+=(--merge); fi
exec scripts/fuzz.sh "${args[@]}" "${BENCH_FUZZ_SECONDS:-600}"
