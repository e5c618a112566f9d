#!/usr/bin/env bash
# Instructions per group-commit member of booking-like statements on SQLite, counted by callgrind: a figure that
# does not move with the machine's load (bench/sqlite/statements.cpp says what a member is). For each setting it
# runs SMALL and 2*SMALL members on a fresh copy of the demo's data.db and prints the difference per member.
#
#   bench/sqlite/statements.sh [path/to/jetway] [SMALL]     (defaults: build/jetway, 3000)
#
# Settings: SQLite as the package ships it; with its memory count off (store::ConfigureSqliteProcess, as jetway
# runs); and that without the members' savepoints (what the savepoints cost).
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
JETWAY=$(realpath "${1:-$ROOT/build/jetway}")
SMALL=${2:-3000}
command -v valgrind >/dev/null || { echo "statements.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
TMP=$(mktemp -d /tmp/jetway-statements.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
g++ -std=c++23 -O2 "$SCRIPT_DIR/statements.cpp" -o "$TMP/statements" -lsqlite3
(cd "$TMP" && JETWAY_DATA_DIR="$TMP/demo" JETWAY_AIRPORTS_CSV="$ROOT/data/airports.csv" "$JETWAY" demo >/dev/null 2>&1) \
  || { echo "statements.sh: jetway demo failed" >&2; exit 1; }
instructions() {  # members settings...
  rm -f "$TMP/c.db"*
  cp "$TMP/demo/data.db" "$TMP/c.db"
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" "$TMP/statements" "$TMP/c.db" "$@" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-44s %14s\n' "SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)" "instr./member"
for settings in "" "memstatus-off" "memstatus-off no-savepoints"; do
  # shellcheck disable=SC2086
  small=$(instructions "$SMALL" $settings)
  # shellcheck disable=SC2086
  large=$(instructions "$((2 * SMALL))" $settings)
  printf '%-44s %14s\n' "${settings:-as shipped}" "$(( (large - small) / SMALL ))"
done
