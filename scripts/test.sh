#!/usr/bin/env bash
# One command to run the whole test suite: installs what it needs, builds, then runs the unit tests and the
# HTTP tests against the real binary (CTest) once per database engine: SQLite, then PostgreSQL 15 on a throw-away
# cluster on 127.0.0.1 (scripts/pg_cluster.sh). JETWAY_TEST_ENGINES="sqlite" (or "postgres") runs one of them;
# JETWAY_SANITIZE=1 builds and tests under ASan+UBSan in build-asan/. Extra arguments go to ctest.
# The unit tests run two at a time (each waits mostly on its own database); on SQLite most HTTP tests two at a time
# too, on both engines (tests/CMakeLists.txt names the ones that run alone); the browser tests one at a time. The
# PostgreSQL cluster does not fsync and lives in memory where there is room: it need not survive the machine crashing,
# and creating databases is then fast.
# sqlmap and wapiti (http.test_attack_tools, on SQLite) take about 5 minutes at one sweep at a time, the browser tests
# (browser.ibe, which runs on SQLite only) about 2: when both engines run and no filter is given, they run one after
# the other beside the PostgreSQL pass, which mostly waits on its database and servers (that pass took 10 minutes,
# these two 8 together). The attack tools' PostgreSQL run is bench/attack.sh's: beside the pass as well it took CI
# past 30 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${JETWAY_SANITIZE:-0}" == 1 ]]; then
  export JETWAY_BUILD_DIR="${JETWAY_BUILD_DIR:-build-asan}"
  # Leaks that are the libraries' process-lifetime caches, not jetway's (scripts/lsan.supp says which and why).
  export LSAN_OPTIONS="suppressions=$(pwd)/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
export JETWAY_WITH_POSTGRES=1 JETWAY_WITH_BROWSER=1 JETWAY_WITH_ATTACK=1
scripts/setup.sh
root=$(pwd)
build="${JETWAY_BUILD_DIR:-build}"
engines="${JETWAY_TEST_ENGINES:-sqlite postgres}"
beside=()
if [[ $# -eq 0 && " $engines " == *" sqlite "* && " $engines " == *" postgres "* ]]; then
  beside=(-R '^(http\.test_attack_tools|browser\.ibe)$')
fi

sqlite_ctest() {
  (cd "$build" && env -u JETWAY_TEST_POSTGRES -u JETWAY_TEST_PG_DIR ctest --output-on-failure --timeout 900 "$@")
}

# Where the PostgreSQL pass's cluster lives: in memory (/dev/shm) when it has room. The cluster need not outlive
# the run, and every test makes databases: CREATE DATABASE took 0.5 s on this ext4 disk (a new file cost 0.35 ms to
# open, some 1,200 of them a database) and 0.09 s in memory; the unit tests that open a database ran in 26 s instead
# of 55, two HTTP modules in 36 s instead of 54. 4 GiB is more than the pass's databases and WAL come to.
pg_cluster_parent() {
  local free_kib
  free_kib=$(df --output=avail -k /dev/shm 2>/dev/null | tail -n 1 || echo 0)
  if [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs && ${free_kib:-0} -ge $((4 * 1024 * 1024)) ]]; then
    echo /dev/shm
  else
    echo /tmp
  fi
}

# Stops the PostgreSQL pass's cluster and removes it. After a failure (keep-log) its server.log is kept, moved to /tmp
# and named: the rest of the cluster (172 MB, in memory when it is in /dev/shm) is not.
drop_cluster() {
  scripts/pg_cluster.sh stop "$cluster"
  if [[ ${1:-} == keep-log && -f $cluster/server.log ]]; then
    local log
    log=$(mktemp /tmp/jetway-pg-server-XXXXXX.log)
    mv "$cluster/server.log" "$log"
    echo "the PostgreSQL pass's server log: $log" >&2
  fi
  rm -rf "$cluster"
}

# The beside run: the attack tools (one sweep at a time) and the browser tests on SQLite; the pass keeps the other core.
attack_beside() {
  JETWAY_ATTACK_JOBS=1 sqlite_ctest "${beside[@]}"
}

for engine in $engines; do
  case "$engine" in
    sqlite)
      echo "==> $(date -u +%T) test suite on SQLite"
      if (( ${#beside[@]} )); then
        sqlite_ctest -j2 -E "${beside[1]}"
      else
        sqlite_ctest -j2 "$@"
      fi
      ;;
    postgres)
      echo "==> $(date -u +%T) test suite on PostgreSQL 15"
      cluster=$(mktemp -d "$(pg_cluster_parent)/jetway-pg-XXXXXX")
      trap 'drop_cluster keep-log' EXIT
      JETWAY_TEST_POSTGRES=$(PG_FSYNC=off scripts/pg_cluster.sh start "$cluster")
      beside_log=""
      if (( ${#beside[@]} )); then
        beside_log=$(mktemp /tmp/jetway-beside-XXXXXX.log)
        echo "==> on SQLite beside the PostgreSQL pass: ${beside[1]} (its output follows the pass)"
        attack_beside > "$beside_log" 2>&1 &
        beside_pid=$!
        trap 'kill "$beside_pid" 2>/dev/null || true; drop_cluster keep-log' EXIT
      fi
      export JETWAY_TEST_POSTGRES JETWAY_TEST_PG_DIR="$cluster" JETWAY_PG_CLUSTER_SCRIPT="$root/scripts/pg_cluster.sh"
      # One run, as on SQLite: the unit tests and the HTTP tests that may (tests/CMakeLists.txt) two at a time. (Split
      # into unit tests, then HTTP tests alone, the pass took 17 minutes instead of 11: the unit tests no longer
      # overlapped the HTTP tests' waiting.) Two `jetway` commands at once on the cluster are safe since the role
      # passwords they set are retried (store/pg_admin.cpp).
      # Only what the engine changes runs again: the HTTP tests and the unit tests that open a test database
      # (label `unit-database`, cmake/jetway_test.cmake); the others, the fuzz corpora and the linter ran in the SQLite pass.
      (cd "$build" && ctest --output-on-failure --timeout 900 -j2 -L '^(unit-database|http)$' "$@")
      drop_cluster
      if [[ -n $beside_log ]]; then
        echo "==> $(date -u +%T) on SQLite beside the PostgreSQL pass: ${beside[1]}"
        beside_status=0
        wait "$beside_pid" || beside_status=$?
        cat "$beside_log"
        rm -f "$beside_log"
        if (( beside_status != 0 )); then exit "$beside_status"; fi
      fi
      trap - EXIT
      ;;
    *) echo "unknown engine $engine (sqlite, postgres)" >&2; exit 2 ;;
  esac
done
