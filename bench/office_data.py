#!/usr/bin/env python3
"""Back-office benchmark over a year of data: booking search among 100,000 bookings, and the year's reports.

    bench/office_data.py [path/to/jetway]        (default build/jetway)

Loads the demo airline (a year of flights ahead) into a fresh temporary directory, then writes BENCH_BOOKINGS
bookings (default 100,000) straight into its SQLite data database, as the booking service would have left them:
one to three passengers, one or two segments, confirmed (80 %), cancelled (10 %) or expired (10 %), an approved
payment and their history over the past 365 days, and the flights' sold counters equal to the confirmed seats.
Then it serves the back office on a free 127.0.0.1 port, signs in a read-only member of staff, and prints:
  a. booking search with wrk (BENCH_SECONDS each, BENCH_CONNECTIONS connections) by reference, by a last name that
     about 1 in 40 bookings share (a page of 50 results), by e-mail, and by flight and date; beside it the back
     office's /healthz on the same listener, the HTTP floor;
  b. a year's reports, each fetched 3 times: sales (the past 365 days of payments) and load factor (the 365 days of
     flights ahead) as pages and as XLSX: seconds (median) and the server's peak RSS before and after.
Everything runs on 127.0.0.1 and is removed afterwards.
"""
import datetime
import http.client
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JETWAY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "jetway")
BOOKINGS = int(os.environ.get("BENCH_BOOKINGS", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
EMAIL, PASSWORD = "reports@example.com", "a year of numbers to read"
SYLLABLES = ["AN", "BER", "DAL", "EN", "FRE", "GAR", "HOLM", "JOR", "KAS", "LUND", "MOR", "NIL", "OL", "PED",
             "RAS", "SEN", "TOR", "UL", "VES", "WIK"]
FIRST = ["IDA", "JENS", "ANNA", "PETER", "MARIA", "LARS", "SOFIE", "HENRIK", "EMMA", "MADS"]
LOCATOR_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def last_name(rng):
    # One booking in 40 is a HANSEN; the rest spread over 8,000 three-syllable names.
    return "HANSEN" if rng.random() < 0.025 else "".join(rng.choice(SYLLABLES) for _ in range(3))


def fill(path):
    """Writes the bookings in one transaction; returns a sample booking for the searches."""
    rng = random.Random(10)
    db = sqlite3.connect(path)
    flights = db.execute("SELECT f.id, f.airline, f.flight_number, f.departure_date, f.origin, f.destination, "
                         "(SELECT cabin FROM flight_classes k WHERE k.flight_id = f.id AND k.booking_class = 'M') "
                         "FROM flights f").fetchall()
    now = int(time.time())
    locators = set()
    sold = {}
    sample = None
    # Bookings are numbered as they are made: ids and creation times rise together.
    times = sorted(now - rng.randrange(365 * 86400) for _ in range(BOOKINGS))
    db.execute("BEGIN")
    for n in range(BOOKINGS):
        while True:
            locator = "".join(rng.choice(LOCATOR_LETTERS) for _ in range(6))
            if locator not in locators:
                locators.add(locator)
                break
        created = times[n]
        status = rng.choices(["CONFIRMED", "CANCELLED", "EXPIRED"], [80, 10, 10])[0]
        pax = rng.choice([1, 1, 1, 2, 2, 3])
        segments = [rng.choice(flights)]
        if rng.random() < 0.3:
            back = [f for f in flights[segments[0][0] % 97::97] if f[4] == segments[0][5]]
            if back:
                segments.append(rng.choice(back))
        total = pax * len(segments) * rng.randrange(600, 3000) * 100
        surname = last_name(rng)
        email = f"{FIRST[n % 10].lower()}.{surname.lower()}{n}@example.com"
        cur = db.execute("INSERT INTO bookings (locator, airline, status, channel, adults, children, infants, "
                         "total_amount, currency, contact_email, contact_phone, created_at, updated_at) "
                         "VALUES (?, 'X9', ?, ?, ?, 0, 0, ?, 'EUR', ?, '+4532313231', ?, ?)",
                         (locator, status, rng.choice(["web", "web", "web", "api", "office"]), pax, total, email,
                          created, created))
        booking_id = cur.lastrowid
        for seq, f in enumerate(segments, 1):
            db.execute("INSERT INTO booking_segments (booking_id, seq, flight_id, booking_class, cabin, seats, brand) "
                       "VALUES (?, ?, ?, 'M', ?, ?, 'Classic')", (booking_id, seq, f[0], f[6] or "Y", pax))
            if status == "CONFIRMED":
                sold[f[0]] = sold.get(f[0], 0) + pax
        for seq in range(1, pax + 1):
            db.execute("INSERT INTO booking_passengers (booking_id, seq, pax_type, title, first_name, last_name) "
                       "VALUES (?, ?, 'ADT', 'MS', ?, ?)", (booking_id, seq, rng.choice(FIRST), surname))
        if status != "EXPIRED":
            db.execute("INSERT INTO payments (booking_id, method, amount, currency, status, reference, created_at) "
                       "VALUES (?, 'test_card', ?, 'EUR', 'APPROVED', 'BENCH', ?)", (booking_id, total, created))
        db.execute("INSERT INTO booking_history (booking_id, at, channel, action, detail) VALUES (?, ?, 'web', "
                   "'HOLD', '')", (booking_id, created))
        if status != "EXPIRED":
            db.execute("INSERT INTO booking_history (booking_id, at, channel, action, detail) VALUES (?, ?, 'web', "
                       "'CONFIRM', '')", (booking_id, created))
        if status != "CONFIRMED":
            db.execute("INSERT INTO booking_history (booking_id, at, channel, action, detail) VALUES (?, ?, 'web', "
                       "?, '')", (booking_id, created + 3600, "CANCEL" if status == "CANCELLED" else "EXPIRE"))
        if sample is None and status == "CONFIRMED" and surname != "HANSEN":
            sample = (locator, email, segments[0])
    for flight_id, seats in sold.items():
        db.execute("UPDATE flight_classes SET sold = sold + ? WHERE flight_id = ? AND booking_class = 'M'",
                   (seats, flight_id))
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    return sample, max(sold.values())


def sign_in(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login", headers={"Accept": "text/html"})
    resp = conn.getresponse()
    body = resp.read().decode()
    visit = resp.getheader("Set-Cookie").split(";", 1)[0]
    csrf = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "next": "/", "email": EMAIL, "password": PASSWORD})
    conn.request("POST", "/login", body=form, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                        "Cookie": visit, "Accept": "text/html"})
    resp = conn.getresponse()
    resp.read()
    staff = [c.split(";", 1)[0] for c in resp.msg.get_all("Set-Cookie") if c.startswith("jw_staff=")][0]
    conn.close()
    return f"{visit}; {staff}"


