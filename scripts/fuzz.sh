#!/usr/bin/env bash
# The fuzzers: builds the libFuzzer targets of fuzz/ with clang 16, ASan and UBSan (no recovery) into build-fuzz/,
# then runs each for SECONDS (default 60) from its committed corpus (fuzz/corpus/<target>/), new inputs going to a
# scratch directory, JETWAY_FUZZ_JOBS (2) targets at a time. A crash, sanitizer report, leak, timeout (10 s an
# input) or out-of-memory (2 GiB) fails the run;
# the input is kept as build-fuzz/artifacts/<target>-crash-<sha1> and the report ends in its log there.
#
#   scripts/fuzz.sh [SECONDS]         # CI runs 6 s each (.ci/run); a real session: 600 (bench/fuzz.sh)
#   scripts/fuzz.sh --merge [SECONDS] # and fold what was found into the committed corpora, minimised
#   scripts/fuzz.sh --build-only
set -euo pipefail
cd "$(dirname "$0")/.."
merge=0 build_only=0
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --merge) merge=1 ;;
    --build-only) build_only=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
seconds="${1:-60}"

JETWAY_WITH_FUZZ=1 JETWAY_SKIP_BUILD=1 scripts/setup.sh
build=build-fuzz
if [[ ! -f "$build/build.ninja" ]]; then
  CXX=clang++-16 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJETWAY_FUZZ=ON
fi
cmake --build "$build" -j "${JETWAY_JOBS:-2}" --target fuzzers
if ((build_only)); then exit 0; fi

mkdir -p "$build/artifacts"
# Each target is one process on one core: JETWAY_FUZZ_JOBS (default 2) of them at a time.
jobs="${JETWAY_FUZZ_JOBS:-2}"
fuzz_one() {
  local name=$1 corpus=$2 scratch log rc=0
  scratch=$(mktemp -d /tmp/jetway-fuzz-XXXXXX)
  log="$build/artifacts/$name.log"
  "$build/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$name-" "$scratch" "$corpus" > "$log" 2>&1 || rc=$?
  if ((merge && rc == 0)); then "$build/fuzz/fuzz_$name" -merge=1 "$corpus" "$scratch" > /dev/null 2>&1; fi
  rm -rf "$scratch"
  echo "$rc" > "$build/artifacts/$name.rc"
}
names=()
for corpus in fuzz/corpus/*/; do
  name=$(basename "$corpus")
  names+=("$name")
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  fuzz_one "$name" "$corpus" &
done
wait

failed=()
printf '%-20s %10s %10s %8s %8s %s\n' target runs "runs/s" cov corpus result
for name in "${names[@]}"; do
  log="$build/artifacts/$name.log"
  rc=$(cat "$build/artifacts/$name.rc")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  result=ok
  if ((rc != 0)); then result="FAILED (exit $rc; $log)"; failed+=("$name"); fi
  printf '%-20s %10s %10s %8s %8s %s\n' "$name" "${runs:-?}" "${speed:-?}" "${cov:-?}" \
    "$(find "fuzz/corpus/$name" -type f | wc -l)" "$result"
done
if ((${#failed[@]})); then
  for name in "${failed[@]}"; do tail -n 40 "$build/artifacts/$name.log"; done
  echo "fuzzing found a failure in: ${failed[*]}" >&2
  exit 1
fi
