#!/usr/bin/env bash
# Instructions per hold and per confirmation on SQLite, counted by callgrind inside BookingService::Hold and
# ::Confirm: what a change to the booking path costs or saves, in a figure that does not move with the machine's
# load (a timed run on a shared 2-core machine swings by a quarter from one minute to the next).
#
#   bench/booking_instructions.sh [path/to/jetway] [BOOKINGS]     (defaults: build/jetway, 300)
#
# Loads the demo into a temporary directory, starts `jetway serve` under callgrind (the firewall off: its cost is
# bench/security.py's), books 100 one-adult bookings to warm up (each of the pool's connections prepares its
# statements on first use), zeroes the counts, then books BOOKINGS more, one at a time
# (bench/booking_instructions.py), and prints the instructions per hold, per confirmation, and the parts inside
# them: SQLite's statements, the group's COMMIT (one member per group here, so each transaction writes all its
# pages: under load a group of ~7 shares them), jetway's statement cache and the rest. Runs agree within 1 %
# (which pooled connection and thread serve a booking varies). Needs valgrind.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
JETWAY=$(realpath "${1:-$ROOT/build/jetway}")
BOOKINGS=${2:-300}
command -v valgrind >/dev/null || { echo "booking_instructions.sh: valgrind is needed" >&2; exit 1; }
TMP=$(mktemp -d /tmp/jetway-booking-instr.XXXXXX)
SERVER=
cleanup() {
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
export JETWAY_AIRPORTS_CSV=${JETWAY_AIRPORTS_CSV:-$ROOT/data/airports.csv}
export JETWAY_WAF_MODE=off JETWAY_REQUESTS_PER_SECOND_PER_CLIENT=0 JETWAY_TRUSTED_PROXIES=127.0.0.1
unset JETWAY_LISTEN JETWAY_DATA_DIR
(cd "$TMP" && "$JETWAY" demo --data-dir "$TMP/data" >"$TMP/demo.log" 2>&1) || { cat "$TMP/demo.log" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$TMP" && exec valgrind --tool=callgrind --callgrind-out-file="$TMP/callgrind.out" --collect-atstart=no \
  '--toggle-collect=jetway::booking::BookingService::Hold(*HoldRequest const&)' \
  '--toggle-collect=jetway::booking::BookingService::Confirm(*ConfirmRequest const&)' \
  "$JETWAY" serve --data-dir "$TMP/data" --listen "127.0.0.1:$PORT") >"$TMP/serve.log" 2>&1 &
# The toggles name the two functions whole: a wildcard also matched the lambdas inside them (their transactions'
# bodies, called through std::function since store::InWriteTransaction), and each entry into one toggled the
# count off again: the confirmation measured 198,200 instructions, its transaction left out.
SERVER=$!
for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.5; done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" || { tail -20 "$TMP/serve.log" >&2; exit 1; }
python3 "$ROOT/bench/flight_ids.py" "127.0.0.1:$PORT" 2 2 "$TMP/flights.txt" >"$TMP/flights.log" 2>&1 \
  || { cat "$TMP/flights.log" >&2; exit 1; }
python3 "$SCRIPT_DIR/booking_instructions.py" "$PORT" "$TMP/flights.txt" 100 0
callgrind_control --zero "$SERVER" >/dev/null 2>&1
python3 "$SCRIPT_DIR/booking_instructions.py" "$PORT" "$TMP/flights.txt" "$BOOKINGS" 100
callgrind_control --dump "$SERVER" >/dev/null 2>&1
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
SERVER=
dump=$(ls -t "$TMP"/callgrind.out* | grep -v '\.out$' | head -n 1 || true)
[[ -n $dump ]] || dump="$TMP/callgrind.out"
callgrind_annotate --inclusive=yes "$dump" 2>/dev/null | python3 "$SCRIPT_DIR/booking_instructions.py" --report "$BOOKINGS"
