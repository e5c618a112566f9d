#!/usr/bin/env bash
# Search against the size of the schedule: is a search as fast with 1,000,000 dated flights as with 1,000?
#
#   bench/scale.sh [path/to/jetway]        (default: build/jetway under the repository root)
#
# For each engine (BENCH_SCALE_ENGINES, default "sqlite postgres": PostgreSQL 15 in a throw-away cluster, as
# bench/run.sh) and each size (BENCH_SCALE_SIZES, default "1000 10000 100000 1000000" dated flights in all):
#   1. the demo airline into fresh databases, its flights after the first BENCH_SCALE_DEMO_DAYS (21) days
#      removed, so the routes searched are the same at every size;
#   2. the rest of the size as airlines of ~110,000 dated flights a year each (issue 16's 50-aircraft airline with
#      200 routes: ten of them at 1,000,000), flying daily lines between airports the demo airline does not serve,
#      generated as one IATA SSIM data set (bench/scale/generate_ssim.py, deterministic), the airlines added to the
#      data database, and imported with `jetway ssim import`;
#   3. `jetway serve`: its start-up (exec to the first 200 on /healthz), the first search (an empty snapshot reads
#      every piece from the database), a search again after the catalogue changed (everything dropped and read again);
#   4. wrk (64 connections, BENCH_SECONDS each) on CPH-HAM (direct) and ABZ-RIX (one stop), both today+7, with the
#      snapshot and, for CPH-HAM, without it ([search] snapshot_entries = 0: every search reads the database);
#   5. jetway's peak RSS.
# Prints a row per size and the ratios of the largest size's rates to the smallest's. Everything runs on 127.0.0.1
# in a temporary directory that is removed afterwards. The firewall is on, as in bench/run.sh.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
SIZES=${BENCH_SCALE_SIZES:-1000 10000 100000 1000000}
DEMO_DAYS=${BENCH_SCALE_DEMO_DAYS:-21}
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
export JETWAY_REQUESTS_PER_SECOND_PER_CLIENT=0  # jetway's own thread counts unless JETWAY_THREADS is set

die() { echo "scale: error: $*" >&2; exit 1; }
say() { echo "scale: $*" >&2; }

