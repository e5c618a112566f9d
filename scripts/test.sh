#!/usr/bin/env bash
# One command to run the whole test suite: installs what it needs, builds, then runs the unit tests and the
# HTTP tests against the real binary (CTest). JETWAY_SANITIZE=1 builds and tests under ASan+UBSan in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${JETWAY_SANITIZE:-0}" == 1 ]]; then export JETWAY_BUILD_DIR="${JETWAY_BUILD_DIR:-build-asan}"; fi
scripts/setup.sh
cd "${JETWAY_BUILD_DIR:-build}"
ctest --output-on-failure --timeout 900 "$@"
