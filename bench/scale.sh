#!/usr/bin/env bash
# Search against the size of the schedule: is a search as fast with 1,000,000 dated flights as with 1,000?
#
#   bench/scale.sh [path/to/jetway]        (default: build/jetway under the repository root)
#
# For each size (BENCH_SCALE_SIZES, default "1000 10000 100000 1000000" dated flights in all), on SQLite:
#   1. the demo airline into a fresh data directory, its flights after the first BENCH_SCALE_DEMO_DAYS (21) days
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

declare -A ROW
for size in $SIZES; do
  data=$TMP/data-$size
  mkdir -p "$data"
  say "$size dated flights: the demo airline"
  (cd "$TMP" && JETWAY_DATA_DIR=$data timeout 300 "$JETWAY" demo) >"$TMP/demo.log" 2>&1 ||
    { tail -n 20 "$TMP/demo.log" >&2; die "jetway demo failed"; }
  kept=$(python3 - "$data/data.db" "$(date -u -d "+$DEMO_DAYS days" +%F)" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
gone = "SELECT id FROM flights WHERE departure_date >= ?"
for table in ("flight_classes", "flight_cabins"):
    db.execute(f"DELETE FROM {table} WHERE flight_id IN ({gone})", (sys.argv[2],))
db.execute("DELETE FROM flights WHERE departure_date >= ?", (sys.argv[2],))
db.commit()
print(db.execute("SELECT COUNT(*) FROM flights").fetchone()[0])
EOF
)
  import_s=0
  if (( size > kept )); then
    say "$size dated flights: $((size - kept)) generated as SSIM and imported"
    python3 "$SCRIPT_DIR/scale/generate_ssim.py" --flights $((size - kept)) --start "$TOMORROW" >"$TMP/lines.ssim"
    # The generated airlines, hosted as the back office would add them (a name, an accounting code, a currency).
    python3 - "$data/data.db" "$TMP/lines.ssim" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
carriers = [line[2:4] for line in open(sys.argv[2], encoding="ascii") if line.startswith("2L")]
taken = {code for (code,) in db.execute("SELECT accounting_code FROM airlines")}
codes = (f"{n:03d}" for n in range(800, 1000) if f"{n:03d}" not in taken)
for airline, code in zip(carriers, codes, strict=False):
    db.execute("INSERT INTO airlines (designator, name, accounting_code, base_currency) VALUES (?, ?, ?, 'EUR')",
               (airline, f"Generated Airline {airline}", code))
db.commit()
EOF
    t0=$(now_ms)
    (cd "$TMP" && "$JETWAY" ssim import --data-dir "$data" "$TMP/lines.ssim") >"$TMP/import.log" 2>&1 ||
      { tail -n 20 "$TMP/import.log" >&2; die "ssim import failed"; }
    import_s=$(python3 -c "print(round(($(now_ms) - $t0) / 1000, 1))")
  fi
  flights=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM flights').fetchone()[0])" "$data/data.db")
  db_mib=$(du -m "$data/data.db" | cut -f1)

  start_jetway "$data"
  startup=$STARTUP_MS
  cold=$(search_ms "$DIRECT")
  python3 -c "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute('UPDATE catalogue_version SET version = version + 1'); db.commit()" "$data/data.db"
  sleep 0.1  # the node follows the feed every 5 ms
  rebuilt=$(search_ms "$DIRECT")
  search_ms "$CONN" >/dev/null
  say "$size dated flights: wrk"
  read -r direct direct_p99 <<<"$(wrk_run "$DIRECT")"
  read -r conn conn_p99 <<<"$(wrk_run "$CONN")"
  rss=$(peak_rss_mib)
  stop_jetway
  start_jetway "$data" JETWAY_SEARCH_SNAPSHOT_ENTRIES=0
  read -r off off_p99 <<<"$(wrk_run "$DIRECT")"
  stop_jetway
  ROW[$size]="$flights $db_mib $import_s $startup $cold $rebuilt $direct $direct_p99 $conn $conn_p99 $off $off_p99 $rss"
  rm -rf "$data"
done

echo
echo "jetway search against the schedule's size (SQLite, firewall on, $CONNECTIONS connections, ${DURATION}s runs, $(nproc) cores)"
echo "searches: CPH-HAM direct and ABZ-RIX one stop on $DATE; demo flights kept for $DEMO_DAYS days, the rest generated"
printf '%10s %7s %7s %8s %8s %8s %10s %8s %10s %8s %12s %8s %8s\n' flights db_MiB import_s start_ms cold_ms \
  reload_ms direct/s p99_ms 1stop/s p99_ms no-snap/s p99_ms RSS_MiB
for size in $SIZES; do
  # shellcheck disable=SC2086
  printf '%10s %7s %7s %8s %8s %8s %10s %8s %10s %8s %12s %8s %8s\n' ${ROW[$size]}
done
first=${SIZES%% *}
last=${SIZES##* }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
read -r _ _ _ _ _ _ d1 _ c1 _ o1 _ _ <<<"${ROW[$first]}"
read -r _ _ _ _ _ _ dn _ cn _ on _ _ <<<"${ROW[$last]}"
echo "ratio $last/$first flights: direct $(ratio "$dn" "$d1"), one stop $(ratio "$cn" "$c1"), without the snapshot $(ratio "$on" "$o1")"
# Issue 16's bounds for the schedule's size: the largest size's rates at least 0.8 of the smallest's, and under 200 MB
# (190.7 MiB) of peak RSS at 100,000 dated flights.
# shellcheck source=bench/targets.sh
source "$SCRIPT_DIR/targets.sh"
if [[ $first != "$last" ]]; then
  target "direct search, $last flights / $first" "$(ratio "$dn" "$d1")" ">=" 0.8
  target "one-stop search, $last flights / $first" "$(ratio "$cn" "$c1")" ">=" 0.8
fi
if [[ -n ${ROW[100000]:-} ]]; then
  read -r _ _ _ _ _ _ _ _ _ _ _ _ rss100k <<<"${ROW[100000]}"
  target "peak RSS MiB at 100000 flights" "$rss100k" "<" 190.7
fi
