#!/usr/bin/env python3
"""Security benchmark (issue 12): what the web application firewall costs.

    bench/security.py [path/to/jetway]        (default build/jetway; needs wrk)

One node on SQLite with the demo airline, started three times on copies of the same data: [waf] mode off, detection
and blocking (paranoia level BENCH_PARANOIA, default 1). Each time, with wrk (BENCH_CONNECTIONS, default 64, keep-alive,
BENCH_SECONDS per run, default 10): the availability searches CPH-HAM (direct) and ABZ-RIX (via CPH), and
hold+confirm bookings (bench/booking.lua); requests/s, p50 and p99, side by side. In blocking mode also an attack at
full speed (a SQL injection in the booking look-up): how fast the firewall refuses it. Everything on 127.0.0.1, in a
temporary directory removed afterwards.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

from operations import CONNECTIONS, JETWAY, ROOT, SECONDS, UNLIMITED, book, free_port, wait_http

PARANOIA = os.environ.get("BENCH_PARANOIA", "1")
DATE = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
SEARCHES = {"search CPH-HAM": f"/api/v1/availability?origin=CPH&destination=HAM&date={DATE}",
            "search ABZ-RIX": f"/api/v1/availability?origin=ABZ&destination=RIX&date={DATE}"}
ATTACK = "/api/v1/bookings/ABC234?last_name=x%27%20OR%20%271%27%3D%271"


def wrk(url):
    """(requests/s, p50 ms, p99 ms, non-2xx) of GET url at full speed."""
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-s",
                          os.path.join(ROOT, "bench", "report.lua"), url],
                         capture_output=True, text=True, timeout=SECONDS + 120).stdout
    figures = dict(line.split()[1:3] for line in out.splitlines() if line.startswith("BENCH "))
    return (float(figures["requests_per_sec"]), float(figures["p50_ms"]), float(figures["p99_ms"]),
            int(figures.get("non2xx", 0)))


def serve(data, mode, work):
    port = free_port()
    env = dict(os.environ, **UNLIMITED, JETWAY_WAF_MODE=mode, JETWAY_WAF_PARANOIA_LEVEL=PARANOIA)
    log = open(os.path.join(work, f"jetway-{mode}.log"), "ab")
    proc = subprocess.Popen([JETWAY, "serve", "--data-dir", data, "--listen", f"127.0.0.1:{port}"], env=env,
                            stdout=log, stderr=log, cwd=work)
    wait_http(f"http://127.0.0.1:{port}/healthz", proc)
    return proc, port


def row(label, figures):
    rate, p50, p99, non2xx = figures
    print(f"  {label:<34} {rate:10.1f} req/s   p50 {p50:7.2f} ms   p99 {p99:8.2f} ms   non-2xx {non2xx}", flush=True)


def main():
    if not shutil.which("wrk"):
        sys.exit("bench/security.py needs wrk: apt-get install wrk (or JETWAY_WITH_BENCH=1 scripts/setup.sh)")
    work = tempfile.mkdtemp(prefix="jetway-bench-security-")
    try:
        demo = os.path.join(work, "demo")
        subprocess.run([JETWAY, "demo"], env=dict(os.environ, JETWAY_DATA_DIR=demo), cwd=work, check=True,
                       capture_output=True, timeout=600)
        print(f"web application firewall: paranoia level {PARANOIA}, {CONNECTIONS} connections, {SECONDS} s a run, "
              f"{os.cpu_count()} CPUs, search date {DATE}")
        for mode in ("off", "detection", "blocking"):
            data = os.path.join(work, mode)
            shutil.copytree(demo, data)
            proc, port = serve(data, mode, work)
            try:
                print(f" [waf] mode = {mode}")
                for label, path in SEARCHES.items():
                    row(label, wrk(f"http://127.0.0.1:{port}{path}"))
                rate, p50, p99, non2xx = book(port, work, mode)
                print(f"  {'hold+confirm':<34} {rate:10.1f} bookings/s   p50 {p50:7.2f} ms   p99 {p99:8.2f} ms   "
                      f"non-2xx {non2xx}", flush=True)
                if mode == "blocking":
                    row("SQL injection (answered 403)", wrk(f"http://127.0.0.1:{port}{ATTACK}"))
            finally:
                proc.terminate()
                proc.wait(timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
