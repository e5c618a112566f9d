#!/usr/bin/env python3
"""The partner API (AeroCRS v5-compatible) beside API v1, in one run on one jetway (SQLite, the demo airline):

  a. searches: GET /api/v1/availability (anonymous, and with the partner's Bearer credential), and GET
     /aerocrs/v5/getDeepLink and getAvailability for the same route and day, with wrk (keep-alive, BENCH_CONNECTIONS
     connections, BENCH_SECONDS each): requests/s, p50, p99, and each one's ratio to the anonymous v1 search;
  b. bookings: API v1 hold + confirm (test card) and createBooking + confirmBooking (on a travel agency's account),
     one adult each, each API over its own half of ten months' flights, from BENCH_CLIENTS Python threads for
     BENCH_SECONDS each:
     completed pairs/s and p50/p99 of a pair, and their ratio. The same client drives both, so the ratio is the
     API's cost; the absolute rates are bounded by the Python client.

  bench/partner_api.py [path/to/jetway]   (default build/jetway)

Everything runs on 127.0.0.1 and stops by itself."""
import concurrent.futures
import datetime
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("JETWAY_BIN", sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "jetway"))
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
from jw import JETWAY_BIN, PLAIN_HTTP, Server  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
STAFF = ("admin@airline.example", "the airline's long passphrase")
AGENCY = {"code": "12345675", "name": "Nordlys Rejser", "contact_name": "Ida Hansen",
          "email": "booking@nordlys.example", "phone": "+45 33 12 34 56", "address_line1": "Vesterbrogade 10",
          "address_line2": "", "postcode": "1620", "city": "Copenhagen", "country": "dk", "currency": "EUR",
          "airlines": "X9", "settlement": "statement"}
AUTH = {"auth_id": "BENCH-PARTNER-01", "auth_password": "0123456789abcdef0123456789abcdef"}
REASONS = []  # why partner calls failed, the first few printed
CARD = {"method": "test_card", "card": {"number": "4242424242424242", "expiry_month": 12, "expiry_year": 2099,
                                        "cvc": "123", "holder": "BENCH MARK"}}


def setup():
    env = {**PLAIN_HTTP, "JETWAY_REQUESTS_PER_SECOND_PER_CLIENT": "0", "JETWAY_HOLDS_PER_CLIENT": "100000",
           "JETWAY_HELD_SEATS_PER_CLIENT_PER_FLIGHT": "100000", "JETWAY_HELD_SEATS_PER_CLIENT": "1000000"}
    server = Server(admin=True, env=env)
    server.add_staff(STAFF[0], "administrator", STAFF[1])
    server.start()
    office = server.office_browser(*STAFF)
    added = office.submit(office.get("/agencies").form("/agencies"), **AGENCY)
    agency_id = int(re.search(r"/agencies/(\d+)", added.headers["Location"]).group(1))
    page = office.get(f"/agencies/{agency_id}")
    office.submit(page.form(f"/agencies/{agency_id}/credit-limit"), credit_limit="100000000.00")
    subprocess.run([JETWAY_BIN, "partner", "add", "--data-dir", server.data_dir, "--auth-id", AUTH["auth_id"],
                    "--agency", AGENCY["code"], "--searches-per-minute", "100000000", "--searches-per-day",
                    "100000000", "--bookings-per-minute", "100000000", "--bookings-per-day", "100000000",
                    "--look-to-book", "0"],
                   env=server.env, input=AUTH["auth_password"] + "\n", capture_output=True, text=True, check=True)
    return server


def wrk(url, headers=()):
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-s",
            os.path.join(ROOT, "bench", "report.lua")]
    for h in headers:
        args += ["-H", h]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    figures = dict(line.split()[1:3] for line in out.splitlines() if line.startswith("BENCH "))
    return {k: float(v) for k, v in figures.items()}


class Client:
    """One keep-alive connection per thread."""

    def __init__(self, port):
        self.port = port
        self.local = threading.local()

    def call(self, method, path, body=None, headers=None):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=hdrs)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")


def flights(client, days):
    """(flight id, fare id, class) of every direct CPH-HAM flight on each day, in class Y (the cabin's top class,
    which nests over every seat), so that neither API runs out of seats during its run."""
    found = []
    for day in days:
        status, answer = client.call("GET", f"/aerocrs/v5/getDeepLink?from=CPH&to=HAM&start={day.replace('-', '/')}"
                                     f"&adults=1", headers=AUTH)
        for flight in answer["aerocrs"]["flights"]["flight"]:
            if isinstance(flight["fltid"], int):
                for code, cls in flight["classes"].items():
                    if code.split("/")[0] == "Y":
                        found.append((cls["flightid"], cls["fareid"], "Y"))
    return found