def wrk(url, cookie):
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-H", f"Cookie: {cookie}",
                          "-H", "Accept: text/html", "-s", os.path.join(ROOT, "bench", "report.lua"), url],
                         capture_output=True, text=True, timeout=SECONDS + 60).stdout
    figures = dict(line.split()[1:3] for line in out.splitlines() if line.startswith("BENCH "))
    return (float(figures["requests_per_sec"]), float(figures["p50_ms"]), float(figures["p99_ms"]),
            int(figures["non2xx"]))


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) / 1024


def fetch(port, path, cookie):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Accept": "text/html"})
    resp = conn.getresponse()
    body = resp.read()
    took = time.perf_counter() - start
    conn.close()
    if resp.status != 200:
        raise RuntimeError(f"{path} answered {resp.status}: {body[:300]!r}")
    return took, len(body)


def main():
    data = tempfile.mkdtemp(prefix="jetway-bench-office-data-")
    env = dict(os.environ, JETWAY_DATA_DIR=data, JETWAY_THREADS=os.environ.get("JETWAY_THREADS", "8"),
               JETWAY_ADMIN_SECURE_COOKIES="0", JETWAY_REQUESTS_PER_SECOND_PER_CLIENT="0")  # wrk is one address
    server = None
    try:
        subprocess.run([JETWAY, "demo"], env=env, check=True, capture_output=True, timeout=300)
        subprocess.run([JETWAY, "user", "add", "--email", EMAIL, "--role", "read_only", "--password-stdin"],
                       env=env, input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=60)
        started = time.monotonic()
        (locator, email, flight), busiest = fill(os.path.join(data, "data.db"))
        print(f"data: {BOOKINGS:,} bookings written in {time.monotonic() - started:.1f} s "
              f"(busiest flight: {busiest} seats sold in M); data.db "
              f"{os.path.getsize(os.path.join(data, 'data.db')) / 2**20:.0f} MiB")
        port, office = free_port(), free_port()
        server = subprocess.Popen([JETWAY, "serve", "--listen", f"127.0.0.1:{port}", "--admin-listen",
                                   f"127.0.0.1:{office}"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", office), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        cookie = sign_in(office)
        base = f"http://127.0.0.1:{office}"
        runs = [("healthz (floor)", "/healthz"),
                ("by reference", f"/bookings?q={locator}"),
                ("by last name (50 of ~2,500)", "/bookings?q=hansen"),
                ("by e-mail", f"/bookings?q={urllib.parse.quote(email)}"),
                ("by flight and date", f"/bookings?flight=X9{flight[2]}&date={flight[3]}")]
        for label, path in runs:
            rps, p50, p99, bad = wrk(base + path, cookie)
            print(f"search {label:29s} {rps:9.1f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   non-2xx {bad}")
        today = datetime.date.today()
        year_back = f"from={today - datetime.timedelta(days=364)}&to={today}"
        year_ahead = f"from={today}&to={today + datetime.timedelta(days=364)}"
        print(f"server peak RSS before the reports: {peak_rss_mib(server.pid):.0f} MiB")
        for label, path in [("sales, a year (page)", f"/reports/sales?{year_back}"),
                            ("sales, a year (xlsx)", f"/reports/sales?{year_back}&format=xlsx"),
                            ("load factor, a year (page)", f"/reports/loads?{year_ahead}"),
                            ("load factor, a year (xlsx)", f"/reports/loads?{year_ahead}&format=xlsx"),
                            ("bookings by day, a year", f"/reports/bookings?{year_back}")]:
            timings = [fetch(office, path, cookie) for _ in range(3)]
            print(f"report {label:28s} {statistics.median(t for t, _ in timings):7.3f} s   "
                  f"{timings[0][1] / 1024:8.0f} KiB   peak RSS {peak_rss_mib(server.pid):.0f} MiB")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
