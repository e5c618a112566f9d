#!/usr/bin/env python3
"""Back-office benchmark: what staff sign-in costs, and what it costs passengers.

    bench/office.py [path/to/jetway]        (default build/jetway)

Loads the demo airline into a fresh temporary directory, adds a staff user (`jetway user add`), serves the booking
site and the back office on free 127.0.0.1 ports, and prints:
  a. sign-in throughput: BENCH_LOGIN_CLIENTS clients signing in (password form, Argon2id at the production cost)
     for BENCH_SECONDS: sign-ins/s, p50/p99, and the server's CPU seconds per sign-in;
  b. passenger search (wrk, CPH-HAM today+7) alone, then again while BENCH_LOGIN_RATE sign-ins/s (default 10)
     go on: requests/s and p99 side by side.
Environment: BENCH_SECONDS (default 10), BENCH_LOGIN_CLIENTS (default 4), BENCH_LOGIN_RATE (default 10),
BENCH_CONNECTIONS (wrk, default 64). Everything runs on 127.0.0.1 and is removed afterwards.
"""
import datetime
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from operations import cpu_seconds

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JETWAY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "jetway")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CLIENTS = int(os.environ.get("BENCH_LOGIN_CLIENTS", "4"))
RATE = float(os.environ.get("BENCH_LOGIN_RATE", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
EMAIL, PASSWORD = "timing@example.com", "a carefully measured passphrase"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Office:
    """One sign-in client: its own visit cookie and CSRF token, fetched once."""

    def __init__(self, port):
        self.port = port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/login", headers={"Accept": "text/html"})
        resp = conn.getresponse()
        body = resp.read().decode()
        cookie = resp.getheader("Set-Cookie").split(";", 1)[0]
        self.cookie = cookie
        self.csrf = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
        conn.close()

    def sign_in(self):
        form = urllib.parse.urlencode({"csrf": self.csrf, "next": "/", "email": EMAIL, "password": PASSWORD})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        start = time.perf_counter()
        conn.request("POST", "/login", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie, "Accept": "text/html"})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        if resp.status not in (303, 429):
            raise RuntimeError(f"sign-in answered {resp.status}")
        took = time.perf_counter() - start
        return took if resp.status == 303 else -took  # negative: turned away (429 SIGN_IN_BUSY), to retry


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def wrk_search(port):
    date = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    url = f"http://127.0.0.1:{port}/api/v1/availability?origin=CPH&destination=HAM&date={date}"
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-s",
                          os.path.join(ROOT, "bench", "report.lua"), url], capture_output=True, text=True,
                         timeout=SECONDS + 60).stdout
    figures = dict(line.split()[1:3] for line in out.splitlines() if line.startswith("BENCH "))
    return float(figures["requests_per_sec"]), float(figures["p99_ms"]), int(figures["non2xx"])


def main():
    data = tempfile.mkdtemp(prefix="jetway-bench-office-")
    env = dict(os.environ, JETWAY_DATA_DIR=data, JETWAY_THREADS=os.environ.get("JETWAY_THREADS", "8"),
               JETWAY_ADMIN_SECURE_COOKIES="0", JETWAY_REQUESTS_PER_SECOND_PER_CLIENT="0")  # wrk is one address
    server = None
    try:
        subprocess.run([JETWAY, "demo"], env=env, check=True, capture_output=True, timeout=300)
        subprocess.run([JETWAY, "user", "add", "--email", EMAIL, "--role", "read_only", "--password-stdin"],
                       env=env, input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=60)
        port, office = free_port(), free_port()
        server = subprocess.Popen([JETWAY, "serve", "--listen", f"127.0.0.1:{port}", "--admin-listen",
                                   f"127.0.0.1:{office}"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", office), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)

        # a. sign-in throughput
        latencies, lock = [], threading.Lock()
        stop = time.monotonic() + SECONDS
        offices = [Office(office) for _ in range(CLIENTS)]

        busy = []

        def client(o):
            while time.monotonic() < stop:
                took = o.sign_in()
                with lock:
                    (latencies if took >= 0 else busy).append(abs(took))

        cpu_before = cpu_seconds(server.pid)
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(o,)) for o in offices]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        cpu = cpu_seconds(server.pid) - cpu_before
        print(f"sign-in   {CLIENTS} clients: {len(latencies) / elapsed:8.1f} sign-ins/s   "
              f"p50 {statistics.median(latencies) * 1000:7.1f} ms   p99 {percentile(latencies, 99) * 1000:7.1f} ms   "
              f"server CPU {cpu / max(1, len(latencies)) * 1000:6.1f} ms a sign-in   turned away {len(busy)}")

        # b. passenger search alone, then beside a steady stream of sign-ins
        alone = wrk_search(port)
        done = threading.Event()
        steady = []
        busy.clear()

        # Sign-ins take about a second under load, so several feeders share the rate, each keeping its own pace.
        feeder_count = max(1, int(RATE))

        def trickle():
            o = Office(office)
            period = feeder_count / RATE
            next_at = time.monotonic()
            while not done.is_set():
                took = o.sign_in()
                with lock:
                    (steady if took >= 0 else busy).append(abs(took))
                next_at += period
                time.sleep(max(0.0, next_at - time.monotonic()))

        feeders = [threading.Thread(target=trickle) for _ in range(feeder_count)]
        for t in feeders:
            t.start()
        during = wrk_search(port)
        done.set()
        for t in feeders:
            t.join()
        print(f"search alone:             {alone[0]:8.1f} req/s   p99 {alone[1]:7.2f} ms   non-2xx {alone[2]}")
        print(f"search with {RATE:g} sign-ins/s: {during[0]:8.1f} req/s   p99 {during[1]:7.2f} ms   non-2xx {during[2]}   "
              f"(sign-ins made: {len(steady) / SECONDS:.1f}/s, p99 {percentile(steady, 99) * 1000:.0f} ms; "
              f"turned away: {len(busy) / SECONDS:.1f}/s)")
        print(f"search p99 ratio (with / alone): {during[1] / alone[1]:.2f}")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
