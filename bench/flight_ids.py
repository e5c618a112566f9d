#!/usr/bin/env python3
"""Collect bookable flight ids from a running jetway, for bench/booking.lua.

usage: flight_ids.py HOST:PORT FIRST_DAY_OFFSET DAYS OUT_FILE

Asks GET /api/v1/routes for the routes served, then GET /api/v1/availability for every route on each date from
today+FIRST_DAY_OFFSET for DAYS days (UTC dates, as jetway uses), and writes every segments[].flight_id found in
the outbound journeys, one a line, interleaved across routes and dates so that consecutive ids are different
flights. Standard library only.
"""
import datetime
import http.client
import json
import sys


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    hostport, first, days, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    host, port = hostport.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=15)

    def get(path: str):
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {resp.status}: {body[:200]!r}")
        return json.loads(body)

    routes = [(r["origin"], r["destination"]) for r in get("/api/v1/routes")["routes"]]
    today = datetime.datetime.now(datetime.timezone.utc).date()
    per_search = []
    searches = 0
    for d in range(first, first + days):
        date = (today + datetime.timedelta(days=d)).isoformat()
        for origin, destination in routes:
            found = get(f"/api/v1/availability?origin={origin}&destination={destination}&date={date}&adults=1")
            searches += 1
            ids = [s["flight_id"] for j in found.get("outbound", []) for s in j.get("segments", [])]
            per_search.append(ids)
    conn.close()

    # interleave: first flight of every search, then the second of every search, ...
    seen, ordered = set(), []
    depth = max((len(x) for x in per_search), default=0)
    for i in range(depth):
        for ids in per_search:
            if i < len(ids) and ids[i] not in seen:
                seen.add(ids[i])
                ordered.append(ids[i])
    with open(out, "w") as f:
        f.writelines(f"{i}\n" for i in ordered)
    print(f"{len(ordered)} flights from {searches} searches ({len(routes)} routes x {days} days)", file=sys.stderr)
    return 0 if ordered else 1


if __name__ == "__main__":
    sys.exit(main())
