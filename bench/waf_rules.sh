#!/usr/bin/env bash
# Which Core Rule Set files cost most, measured inside the process (bench/waf/waf_rules_bench.cpp): builds the
# benchmark in the build directory (JETWAY_BUILD_DIR, default build/) and runs it. Argument: requests a measurement
# (default 2000). bench/security.py's "rules" part measures the same over HTTP, with wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${JETWAY_BUILD_DIR:-build}"
cmake --build "$build" --target waf_rules_bench -j2 >/dev/null
exec "$build/bench/waf/waf_rules_bench" "$@"
