#!/usr/bin/env python3
"""Security benchmark (issue 12): what the web application firewall and TLS cost.

    bench/security.py [path/to/jetway]        (default build/jetway; needs wrk, openssl and, for "tls", nginx)

One node on SQLite with the demo airline, on a fresh copy of the same data each start. wrk with BENCH_CONNECTIONS
(default 64) keep-alive connections, BENCH_SECONDS (default 10) a run. Every row gives requests/s, p50, p99, the
non-2xx count and the CPU time jetway spent per request (its user + system time over the run / requests).
BENCH_PARTS (default "modes,tls,rules,flood"):
  modes  [waf] mode off, detection and blocking (paranoia level BENCH_PARANOIA, default 1), each over plain HTTP and
         over HTTPS (TLS 1.3, a P-256 certificate): the availability searches CPH-HAM (direct) and ABZ-RIX (via CPH)
         and hold+confirm bookings (bench/booking.lua); in blocking mode also an attack at full speed (a SQL
         injection in the booking look-up), refused with 403.
  tls    the firewall off, so that TLS is what differs: the site's stylesheet from jetway and from nginx (the same
         file, the same certificate and suites), over plain HTTP and HTTPS with keep-alive; then one request a
         connection: plain with wrk ("Connection: close"), HTTPS with two `openssl s_time -new` clients, a full
         TLS 1.3 handshake a request (wrk's own reconnects over TLS held both servers under 200/s): handshakes/s.
  rules  which Core Rule Set files cost most: the direct search in blocking mode with every CRS file, then without
         each one in turn (BENCH_RULES_SECONDS a run, default 5), then with only the CRS's own scoring (901, 949,
         959, 980) and with the firewall off. A file's cost is the CPU per request it adds.
  flood  the limits as shipped (50 requests a second per address in bursts of 200, 10 failed look-ups per address
         and 20 per booking in 10 minutes, the firewall blocking): two wrk at full speed from 127.0.0.1, one on a
         search and one guessing a booking's last name, while a well-behaved client on 127.0.0.2 searches, holds
         and confirms a booking about twice a second: what the flood got (served, 429) and the well-behaved
         client's answers and p50/p99.
Everything on 127.0.0.1, in a temporary directory removed afterwards.
"""
import datetime
import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from operations import (CONNECTIONS, JETWAY, ROOT, SECONDS, UNLIMITED, book, cpu_seconds, flight_ids, free_port,
                        wait_http)

PARTS = os.environ.get("BENCH_PARTS", "modes,tls,rules,flood").split(",")
PARANOIA = os.environ.get("BENCH_PARANOIA", "1")
RULES_SECONDS = int(os.environ.get("BENCH_RULES_SECONDS", "5"))
DATE = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
SEARCHES = {"search CPH-HAM": f"/api/v1/availability?origin=CPH&destination=HAM&date={DATE}",
            "search ABZ-RIX": f"/api/v1/availability?origin=ABZ&destination=RIX&date={DATE}"}
ATTACK = "/api/v1/bookings/ABC234?last_name=x%27%20OR%20%271%27%3D%271"
CRS = "/usr/share/modsecurity-crs"
# The CRS's own machinery: its settings and the anomaly scoring that turns rules' scores into a block.
CRS_FRAMEWORK = ("REQUEST-901-", "REQUEST-949-", "RESPONSE-959-", "RESPONSE-980-")
TLS12 = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305"  # jetway's, for a P-256 certificate
HANDSHAKE_CLIENTS = 2
# The request-rate, holding and guessing limits as jetway ships them; no backups or drain in a benchmark.
AS_SHIPPED = {"JETWAY_BACKUP_INTERVAL_SECONDS": "0", "JETWAY_DRAIN_SECONDS": "0"}


def parse(out):
    return dict(line.split()[1:3] for line in out.splitlines() if line.startswith("BENCH "))


def wrk(url, pid=None, seconds=SECONDS, headers=()):
    """Figures of GET url at full speed: requests/s, p50, p99, non-2xx and, given jetway's pid, its CPU µs a
    request."""
    before = cpu_seconds(pid) if pid else 0
    argv = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s",
            os.path.join(ROOT, "bench", "report.lua")]
    for header in headers:
        argv += ["-H", header]
    figures = parse(subprocess.run([*argv, url], capture_output=True, text=True, timeout=seconds + 120).stdout)
    requests = int(figures["requests"])
    return {"rate": float(figures["requests_per_sec"]), "p50": float(figures["p50_ms"]),
            "p99": float(figures["p99_ms"]), "non2xx": int(figures.get("non2xx", 0)),
            "errors": int(figures.get("socket_errors", 0)), "requests": requests,
            "cpu_us": (cpu_seconds(pid) - before) / requests * 1e6 if pid and requests else None}