JETWAY=${1:-$ROOT/build/jetway}
[[ $JETWAY == /* ]] || JETWAY=$PWD/$JETWAY
[[ -x $JETWAY ]] || die "no executable jetway at $JETWAY (build it, or pass its path)"
command -v wrk >/dev/null 2>&1 || die "wrk is missing (apt-get install -y wrk)"
export JETWAY_AIRPORTS_CSV=${JETWAY_AIRPORTS_CSV:-$ROOT/data/airports.csv}
unset JETWAY_LISTEN JETWAY_DATA_DIR

TMP=$(mktemp -d "${TMPDIR:-/tmp}/jetway-scale.XXXXXX")
JETWAY_PID=
stop_jetway() {
  [[ -n $JETWAY_PID ]] || return 0
  kill -TERM "$JETWAY_PID" 2>/dev/null || true
  wait "$JETWAY_PID" 2>/dev/null || true
  JETWAY_PID=
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_jetway
  [[ -d $TMP/pg ]] && "$ROOT/scripts/pg_cluster.sh" stop "$TMP/pg" >/dev/null 2>&1
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
DATE=$(date -u -d '+7 days' +%F)
TOMORROW=$(date -u -d '+1 day' +%F)
DIRECT="/api/v1/availability?origin=CPH&destination=HAM&date=$DATE&adults=1"
CONN="/api/v1/availability?origin=ABZ&destination=RIX&date=$DATE&adults=1"

now_ms() { date +%s%3N; }

# Starts jetway on the size's data (extra environment as arguments); sets STARTUP_MS.
start_jetway() {
  local data=$1 started i
  shift
  started=$(now_ms)
  (cd "$TMP" && exec env "$@" "$JETWAY" serve --data-dir "$data" --listen "127.0.0.1:$PORT") \
    >"$TMP/jetway.out" 2>"$TMP/jetway.log" &
  JETWAY_PID=$!
  for ((i = 0; i < 3000; i++)); do
    kill -0 "$JETWAY_PID" 2>/dev/null || { tail -n 20 "$TMP/jetway.log" >&2; die "jetway exited during start-up"; }
    if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL/healthz" 2>/dev/null) == 200 ]]; then
      STARTUP_MS=$(($(now_ms) - started))
      return 0
    fi
    sleep 0.01
  done
  die "jetway did not start within 30 s"
}

search_ms() {  # path -> milliseconds of one search, checked to list journeys
  local out
  out=$(curl -s --max-time 30 -o "$TMP/search.json" -w '%{http_code} %{time_total}' "$URL$1")
  [[ ${out%% *} == 200 ]] && grep -q '"segments"' "$TMP/search.json" || die "GET $1 answered ${out%% *}"
  python3 -c "print(round(${out##* } * 1000, 1))"
}

wrk_run() {  # path -> "requests/s p99_ms"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$SCRIPT_DIR/report.lua" "$URL$1" \
    >"$TMP/wrk.out" 2>&1 || { cat "$TMP/wrk.out" >&2; die "wrk failed"; }
  awk '$1 == "BENCH" && $2 == "requests_per_sec" { r = $3 } $1 == "BENCH" && $2 == "p99_ms" { p = $3 }
       $1 == "BENCH" && $2 == "non2xx" && $3 > 0 { bad = $3 } END { if (bad) print "non-2xx:", bad > "/dev/stderr"; print r, p }' \
    "$TMP/wrk.out"
}

peak_rss_mib() { awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$JETWAY_PID/status"; }

# ---- each engine's way to its data: SQLite files in a directory per size, or three databases per size on one
# throw-away PostgreSQL cluster, jetway logging in through its least-privilege roles (as bench/run.sh)
PG_BASE=
start_pg() {
  [[ -x /usr/lib/postgresql/15/bin/postgres ]] || die "PostgreSQL 15 is missing (apt-get install -y postgresql-15)"
  say "starting a throw-away PostgreSQL 15 cluster"
  chmod 0711 "$TMP"  # the cluster's directory is in it, and the server runs as postgres
  local owner
  owner=$("$ROOT/scripts/pg_cluster.sh" start "$TMP/pg") || die "could not start PostgreSQL"
  PG_BASE=${owner%/postgres}
  export JETWAY_DATABASE_PUBLIC_PASSWORD=scale-public JETWAY_DATABASE_ADMIN_PASSWORD=scale-admin \
    JETWAY_DATABASE_AGENT_PASSWORD=scale-agent
}
use_size() {  # engine size: points jetway at the size's data
  if [[ $1 == postgres ]]; then
    export JETWAY_DATABASE_DATA=$PG_BASE/scale$2_data JETWAY_DATABASE_WEB=$PG_BASE/scale$2_web \
      JETWAY_DATABASE_MGMT=$PG_BASE/scale$2_mgmt
  else
    unset JETWAY_DATABASE_DATA JETWAY_DATABASE_WEB JETWAY_DATABASE_MGMT
  fi
}
data_sql() {  # engine data-dir sql -> the first column of the first row (as the owner: no grant needed)
  if [[ $1 == postgres ]]; then
    PGOPTIONS='-c client_min_messages=error' psql "$JETWAY_DATABASE_DATA" -qAt -v ON_ERROR_STOP=1 -c "$3" | head -n 1
  else
    python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); row = None
for statement in sys.argv[2].split(";"):
    if statement.strip(): row = db.execute(statement).fetchone()
db.commit(); print(row[0] if row else "")' "$2/data.db" "$3"
  fi
}
drop_size() {  # engine size data-dir
  if [[ $1 == postgres ]]; then
    # jetway has exited, but the server may not have ended its sessions yet (and the owner may not end them).
    local db i
    for db in data web mgmt; do
      for ((i = 0; i < 100; i++)); do
        psql "$PG_BASE/postgres" -qAt -c "DROP DATABASE IF EXISTS scale$2_$db" >/dev/null 2>&1 && break
        sleep 0.1
      done
      ((i < 100)) || say "warning: could not drop scale$2_$db (left in the cluster, removed with it)"
    done
  fi
  rm -rf "$3"
}

declare -A ROW
ENGINES=${BENCH_SCALE_ENGINES:-sqlite postgres}
for engine in $ENGINES; do
  [[ $engine == postgres ]] && start_pg
  for size in $SIZES; do
    data=$TMP/data-$size
    mkdir -p "$data"
    use_size "$engine" "$size"
    say "$engine, $size dated flights: the demo airline"
    (cd "$TMP" && JETWAY_DATA_DIR=$data timeout 600 "$JETWAY" demo) >"$TMP/demo.log" 2>&1 ||
      { tail -n 20 "$TMP/demo.log" >&2; die "jetway demo failed"; }
    # The demo's flights after its first days go, with their inventory (nothing else refers to them yet).
    gone="SELECT id FROM flights WHERE departure_date >= '$(date -u -d "+$DEMO_DAYS days" +%F)'"
    kept=$(data_sql "$engine" "$data" "DELETE FROM flight_classes WHERE flight_id IN ($gone);
      DELETE FROM flight_cabins WHERE flight_id IN ($gone); DELETE FROM flights WHERE id IN ($gone);
      SELECT COUNT(*) FROM flights")
    import_s=0
    if (( size > kept )); then
      say "$engine, $size dated flights: $((size - kept)) generated as SSIM and imported"
      python3 "$SCRIPT_DIR/scale/generate_ssim.py" --flights $((size - kept)) --start "$TOMORROW" >"$TMP/lines.ssim"
      # The generated airlines, hosted as the back office would add them (a name, an accounting code, a currency),
      # with accounting codes from 800 up that no airline has.
      concat="GROUP_CONCAT(accounting_code, ' ')"
      [[ $engine == postgres ]] && concat="string_agg(accounting_code, ' ')"
      taken=" $(data_sql "$engine" "$data" "SELECT $concat FROM airlines") "
      code=800
      while read -r airline; do
        while [[ $taken == *" $code "* ]]; do code=$((code + 1)); done
        data_sql "$engine" "$data" "INSERT INTO airlines (designator, name, accounting_code, base_currency)
          VALUES ('$airline', 'Generated Airline $airline', '$code', 'EUR')" >/dev/null
        code=$((code + 1))
      done < <(grep '^2L' "$TMP/lines.ssim" | cut -c3-4)
      t0=$(now_ms)
      (cd "$TMP" && "$JETWAY" ssim import --data-dir "$data" "$TMP/lines.ssim") >"$TMP/import.log" 2>&1 ||
        { tail -n 20 "$TMP/import.log" >&2; die "ssim import failed"; }
      import_s=$(python3 -c "print(round(($(now_ms) - $t0) / 1000, 1))")
    fi
    flights=$(data_sql "$engine" "$data" "SELECT COUNT(*) FROM flights")
    if [[ $engine == postgres ]]; then
      db_mib=$(data_sql "$engine" "$data" "SELECT pg_database_size(current_database()) / 1048576")
    else
      db_mib=$(du -m "$data/data.db" | cut -f1)
    fi

    start_jetway "$data"
    startup=$STARTUP_MS
    cold=$(search_ms "$DIRECT")
    data_sql "$engine" "$data" "UPDATE catalogue_version SET version = version + 1" >/dev/null
    sleep 0.1  # the node follows the feed every 5 ms
    rebuilt=$(search_ms "$DIRECT")
    search_ms "$CONN" >/dev/null
    say "$engine, $size dated flights: wrk"
    read -r direct direct_p99 <<<"$(wrk_run "$DIRECT")"
    read -r conn conn_p99 <<<"$(wrk_run "$CONN")"
    rss=$(peak_rss_mib)
    stop_jetway
    start_jetway "$data" JETWAY_SEARCH_SNAPSHOT_ENTRIES=0
    read -r off off_p99 <<<"$(wrk_run "$DIRECT")"
    stop_jetway
    ROW[$engine:$size]="$flights $db_mib $import_s $startup $cold $rebuilt $direct $direct_p99 $conn $conn_p99 $off $off_p99 $rss"
    drop_size "$engine" "$size" "$data"
  done
done

first=${SIZES%% *}
last=${SIZES##* }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
# shellcheck source=bench/targets.sh
source "$SCRIPT_DIR/targets.sh"
for engine in $ENGINES; do
  echo
  echo "jetway search against the schedule's size ($engine, firewall on, $CONNECTIONS connections, ${DURATION}s runs, $(nproc) cores)"
  echo "searches: CPH-HAM direct and ABZ-RIX one stop on $DATE; demo flights kept for $DEMO_DAYS days, the rest generated"
  printf '%10s %7s %7s %8s %8s %8s %10s %8s %10s %8s %12s %8s %8s\n' flights db_MiB import_s start_ms cold_ms \
    reload_ms direct/s p99_ms 1stop/s p99_ms no-snap/s p99_ms RSS_MiB
  for size in $SIZES; do
    # shellcheck disable=SC2086
    printf '%10s %7s %7s %8s %8s %8s %10s %8s %10s %8s %12s %8s %8s\n' ${ROW[$engine:$size]}
  done
  read -r _ _ _ _ _ _ d1 _ c1 _ o1 _ _ <<<"${ROW[$engine:$first]}"
  read -r _ _ _ _ _ _ dn _ cn _ on _ _ <<<"${ROW[$engine:$last]}"
  echo "ratio $last/$first flights: direct $(ratio "$dn" "$d1"), one stop $(ratio "$cn" "$c1"), without the snapshot $(ratio "$on" "$o1")"
  # Issue 16's bounds for the schedule's size: the largest size's rates at least 0.8 of the smallest's, and under
  # 200 MB (190.7 MiB) of peak RSS at 100,000 dated flights.
  if [[ $first != "$last" ]]; then
    target "direct search, $last flights / $first, $engine" "$(ratio "$dn" "$d1")" ">=" 0.8
    target "one-stop search, $last flights / $first, $engine" "$(ratio "$cn" "$c1")" ">=" 0.8
  fi
  if [[ -n ${ROW[$engine:100000]:-} ]]; then
    read -r _ _ _ _ _ _ _ _ _ _ _ _ rss100k <<<"${ROW[$engine:100000]}"
    target "peak RSS MiB at 100000 flights, $engine" "$rss100k" "<" 190.7
  fi
done
