#!/usr/bin/env bash
# Check-ins per second for a 180-seat flight whose passengers all check in within a minute, beside the database's
# own single-row commit rate in the same run (bench/tickets/check_in_bench.cpp). SQLite by default; with
# JETWAY_TEST_POSTGRES=<owner URL> on that PostgreSQL server.
#   bench/check_in.sh [threads (default 8)]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target check_in_bench -j2 >/dev/null
exec build/bench/tickets/check_in_bench "${1:-8}"