def v1_pair(client, flight):
    flight_id, _, booking_class = flight
    status, held = client.call("POST", "/api/v1/bookings", {"segments": [{"flight_id": flight_id,
                                                                           "booking_class": booking_class}],
                                                             "passengers": {"adults": 1}})
    if status != 201:
        return False
    status, _ = client.call("POST", f"/api/v1/bookings/{held['locator']}/confirm", {
        "passengers": [{"pax_type": "ADT", "title": "MR", "first_name": "Bench", "last_name": "Mark"}],
        "contact": {"email": "bench@example.com", "phone": "+4532313231"}, "payment": CARD},
        {"X-Hold-Token": held["hold_token"]})
    return status == 200


def partner_pair(client, flight):
    flight_id, fare_id, _ = flight
    status, answer = client.call("POST", "/aerocrs/v5/createBooking", {"aerocrs": {"parms": {
        "triptype": "OW", "adults": 1, "child": 0, "chargetype": "ALL",
        "bookflight": [{"fromcode": "CPH", "tocode": "HAM", "flightid": flight_id, "fareid": fare_id}]}}}, AUTH)
    if not answer["aerocrs"]["success"]:
        REASONS.append(answer["aerocrs"]["details"]["detail"][0])
        return False
    status, answer = client.call("POST", "/aerocrs/v5/confirmBooking", {"aerocrs": {"parms": {
        "bookingid": answer["aerocrs"]["booking"]["bookingid"], "agentconfirmation": "BENCH", "sendemail": 0,
        "confirmationemail": "bench@example.com",
        "passenger": {"paxtitle": "Mr.", "firstname": "Bench", "lastname": "Mark", "paxphone": "+4532313231"}}}},
        AUTH)
    if not answer["aerocrs"]["success"]:
        REASONS.append(answer["aerocrs"]["details"]["detail"][0])
    return answer["aerocrs"]["success"] and answer["aerocrs"]["status"] == "OK"


def bookings(client, pair, spread):
    deadline = time.time() + SECONDS
    times, failures = [], []

    def worker(n):
        i = n
        while time.time() < deadline:
            started = time.perf_counter()
            ok = pair(client, spread[i % len(spread)])
            (times if ok else failures).append(time.perf_counter() - started)
            i += CLIENTS

    began = time.time()
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(worker, range(CLIENTS)))
    elapsed = time.time() - began
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [0] * 99
    return {"pairs_per_sec": len(times) / elapsed, "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000,
            "failed": len(failures)}


def main():
    server = setup()
    try:
        day = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
        client = Client(server.port)
        base = f"http://127.0.0.1:{server.port}"
        v1 = wrk(f"{base}/api/v1/availability?origin=CPH&destination=HAM&date={day}&adults=1")
        partner_headers = [f"auth_id: {AUTH['auth_id']}", f"auth_password: {AUTH['auth_password']}"]
        v1_partner = wrk(f"{base}/api/v1/availability?origin=CPH&destination=HAM&date={day}&adults=1",
                         [f"Authorization: Bearer {AUTH['auth_id']}:{AUTH['auth_password']}"])
        deep = wrk(f"{base}/aerocrs/v5/getDeepLink?from=CPH&to=HAM&start={day.replace('-', '/')}&adults=1",
                   partner_headers)
        avail = wrk(f"{base}/aerocrs/v5/getAvailability?from=CPH&to=HAM&start={day.replace('-', '/')}",
                    partner_headers)
        # Each API books its own half of ten months' flights: at a thousand bookings a second, two months' class Y
        # sold out under the first API and left the second nothing to book.
        days = [(datetime.date.today() + datetime.timedelta(days=d)).isoformat() for d in range(3, 300)]
        spread = flights(client, days)
        v1_book = bookings(client, v1_pair, spread[0::2])
        partner_book = bookings(client, partner_pair, spread[1::2])
        print(f"partner API bench: {SECONDS} s per run, {CONNECTIONS} connections (searches), {CLIENTS} clients "
              f"(bookings), jetway {JETWAY_BIN}, SQLite, WAF {os.environ.get('JETWAY_WAF_MODE', 'on')}")
        searches = (("API v1 availability", v1), ("API v1, partner Bearer", v1_partner), ("getDeepLink", deep),
                    ("getAvailability", avail))
        for name, figures in searches:
            print(f"  {name:24} {figures['requests_per_sec']:10.1f} req/s  p50 {figures['p50_ms']:.2f} ms  "
                  f"p99 {figures['p99_ms']:.2f} ms  non-2xx {int(figures['non2xx'])}  "
                  f"({figures['requests_per_sec'] / v1['requests_per_sec']:.2f} of v1)")
        for name, figures in (("v1 hold+confirm", v1_book), ("create+confirmBooking", partner_book)):
            print(f"  {name:24} {figures['pairs_per_sec']:10.1f} pairs/s  p50 {figures['p50_ms']:.1f} ms  "
                  f"p99 {figures['p99_ms']:.1f} ms  failed {figures['failed']}")
        print(f"  partner / v1 bookings    {partner_book['pairs_per_sec'] / v1_book['pairs_per_sec']:.2f}")
        for reason in sorted(set(REASONS))[:5]:
            print(f"  a refused partner call: {reason}")
    finally:
        server.close()


if __name__ == "__main__":
    main()
