#!/usr/bin/env python3
"""bench/booking_instructions.sh's client and report.

  booking_instructions.py PORT FLIGHT_FILE COUNT FIRST   books COUNT one-adult bookings one at a time (hold, then
                                                           confirm by test card), from passenger number FIRST on
  booking_instructions.py --report BOOKINGS               reads callgrind_annotate --inclusive=yes on stdin and
                                                           prints the instructions per hold and per confirmation
"""
import http.client
import json
import re
import sys

CONFIRM = {"passengers": [{"pax_type": "ADT", "title": "MR", "first_name": "Bench", "last_name": "Mark",
                           "nationality": "DK", "date_of_birth": "1980-01-01"}],
           "contact": {"email": "bench@example.com", "phone": "+4532313231"},
           "payment": {"method": "test_card", "card": {"number": "4242424242424242", "expiry_month": 12,
                                                       "expiry_year": 2099, "cvc": "123", "holder": "BENCH MARK"}}}


def book(port: int, flight_file: str, count: int, first: int) -> int:
    flights = [int(line) for line in open(flight_file) if line.strip()]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    for n in range(first, first + count):
        body = {"segments": [{"flight_id": flights[n * 7 % len(flights)], "booking_class": "Y"}],
                "passengers": {"adults": 1}}
        conn.request("POST", "/api/v1/bookings", json.dumps(body),
                     {"Content-Type": "application/json", "X-Forwarded-For": f"10.8.{n // 256 % 256}.{n % 256}"})
        held = conn.getresponse()
        answer = json.loads(held.read())
        if held.status != 201:
            print(f"booking_instructions: hold {n}: HTTP {held.status} {answer}", file=sys.stderr)
            return 1
        conn.request("POST", f"/api/v1/bookings/{answer['locator']}/confirm", json.dumps(CONFIRM),
                     {"Content-Type": "application/json", "X-Hold-Token": answer["hold_token"]})
        confirmed = conn.getresponse()
        confirmed.read()
        if confirmed.status != 200:
            print(f"booking_instructions: confirm {n}: HTTP {confirmed.status}", file=sys.stderr)
            return 1
    return 0


# The parts reported, as (label, pattern of the function in callgrind_annotate's output).
PARTS = [
    ("hold (BookingService::Hold)", r"jetway::booking::BookingService::Hold\("),
    ("confirmation (BookingService::Confirm)", r"jetway::booking::BookingService::Confirm\("),
    ("  SQLite statements (SqliteCursor::Step)", r"SqliteCursor::Step\(\)"),
    ("  the group's COMMIT (SqliteWriter::CloseGroup)", r"SqliteWriter::CloseGroup\(\)"),
    ("  statement cache (SqliteConnection::Prepare)", r"SqliteConnection::Prepare\("),
    ("  statement reset (SqliteCursor::Reset)", r"SqliteCursor::Reset\(\)"),
    ("  savepoint release (SqliteWriter::Release)", r"SqliteWriter::Release\(\)"),
    ("  the hold's quote, read before its turn (ReadQuote)", r"steps::ReadQuote\("),
]
QUOTE = PARTS[-1][0]


def report(bookings: int) -> int:
    costs = {}
    for line in sys.stdin:
        match = re.match(r"\s*([\d,]+) \([\s\d.]+%\)\s+(.*)$", line)
        if not match:
            continue
        cost, name = int(match.group(1).replace(",", "")), match.group(2)
        for label, pattern in PARTS:
            if re.search(pattern, name) and "store.hpp:" not in name:
                costs[label] = max(costs.get(label, 0), cost)
    if not costs:
        print("booking_instructions: nothing counted", file=sys.stderr)
        return 1
    print(f"{'instructions per booking (one adult, one flight)':<52} {'instr.':>12}")
    for label, _ in PARTS:
        print(f"{label:<52} {costs.get(label, 0) // bookings:>12,}")
    total = costs.get(PARTS[0][0], 0) + costs.get(PARTS[1][0], 0)
    print(f"{'hold + confirmation':<52} {total // bookings:>12,}")
    # What every other writer waits for: all but the quote. A little of it runs before the turn is taken (the
    # request's checks, the pool's lease), too little to tell apart here.
    if QUOTE not in costs:
        print("booking_instructions: no ReadQuote in the profile (inlined, or renamed?): the turn's figure includes "
              "the quote", file=sys.stderr)
    inside = (total - costs.get(QUOTE, 0)) // bookings
    print(f"{'  all but the quote (the writer turn, nearly)':<52} {inside:>12,}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--report":
        sys.exit(report(int(sys.argv[2])))
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(book(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
