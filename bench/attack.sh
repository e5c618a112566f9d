#!/usr/bin/env bash
# The attackers' tools at full strength: sqlmap at --level 3 --risk 2 on every parameter of API v1 and of the
# booking site's forms (the test suite sweeps the site's forms at level 1: its pages are large and sqlmap's
# comparison of them is slow), and wapiti's modules on the booking site and the back office's sign-in; on SQLite and
# then on a throw-away PostgreSQL 15 cluster. Prints each sweep's time and the answers it drew.
set -euo pipefail
cd "$(dirname "$0")/.."
JETWAY_WITH_ATTACK=1 JETWAY_WITH_POSTGRES=1 scripts/setup.sh
export JETWAY_BIN="$PWD/build/jetway" JETWAY_ATTACK_FULL=1 PYTHONDONTWRITEBYTECODE=1
cd tests/http
echo "==> sqlmap and wapiti on SQLite"
env -u JETWAY_TEST_POSTGRES python3 run_tests.py test_attack_tools
echo "==> sqlmap and wapiti on PostgreSQL 15"
cluster=$(mktemp -d /tmp/jetway-pg-XXXXXX)
trap '../../scripts/pg_cluster.sh stop "$cluster"; rm -rf "$cluster"' EXIT
JETWAY_TEST_POSTGRES=$(PG_FSYNC=off ../../scripts/pg_cluster.sh start "$cluster")
export JETWAY_TEST_POSTGRES JETWAY_TEST_PG_DIR="$cluster" JETWAY_PG_CLUSTER_SCRIPT="$PWD/../../scripts/pg_cluster.sh"
JETWAY_ATTACK_ON_POSTGRES=1 python3 run_tests.py test_attack_tools
