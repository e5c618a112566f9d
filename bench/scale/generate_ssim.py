#!/usr/bin/env python3
"""Writes an IATA SSIM (Chapter 7) data set of generated airlines for the scale benchmark (bench/scale.sh):
`--flights N` dated flights in daily lines from `--start` over `--days` days, shared out among airlines of about
`--airline-flights` dated flights each (110,000 by default: issue 16's 50-aircraft airline with 200 routes), each with
`--routes` routes (200) between European airports the demo airline does not fly, so the searches the benchmark
measures find exactly what they find without them, and only the database and the snapshot grow. The airlines are
G1, G2, ... (one carrier record each, in one data set); bench/scale.sh adds them to jetway before the import. Each
line's period is split where the airports' UTC variations change (summer time), as SSIM requires. Deterministic:
the same arguments give the same bytes.

    bench/scale/generate_ssim.py --flights 1000000 --start 2026-12-06 [--days 364] [--airports data/airports.csv] > f.ssim
"""
import argparse
import csv
import datetime
import pathlib
import random
import sys

# SSIM's dates, UTC variations and fixed-width records as the data-file cases write them.
sys.dont_write_bytecode = True  # nothing written beside the cases
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests/data/ssim"))
from make_files import record, ssim_date, variation  # noqa: E402

# The demo airline's own airports (bench/run.sh searches among them) stay out of the generated network.
DEMO_AIRPORTS = {"CPH", "HAM", "ABZ", "RIX", "AAL", "BLL", "AAR", "OSL", "TRD", "BOO", "TOS", "AES", "KRS", "ARN",
                 "GOT", "HEL", "TLL", "VNO", "GDN", "BER", "AMS", "LHR", "EDI", "DUB", "MAN", "BGO", "SVG", "FRA",
                 "MUC", "CDG", "BRU", "ZRH", "VIE", "WAW", "PRG", "KEF", "FAE", "TXL", "BMA", "NCE"}
FIRST_FLIGHT_NUMBER = 1000
# The demo's DHC-8-400 as the back office holds it (tests/data/ssim/make_files.py's new line uses the same).
AIRCRAFT, PRBD, CONFIG = "DH4", "JY", "J8Y66"


def hhmm(minutes):
    return f"{minutes // 60 % 24:02d}{minutes % 60:02d}"


def airports(path):
    """Airports on Central European time (so a line's local arrival is its departure plus the block time)."""
    def central(zone):
        return all(variation(zone, datetime.date(2026, month, 15), "1200") == expected
                   for month, expected in ((1, "+0100"), (7, "+0200")))
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["tz"].startswith("Europe/") and len(r["iata"]) == 3]
    zones = {r["tz"]: central(r["tz"]) for r in rows}
    return sorted((r["iata"], r["tz"]) for r in rows if r["iata"] not in DEMO_AIRPORTS and zones[r["tz"]])


def periods(origin_zone, destination_zone, start, days, std, sta):
    """(first, last, departure variation, arrival variation) runs of days with the same variations."""
    runs = []
    for i in range(days):
        d = start + datetime.timedelta(days=i)
        key = (variation(origin_zone, d, hhmm(std)), variation(destination_zone, d, hhmm(sta)))
        if runs and runs[-1][2:] == key and runs[-1][1] == d - datetime.timedelta(days=1):
            runs[-1] = (runs[-1][0], d) + key
        else:
            runs.append((d, d) + key)
    return runs


def designators(count):
    """G1..G9, H1..H9, ...: two-character airline designators no demo airline has."""
    letters = "GHJKLMNPQRSTVW"
    if count > len(letters) * 9:
        sys.exit("generate_ssim: too many airlines; raise --airline-flights")
    return [f"{letters[i // 9]}{i % 9 + 1}" for i in range(count)]


def airline_lines(rng, network, flights, days, routes):
    """(number, origin, destination, days, departure minute, block minutes) for one airline's flights."""
    route_list = []
    while len(route_list) < routes:
        route = tuple(rng.sample(network, 2))
        if route not in route_list:
            route_list.append(route)
    lines, remaining, number = [], flights, FIRST_FLIGHT_NUMBER
    while remaining > 0:
        if number > 9999:
            sys.exit("generate_ssim: more lines than flight numbers; use more --days or fewer --airline-flights")
        origin, destination = route_list[(number - FIRST_FLIGHT_NUMBER) % routes]
        flown = min(days, remaining)
        lines.append((number, origin, destination, flown, rng.randrange(6 * 60, 20 * 60, 5),
                      rng.randrange(45, 180, 5)))
        remaining -= flown
        number += 1
    return lines


def carrier_records(airline, lines, start, end):
    """The carrier's records: its carrier record, a flight leg record per period, its trailer (serials later)."""
    records = [record({1: f"2L{airline}", 11: "S30", 15: ssim_date(start) + ssim_date(end) + ssim_date(start) +
                       f"GENERATED AIRLINE {airline}", 65: ssim_date(start) + "C"})]
    for number, (origin, origin_zone), (destination, destination_zone), days, std, block in lines:
        sta = std + block  # both ends keep the same time, and every arrival is before midnight
        for first, last, dep_var, arr_var in periods(origin_zone, destination_zone, start, days, std, sta):
            records.append(record({1: "3", 3: f"{airline} ", 6: f"{number:4d}", 10: "0101", 14: "J",
                                   15: ssim_date(first), 22: ssim_date(last), 29: "1234567", 37: origin,
                                   40: hhmm(std) * 2, 48: dep_var, 55: destination, 58: hhmm(sta) * 2, 66: arr_var,
                                   73: AIRCRAFT, 76: PRBD, 173: CONFIG}))
    return records


def pad_block(records):
    """Zero records to the end of the block of five: each carrier's data begins a block."""
    while len(records) % 5:
        records.append("0" * 200)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flights", type=int, required=True)
    parser.add_argument("--start", type=datetime.date.fromisoformat, required=True)
    parser.add_argument("--days", type=int, default=364)
    parser.add_argument("--airline-flights", type=int, default=110_000)
    parser.add_argument("--routes", type=int, default=200)
    parser.add_argument("--airports", default=str(pathlib.Path(__file__).resolve().parents[2] / "data/airports.csv"))
    args = parser.parse_args()
    if args.flights < 1 or not 1 <= args.days <= 364 or args.airline_flights < 1 or args.routes < 1:
        sys.exit("generate_ssim: --flights, --airline-flights and --routes must be positive and --days 1-364")
    rng = random.Random(16)
    network = airports(args.airports)
    count = -(-args.flights // args.airline_flights)
    end = args.start + datetime.timedelta(days=args.days - 1)
    records = [record({1: "1AIRLINE STANDARD SCHEDULE DATA SET", 41: "1", 192: "001"})]
    pad_block(records)
    numbered = 1  # records with a serial number so far (the header's)
    for i, airline in enumerate(designators(count)):
        share = min(args.airline_flights, args.flights - i * args.airline_flights)
        carrier = carrier_records(airline, airline_lines(rng, network, share, args.days, args.routes), args.start, end)
        numbered += len(carrier)
        # The trailer's check reference is the serial number of the record before it.
        records += carrier + [record({1: f"5 {airline} {ssim_date(args.start)}", 188: f"{numbered:06d}E"})]
        numbered += 1
        pad_block(records)
    out, serial = [], 0
    for r in records:  # serial numbers on every record but the filler
        if not r.startswith("0000000000"):
            serial += 1
            r = r[:194] + f"{serial:06d}"
        out.append(r)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
