#!/usr/bin/env bash
# One command to run the whole test suite: installs what it needs, builds, then runs the unit tests and the
# HTTP tests against the real binary (CTest) once per database engine: SQLite, then PostgreSQL 15 on a throw-away
# cluster on 127.0.0.1 (scripts/pg_cluster.sh). JETWAY_TEST_ENGINES="sqlite" (or "postgres") runs one of them;
# JETWAY_SANITIZE=1 builds and tests under ASan+UBSan in build-asan/. Extra arguments go to ctest.
# The unit tests run two at a time (each waits mostly on its own database); the HTTP and browser tests one at a
# time (RUN_SERIAL: each starts servers and measures nothing by the clock, but loads the machine). The PostgreSQL
# cluster does not fsync: it need not survive the machine crashing, and creating databases is then fast.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${JETWAY_SANITIZE:-0}" == 1 ]]; then export JETWAY_BUILD_DIR="${JETWAY_BUILD_DIR:-build-asan}"; fi
export JETWAY_WITH_POSTGRES=1 JETWAY_WITH_BROWSER=1 JETWAY_WITH_ATTACK=1
scripts/setup.sh
root=$(pwd)
build="${JETWAY_BUILD_DIR:-build}"

for engine in ${JETWAY_TEST_ENGINES:-sqlite postgres}; do
  case "$engine" in
    sqlite)
      echo "==> test suite on SQLite"
      (cd "$build" && env -u JETWAY_TEST_POSTGRES -u JETWAY_TEST_PG_DIR ctest --output-on-failure --timeout 900 -j2 "$@")
      ;;
    postgres)
      echo "==> test suite on PostgreSQL 15"
      cluster=$(mktemp -d /tmp/jetway-pg-XXXXXX)
      trap 'scripts/pg_cluster.sh stop "$cluster"' EXIT
      JETWAY_TEST_POSTGRES=$(PG_FSYNC=off scripts/pg_cluster.sh start "$cluster")
      export JETWAY_TEST_POSTGRES JETWAY_TEST_PG_DIR="$cluster" JETWAY_PG_CLUSTER_SCRIPT="$root/scripts/pg_cluster.sh"
      (cd "$build" && ctest --output-on-failure --timeout 900 -j2 "$@")
      scripts/pg_cluster.sh stop "$cluster"
      trap - EXIT
      rm -rf "$cluster"
      ;;
    *) echo "unknown engine $engine (sqlite, postgres)" >&2; exit 2 ;;
  esac
done