def row(label, f, unit="req/s"):
    cpu = f"   cpu {f['cpu_us']:7.0f} µs/req" if f.get("cpu_us") is not None else ""
    errors = f"   socket errors {f['errors']}" if f.get("errors") else ""
    print(f"  {label:<40} {f['rate']:10.1f} {unit:<10} p50 {f['p50']:7.2f} ms   p99 {f['p99']:8.2f} ms   "
          f"non-2xx {f['non2xx']}{cpu}{errors}", flush=True)


def handshakes(label, base, path, pid=None):
    """Full handshakes a second: HANDSHAKE_CLIENTS `openssl s_time -new` clients, each a new TLS session a request."""
    port = base.rsplit(":", 1)[1]
    before, started = (cpu_seconds(pid) if pid else 0), time.monotonic()
    clients = [subprocess.Popen(["openssl", "s_time", "-connect", f"127.0.0.1:{port}", "-new", "-time",
                                 str(SECONDS), "-www", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True) for _ in range(HANDSHAKE_CLIENTS)]
    outputs = [client.communicate(timeout=SECONDS + 60)[0] for client in clients]
    elapsed = time.monotonic() - started
    count = sum(int(m.group(1)) for out in outputs
                for m in [re.search(r"^(\d+) connections in [\d.]+s;", out, re.MULTILINE)] if m)
    cpu = f"   cpu {(cpu_seconds(pid) - before) / count * 1e6:7.0f} µs/handshake" if pid and count else ""
    print(f"  {label:<40} {count / elapsed:10.1f} handshakes/s ({count} in {elapsed:.1f} s){cpu}", flush=True)


def certificate(work):
    cert, key = os.path.join(work, "bench.crt"), os.path.join(work, "bench.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True, timeout=60)
    os.chmod(key, 0o644)  # nginx's workers read it as an unprivileged user
    return cert, key


class Node:
    """One `jetway serve` on a fresh copy of the demo data."""

    def __init__(self, bench, name, env, limits=None):
        self.data = os.path.join(bench.work, f"data-{name}")
        shutil.copytree(bench.demo, self.data)
        self.port = free_port()
        self.scheme = "https" if "JETWAY_TLS_CERTIFICATE" in env else "http"
        full_env = dict(os.environ, **(UNLIMITED if limits is None else limits), JETWAY_WAF_PARANOIA_LEVEL=PARANOIA,
                        **env)
        self.log = open(os.path.join(bench.work, f"jetway-{name}.log"), "ab")
        self.proc = subprocess.Popen([JETWAY, "serve", "--data-dir", self.data, "--listen", f"127.0.0.1:{self.port}"],
                                     env=full_env, stdout=self.log, stderr=self.log, cwd=bench.work)
        self.base = f"{self.scheme}://127.0.0.1:{self.port}"
        if self.scheme == "http":
            wait_http(f"{self.base}/healthz", self.proc)
        else:
            self.wait_tls(bench)

    def wait_tls(self, bench):
        context = ssl.create_default_context(cafile=bench.cert)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jetway exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=1, context=context) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("jetway over HTTPS did not answer /healthz")

    def run(self, path, **options):
        return wrk(self.base + path, self.proc.pid, **options)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


class Bench:
    def __init__(self, work):
        self.work = work
        self.demo = os.path.join(work, "demo")
        subprocess.run([JETWAY, "demo"], env=dict(os.environ, JETWAY_DATA_DIR=self.demo), cwd=work, check=True,
                       capture_output=True, timeout=600)
        self.cert, self.key = certificate(work)
        self.tls_env = {"JETWAY_TLS_CERTIFICATE": self.cert, "JETWAY_TLS_KEY": self.key}

    def modes(self):
        print(f"the firewall's modes, plain HTTP and HTTPS: paranoia level {PARANOIA}, {CONNECTIONS} connections, "
              f"{SECONDS} s a run, search date {DATE}")
        for mode in ("off", "detection", "blocking"):
            flights = None
            for scheme_env in ({}, self.tls_env):
                with Node(self, f"{mode}-{len(scheme_env)}", {"JETWAY_WAF_MODE": mode, **scheme_env}) as node:
                    print(f" [waf] mode = {mode}, {node.scheme}")
                    flights = flights or flight_ids(node.port, self.work, mode)
                    for label, path in SEARCHES.items():
                        row(label, node.run(path))
                    rate, p50, p99, non2xx = book(node.port, self.work, mode, node.scheme, flights)
                    row("hold+confirm", {"rate": rate, "p50": p50, "p99": p99, "non2xx": non2xx}, "bookings/s")
                    if mode == "blocking":
                        row("SQL injection (answered 403)", node.run(ATTACK))

    def tls(self):
        nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
        if not nginx:
            sys.exit("bench/security.py tls needs nginx: apt-get install nginx-light")
        print(f"TLS beside nginx (the firewall off): {CONNECTIONS} connections, {SECONDS} s a run")
        with Node(self, "plain", {"JETWAY_WAF_MODE": "off"}) as plain, \
                Node(self, "tls", {"JETWAY_WAF_MODE": "off", **self.tls_env}) as secure, \
                Nginx(self, nginx) as reference:
            with urllib.request.urlopen(f"{plain.base}/", timeout=10) as r:
                page = r.read().decode()
            stylesheet = re.search(r'href="(/static/site\.[^"]+\.css)"', page).group(1)
            with urllib.request.urlopen(f"{plain.base}{stylesheet}", timeout=10) as r:
                reference.publish(stylesheet, r.read())
            print(f" keep-alive: GET {stylesheet}")
            row("nginx, plain HTTP", wrk(reference.plain + stylesheet))
            row("jetway, plain HTTP", plain.run(stylesheet))
            row("nginx, HTTPS", wrk(reference.secure + stylesheet))
            row("jetway, HTTPS", secure.run(stylesheet))
            print(f" one request a connection (plain: wrk with Connection: close; HTTPS: {HANDSHAKE_CLIENTS} "
                  f"`openssl s_time -new`, a full TLS 1.3 handshake each)")
            close = ("Connection: close",)
            row("nginx, plain HTTP", wrk(reference.plain + stylesheet, headers=close), "conn/s")
            row("jetway, plain HTTP", plain.run(stylesheet, headers=close), "conn/s")
            handshakes("nginx, HTTPS", reference.secure, stylesheet)
            handshakes("jetway, HTTPS", secure.base, stylesheet, secure.proc.pid)

    def rules(self):
        print(f"Core Rule Set files by cost: blocking, paranoia level {PARANOIA}, search CPH-HAM, {CONNECTIONS} "
              f"connections, {RULES_SECONDS} s a run")
        files = sorted(os.listdir(os.path.join(CRS, "rules")))
        removable = [f for f in files if f.endswith(".conf") and not f.startswith(CRS_FRAMEWORK)]
        groups = {"REQUEST-903.* (application exclusions)": [f for f in removable if f.startswith("REQUEST-903.")]}
        groups.update({f.removesuffix(".conf"): [f] for f in removable if not f.startswith("REQUEST-903.")})
        path = SEARCHES["search CPH-HAM"]
        full = self.crs_run("all", [], path)
        row("every CRS file", full)
        costs = []
        for label, left_out in groups.items():
            figures = self.crs_run(label, left_out, path)
            costs.append((full["cpu_us"] - figures["cpu_us"], label))
            row(f"without {label}"[:40], figures)
        row("CRS scoring only (901, 949, 959, 980)", self.crs_run("framework", removable, path))
        with Node(self, "rules-off", {"JETWAY_WAF_MODE": "off"}) as node:
            row("firewall off", node.run(path, seconds=RULES_SECONDS))
        print(" CPU a search each file adds (every file's run minus the run without it):")
        for cost, label in sorted(costs, reverse=True):
            print(f"  {label:<50} {cost:7.0f} µs")

    def flood(self):
        print(f"a flood against the limits as shipped: two wrk at full speed from 127.0.0.1 ({CONNECTIONS} "
              f"connections each, {SECONDS} s), a well-behaved client on 127.0.0.2")
        with Node(self, "flood", {"JETWAY_WAF_MODE": "blocking"}, limits=AS_SHIPPED) as node:
            calm = Calm(node.port)
            calm.start()
            time.sleep(1)
            floods = {}
            runs = {"search": SEARCHES["search CPH-HAM"], "look-up": "/api/v1/bookings/ABC234?last_name=Guess"}
            threads = [threading.Thread(target=lambda k=k, p=p: floods.__setitem__(k, wrk(node.base + p)))
                       for k, p in runs.items()]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            time.sleep(1)
            calm.stop.set()
            calm.join()
            for label, f in floods.items():
                total = f["requests"]
                print(f"  flood on the {label:<8} {total:8d} requests, {total - f['non2xx']:6d} served 2xx, "
                      f"{f['non2xx']:8d} answered 4xx (429, or 404 for a wrong guess), p99 {f['p99']:7.2f} ms")
            print(f"  the well-behaved client: statuses {dict(sorted(calm.statuses.items()))}, "
                  f"p50 {calm.percentile(50):.1f} ms, p99 {calm.percentile(99):.1f} ms")
            with open(node.log.name, errors="replace") as f:
                server_errors = len(re.findall(r'"status":5[0-9][0-9]', f.read()))
            print(f"  5xx answers in jetway's log: {server_errors}")

    def crs_run(self, name, left_out, path):
        crs = os.path.join(self.work, f"crs-{len(left_out)}-{abs(hash(name))}")
        os.makedirs(os.path.join(crs, "rules"))
        for f in os.listdir(os.path.join(CRS, "rules")):
            if f not in left_out:
                os.symlink(os.path.join(CRS, "rules", f), os.path.join(crs, "rules", f))
        try:
            with Node(self, f"crs-{len(left_out)}", {"JETWAY_WAF_MODE": "blocking", "JETWAY_WAF_CRS_DIR": crs}) as node:
                return node.run(path, seconds=RULES_SECONDS)
        finally:
            shutil.rmtree(crs, ignore_errors=True)


class Calm(threading.Thread):
    """A well-behaved client on 127.0.0.2: a search, then every other round a hold and its confirmation, about two
    requests a second, until stopped. Its statuses and latencies."""

    def __init__(self, port):
        super().__init__()
        self.port, self.stop, self.statuses, self.latencies = port, threading.Event(), {}, []

    def call(self, kind, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=("127.0.0.2", 0))
        started = time.monotonic()
        try:
            conn.request(method, path, body=json.dumps(body) if body else None,
                         headers={"Content-Type": "application/json", **(headers or {})})
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        self.latencies.append(time.monotonic() - started)
        self.statuses[f"{kind} {response.status}"] = self.statuses.get(f"{kind} {response.status}", 0) + 1
        return response.status, json.loads(payload) if payload else None

    def run(self):
        rounds = 0
        while not self.stop.is_set():
            status, found = self.call("search", "GET", SEARCHES["search ABZ-RIX"])
            if status == 200 and rounds % 2 == 0 and found["outbound"]:
                segment = found["outbound"][0]["segments"][0]
                status, held = self.call("hold", "POST", "/api/v1/bookings", {
                    "segments": [{"flight_id": segment["flight_id"], "booking_class": "Y"}],
                    "passengers": {"adults": 1, "children": 0, "infants": 0}})
                if status == 201:
                    self.call("confirm", "POST", f"/api/v1/bookings/{held['locator']}/confirm", {
                        "passengers": [{"pax_type": "ADT", "title": "MS", "first_name": "Ida", "last_name": "Calm"}],
                        "contact": {"email": "ida.calm@example.dk", "phone": "+45 32 31 32 31"},
                        "payment": {"method": "test_card", "card": {
                            "number": "4242424242424242", "expiry_month": 12,
                            "expiry_year": datetime.date.today().year + 3, "cvc": "123", "holder": "IDA CALM"}}},
                        {"X-Hold-Token": held["hold_token"]})
            rounds += 1
            self.stop.wait(0.5)

    def percentile(self, p):
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000 if ordered else float("nan")


class Nginx:
    """nginx serving a directory over plain HTTP and HTTPS with jetway's protocols and suites."""

    def __init__(self, bench, binary):
        self.dir = os.path.join(bench.work, "nginx")
        self.www = os.path.join(self.dir, "www")
        os.makedirs(os.path.join(self.dir, "temp"))
        os.makedirs(self.www)
        os.chmod(bench.work, 0o711)  # as root, nginx's workers run as an unprivileged user
        for d in (self.dir, self.www):
            os.chmod(d, 0o755)
        ports = free_port(), free_port()
        self.plain, self.secure = f"http://127.0.0.1:{ports[0]}", f"https://127.0.0.1:{ports[1]}"
        temp = os.path.join(self.dir, "temp")
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(f"""daemon off;
master_process on;
worker_processes 2;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    default_type text/css;
    sendfile on;
    keepalive_requests 100000000;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers {TLS12};
    ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256;
    ssl_certificate {bench.cert};
    ssl_certificate_key {bench.key};
    server {{ listen 127.0.0.1:{ports[0]}; root {self.www}; }}
    server {{ listen 127.0.0.1:{ports[1]} ssl; root {self.www}; }}
}}
""")
        self.log = open(os.path.join(self.dir, "stdout.log"), "ab")
        self.proc = subprocess.Popen([binary, "-p", self.dir + "/", "-c", os.path.join(self.dir, "nginx.conf"),
                                      "-e", os.path.join(self.dir, "error.log")], stdout=self.log, stderr=self.log)
        self.published = None

    def publish(self, path, body):
        target = os.path.join(self.www, path.lstrip("/"))
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        with open(target, "wb") as f:
            f.write(body)
        os.chmod(target, 0o644)
        wait_http(self.plain + path, self.proc)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self.log.close()


def main():
    if not shutil.which("wrk"):
        sys.exit("bench/security.py needs wrk: apt-get install wrk (or JETWAY_WITH_BENCH=1 scripts/setup.sh)")
    work = tempfile.mkdtemp(prefix="jetway-bench-security-")
    try:
        bench = Bench(work)
        print(f"jetway {JETWAY}, {os.cpu_count()} CPUs")
        for part in PARTS:
            getattr(bench, part)()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
