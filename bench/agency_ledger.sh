#!/usr/bin/env bash
# Bookings on account for one agency with many agents (every confirmation locks the one account row), for as many
# agencies with one agent each, and paid by card, side by side through the booking service
# (bench/agents/ledger_bench.cpp), on SQLite and then on a throw-away PostgreSQL 15 cluster (scripts/pg_cluster.sh).
#   bench/agency_ledger.sh [seconds per kind (default 5)] [clients (default 32)]
# BENCH_ENGINES="sqlite" (or "postgres") runs one engine.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${JETWAY_BUILD_DIR:-build}"
cmake --build "$build" --target ledger_bench -j2 >/dev/null
for engine in ${BENCH_ENGINES:-sqlite postgres}; do
  if [[ $engine == postgres ]]; then
    cluster=$(mktemp -d /tmp/jetway-bench-pg-XXXXXX)
    trap 'scripts/pg_cluster.sh stop "$cluster" >/dev/null 2>&1; rm -rf "$cluster"' EXIT
    JETWAY_TEST_POSTGRES=$(scripts/pg_cluster.sh start "$cluster") "$build/bench/agents/ledger_bench" "$@"
  else
    env -u JETWAY_TEST_POSTGRES "$build/bench/agents/ledger_bench" "$@"
  fi
done
