"""HAProxy (Debian's) on 127.0.0.1 running deploy/haproxy/haproxy.cfg itself, in front of jetway nodes started by
the tests: the public frontend, the back office's frontend with its allow-list, and the stats frontend whose CSV
says what HAProxy thinks of each node."""
import csv
import io
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

from jw import Client, free_port

CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "haproxy", "haproxy.cfg")


class HAProxy:
    def __init__(self, app_ports, office_ports, office_networks=("127.0.0.1/32",), requests_per_10s=10**9,
                 tls_pem=None, nodes_tls_ca=None, lookup_failures=(10**9, 10**9), sign_in_failures=10**9):
        self.dir = tempfile.mkdtemp(prefix="jetway-haproxy-")
        networks = os.path.join(self.dir, "office-networks.lst")
        with open(networks, "w") as f:
            f.write("".join(n + "\n" for n in office_networks))
        # The configuration names three app nodes and two office nodes; fewer given repeat the last.
        apps = (list(app_ports) * 3)[:3] if len(app_ports) < 3 else list(app_ports)
        offices = (list(office_ports) * 2)[:2]
        self.env = dict(os.environ, JETWAY_HAPROXY_UNCONFINED="1", JETWAY_HAPROXY_LOG="stdout",
                        JETWAY_HAPROXY_MAXCONN="2000",
                        # Every test client is 127.0.0.1: no shared rate limit unless a test is about it.
                        JETWAY_HAPROXY_REQUESTS_PER_10S=str(requests_per_10s),
                        # (per address, per booking reference)
                        JETWAY_HAPROXY_LOOKUP_FAILURES_PER_10M=str(lookup_failures[0]),
                        JETWAY_HAPROXY_LOOKUP_FAILURES_PER_BOOKING_10M=str(lookup_failures[1]),
                        JETWAY_HAPROXY_SIGN_IN_FAILURES_PER_15M=str(sign_in_failures),
                        JETWAY_OFFICE_NETWORKS=networks)
        self.tls_pem = tls_pem
        if tls_pem:  # HAProxy terminates HTTPS on a port of its own
            self.env["JETWAY_HAPROXY_TLS_CERT"] = tls_pem
        self._choose_ports()
        if nodes_tls_ca:  # the nodes speak HTTPS (a Server's tls_ca): HAProxy speaks TLS to them, trusting that CA
            self.env["JETWAY_NODES_TLS_CA"] = nodes_tls_ca
        for i, port in enumerate(apps, 1):
            self.env[f"JETWAY_APP{i}"] = f"127.0.0.1:{port}"
        for i, port in enumerate(offices, 1):
            self.env[f"JETWAY_OFFICE{i}"] = f"127.0.0.1:{port}"
        self.proc = None
        self.log_path = os.path.join(self.dir, "haproxy.log")

    def _choose_ports(self):
        self.public_port, self.office_port, self.stats_port = free_port(), free_port(), free_port()
        self.env.update(JETWAY_PUBLIC_BIND=f"127.0.0.1:{self.public_port}",
                        JETWAY_OFFICE_BIND=f"127.0.0.1:{self.office_port}",
                        JETWAY_HAPROXY_STATS_BIND=f"127.0.0.1:{self.stats_port}")
        if self.tls_pem:
            self.tls_port = free_port()
            self.env["JETWAY_PUBLIC_TLS_BIND"] = f"127.0.0.1:{self.tls_port}"
        self.front = Client(self.public_port)

    def start(self):
        """Starts HAProxy and waits for every node to be UP. A port the kernel called free but that something took
        before HAProxy bound it (a client connection's ephemeral port, say) is met by choosing new ports, twice at
        most."""
        for attempt in range(3):
            log_start = os.path.getsize(self.log_path) if os.path.exists(self.log_path) else 0
            try:
                return self._start_once()
            except RuntimeError:
                if attempt == 2 or "cannot bind socket" not in self.log()[log_start:]:
                    raise
                self._choose_ports()

    def _start_once(self):
        with open(self.log_path, "ab") as log:
            # -dR: no SO_REUSEPORT, so that a port already listened on fails HAProxy's start instead of being shared.
            self.proc = subprocess.Popen(["haproxy", "-db", "-dR", "-f", CONFIG], env=self.env, stdout=log, stderr=log)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"haproxy exited with {self.proc.returncode}: {self.log()[-2000:]}")
            try:
                servers = self.servers()
                if servers and all(s["status"] == "UP" for s in servers.values()):
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"haproxy's nodes did not all come up: {self.servers()}\n{self.log()[-2000:]}")

    def stats(self):
        """HAProxy's stats CSV: one dict per frontend, backend and server."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.stats_port}/stats;csv", timeout=5) as r:
            text = r.read().decode()
        return list(csv.DictReader(io.StringIO(text.lstrip("# "))))

    def servers(self, backend="jetway_public"):
        return {row["svname"]: row for row in self.stats()
                if row["pxname"] == backend and row["svname"] not in ("FRONTEND", "BACKEND")}

    def row(self, proxy, name):
        return next(r for r in self.stats() if r["pxname"] == proxy and r["svname"] == name)

    def wait_status(self, server, status, timeout=15, backend="jetway_public"):
        """Waits until HAProxy's checks put `server` in `status` (UP or DOWN, not a transition like "DOWN 1/2")."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.servers(backend)[server]["status"] == status:
                return time.time()
            time.sleep(0.05)
        raise AssertionError(f"{server} is not {status} after {timeout} s: {self.servers(backend)[server]['status']}")

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
        shutil.rmtree(self.dir, ignore_errors=True)
