#!/usr/bin/env python3
"""Operations benchmark (issue 11): what HAProxy, more nodes, synchronous replication and backups cost.

    bench/operations.py [path/to/jetway]        (default build/jetway; needs wrk, haproxy, postgresql-15)

Everything runs on 127.0.0.1 in temporary directories, removed afterwards. BENCH_SECONDS (default 10) per wrk run,
BENCH_CONNECTIONS (default 64), BENCH_PARTS (default "scaling,sync,backup"):
  scaling  one throw-away PostgreSQL 15 cluster; hold+confirm bookings (bench/booking.lua) straight to one node, then
           through HAProxy (deploy/haproxy/haproxy.cfg itself) to 1, 2 and 3 `serve --apps public` nodes; beside
           them pgbench's TPC-B-like script with the same client count, the database's own commit rate.
  sync     a primary and a hot standby made by deploy/postgresql/pg_node.sh: bookings/s through one node with
           synchronous_commit = remote_apply (RPO 0), then with the standby asynchronous, in the same run.
  backup   BENCH_BACKUP_BOOKINGS (default 1,000,000) bookings written into a SQLite data database (as
           bench/office_data.py writes them), then `jetway backup` and `jetway restore`: seconds and sizes.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
JETWAY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "jetway"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
PARTS = os.environ.get("BENCH_PARTS", "scaling,sync,backup").split(",")
BACKUP_BOOKINGS = int(os.environ.get("BENCH_BACKUP_BOOKINGS", "1000000"))
PG_NODE = os.path.join(ROOT, "deploy", "postgresql", "pg_node.sh")
PGBIN = "/usr/lib/postgresql/15/bin"
ROLES = {"JETWAY_DATABASE_PUBLIC_PASSWORD": "bench-public", "JETWAY_DATABASE_ADMIN_PASSWORD": "bench-admin",
         "JETWAY_DATABASE_AGENT_PASSWORD": "bench-agent"}
# Every wrk connection is 127.0.0.1, like a partner's many customers behind one address.
UNLIMITED = {"JETWAY_REQUESTS_PER_SECOND_PER_CLIENT": "0", "JETWAY_HOLDS_PER_CLIENT": "100000", "JETWAY_HELD_SEATS_PER_CLIENT_PER_FLIGHT": "100000",
             "JETWAY_HELD_SEATS_PER_CLIENT": "1000000", "JETWAY_BACKUP_INTERVAL_SECONDS": "0",
             "JETWAY_DRAIN_SECONDS": "0", "JETWAY_TRUSTED_PROXIES": "127.0.0.1"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU seconds of the process so far (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def as_postgres(argv):
    return ["runuser", "-u", "postgres", "--", *argv] if os.getuid() == 0 else argv


def wait_http(url, proc=None, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


class Nodes:
    """jetway `serve --apps public` processes on one set of databases."""

    def __init__(self, env, work):
        self.env, self.work, self.procs = env, work, []

    def start(self, n):
        for _ in range(n - len(self.procs)):
            port = free_port()
            log = open(os.path.join(self.work, f"node-{port}.log"), "ab")
            proc = subprocess.Popen([JETWAY, "serve", "--apps", "public", "--listen", f"127.0.0.1:{port}"],
                                    env=self.env, stdout=log, stderr=log, cwd=self.work)
            proc.port = port
            self.procs.append(proc)
            wait_http(f"http://127.0.0.1:{port}/healthz", proc)
        return [p.port for p in self.procs]

    def stop(self):
        for p in self.procs:
            p.terminate()
            p.wait(timeout=60)
        self.procs = []


class HAProxy:
    def __init__(self, app_ports, work):
        self.port, stats = free_port(), free_port()
        nets = os.path.join(work, "office-networks.lst")
        with open(nets, "w") as f:
            f.write("127.0.0.1/32\n")
        apps = (list(app_ports) * 3)[:3]
        # Fewer than three nodes: the configuration's other lines name the same nodes again (their weight then
        # doubles, which leastconn does not mind).
        env = dict(os.environ, JETWAY_HAPROXY_UNCONFINED="1", JETWAY_HAPROXY_LOG="stdout",
                   JETWAY_HAPROXY_REQUESTS_PER_10S="1000000000",  # wrk is one address
                   JETWAY_HAPROXY_MAXCONN="4000", JETWAY_PUBLIC_BIND=f"127.0.0.1:{self.port}",
                   JETWAY_OFFICE_BIND=f"127.0.0.1:{free_port()}", JETWAY_HAPROXY_STATS_BIND=f"127.0.0.1:{stats}",
                   JETWAY_OFFICE_NETWORKS=nets, JETWAY_OFFICE1=f"127.0.0.1:{apps[0]}",
                   JETWAY_OFFICE2=f"127.0.0.1:{apps[0]}")
        for i, port in enumerate(apps, 1):
            env[f"JETWAY_APP{i}"] = f"127.0.0.1:{port}"
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", os.path.join(ROOT, "deploy", "haproxy", "haproxy.cfg")],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(f"http://127.0.0.1:{self.port}/healthz", self.proc)
        time.sleep(2.5)  # every server UP (rise 2, a check a second)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def flight_ids(port, work, name):
    """A file of bookable flight ids of the plain-HTTP node on 127.0.0.1:port (bench/flight_ids.py)."""
    flights = os.path.join(work, f"flights-{name}.txt")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "flight_ids.py"), f"127.0.0.1:{port}", "2", "60",
                    flights], check=True, capture_output=True, timeout=600)
    return flights


def book(port, work, name, scheme="http", flights=None):
    """wrk hold+confirm bookings against 127.0.0.1:port; (bookings/s, p50 ms, p99 ms, non-2xx). Without a file of
    flight ids, the node's own (it must then speak plain HTTP)."""
    flights = flights or flight_ids(port, work, name)
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-s",
                          os.path.join(ROOT, "bench", "booking.lua"), f"{scheme}://127.0.0.1:{port}", "--", flights,
                          "2"],
                         capture_output=True, text=True, timeout=SECONDS + 120).stdout
    figures = dict(line.split()[1:3] for line in out.splitlines() if line.startswith("BENCH "))
    return (float(figures["bookings_per_sec"]), float(figures["p50_ms"]), float(figures["p99_ms"]),
            int(figures.get("non2xx", 0)))


def pgbench(url_base, owner_url):
    subprocess.run(["psql", owner_url, "-qAt", "-c", "CREATE DATABASE pgbench"], check=True, capture_output=True)
    subprocess.run([f"{PGBIN}/pgbench", "-i", "-q", "-s", "10", f"{url_base}/pgbench"], check=True,
                   capture_output=True, timeout=600)
    out = subprocess.run([f"{PGBIN}/pgbench", "-n", "-c", str(CONNECTIONS), "-j", "2", "-T", str(SECONDS),
                          f"{url_base}/pgbench"], capture_output=True, text=True, timeout=SECONDS + 120).stdout
    return float(next(line.split()[2] for line in out.splitlines() if line.startswith("tps = ")))


def line(label, figures):
    rate, p50, p99, non2xx = figures
    print(f"  {label:<44} {rate:9.1f} bookings/s   p50 {p50:7.2f} ms   p99 {p99:8.2f} ms   non-2xx {non2xx}")


def scaling(work):
    print("scaling: bookings through HAProxy to 1, 2 and 3 nodes on one PostgreSQL 15")
    cluster = os.path.join(work, "pg")
    owner = subprocess.run([os.path.join(ROOT, "scripts", "pg_cluster.sh"), "start", cluster], check=True,
                           capture_output=True, text=True).stdout.strip()
    base = owner.rsplit("/", 1)[0]
    env = dict(os.environ, **ROLES, **UNLIMITED, JETWAY_DATABASE_DATA=f"{base}/bench_data",
               JETWAY_DATABASE_WEB=f"{base}/bench_web", JETWAY_DATABASE_MGMT=f"{base}/bench_mgmt")
    nodes = Nodes(env, work)
    try:
        subprocess.run([JETWAY, "demo"], env=env, check=True, capture_output=True, cwd=work, timeout=900)
        ports = nodes.start(1)
        line("one node, no HAProxy", book(ports[0], work, "direct"))
        for n in (1, 2, 3):
            ports = nodes.start(n)
            proxy = HAProxy(ports, work)
            try:
                line(f"{n} node{'s' if n > 1 else ''} through HAProxy", book(proxy.port, work, f"haproxy{n}"))
            finally:
                proxy.stop()
        nodes.stop()
        print(f"  {'pgbench TPC-B-like, same clients':<44} {pgbench(base, owner):9.1f} transactions/s")
    finally:
        nodes.stop()
        subprocess.run([os.path.join(ROOT, "scripts", "pg_cluster.sh"), "stop", cluster], capture_output=True)


def sync(work):
    print("sync: bookings through one node, the standby synchronous (remote_apply) and then asynchronous")
    pg1, pg2 = os.path.join(work, "pg1"), os.path.join(work, "pg2")
    p1, p2 = free_port(), free_port()
    try:
        subprocess.run([PG_NODE, "primary", pg1, str(p1), "pg1"], check=True, capture_output=True)
        subprocess.run([PG_NODE, "standby", pg2, str(p2), "pg2", f"127.0.0.1:{p1}"], check=True, capture_output=True)
        subprocess.run([PG_NODE, "synchronous", pg1, str(p1)], check=True, capture_output=True)

        def sql(statement):
            return subprocess.run(as_postgres([f"{PGBIN}/psql", "-h", pg1, "-p", str(p1), "-U", "postgres", "-qAt",
                                               "-c", statement]), check=True, capture_output=True, text=True).stdout

        sql("CREATE ROLE jetway_owner LOGIN CREATEDB CREATEROLE PASSWORD 'owner-secret'")
        hosts = f"127.0.0.1:{p1},127.0.0.1:{p2}"
        env = dict(os.environ, **ROLES, **UNLIMITED)
        for db in ("data", "web", "mgmt"):
            env[f"JETWAY_DATABASE_{db.upper()}"] = (f"postgresql://jetway_owner:owner-secret@{hosts}/bench_{db}"
                                                    "?target_session_attrs=read-write")
        subprocess.run([JETWAY, "demo"], env=env, check=True, capture_output=True, cwd=work, timeout=900)
        nodes = Nodes(env, work)
        try:
            port = nodes.start(1)[0]
            rates = {"sync": [], "async": []}
            # Alternating, so that neither mode always books the emptier flights or meets the checkpoint.
            for mode in ("sync", "async", "sync", "async"):
                sql("ALTER SYSTEM RESET synchronous_standby_names" if mode == "sync"
                    else "ALTER SYSTEM SET synchronous_standby_names = ''")
                sql("SELECT pg_reload_conf()")
                time.sleep(1)
                state = sql("SELECT sync_state FROM pg_stat_replication").strip()
                figures = book(port, work, f"{mode}{len(rates[mode])}")
                rates[mode].append(figures[0])
                line(f"standby {state} ({'RPO 0' if mode == 'sync' else 'asynchronous'})", figures)
            ratio = (sum(rates["sync"]) / 2) / (sum(rates["async"]) / 2)
            print(f"  synchronous / asynchronous (means of two runs each): {ratio:.3f}")
        finally:
            nodes.stop()
    finally:
        for d in (pg2, pg1):
            subprocess.run([PG_NODE, "stop", d], capture_output=True)


def backup(work):
    import office_data
    print(f"backup: {BACKUP_BOOKINGS:,} bookings on SQLite")
    data = os.path.join(work, "var")
    env = dict(os.environ, JETWAY_DATA_DIR=data)
    subprocess.run([JETWAY, "demo"], env=env, check=True, capture_output=True, timeout=600)
    office_data.BOOKINGS = BACKUP_BOOKINGS
    started = time.monotonic()
    office_data.fill(os.path.join(data, "data.db"))
    sizes = sum(os.path.getsize(os.path.join(data, f)) for f in ("data.db", "web.db", "mgmt.db"))
    print(f"  bookings written in {time.monotonic() - started:.1f} s; the databases: {sizes / 2**20:.0f} MiB")
    backups = os.path.join(work, "backups")
    started = time.monotonic()
    run = subprocess.run([JETWAY, "backup", "--to", backups], env=env, capture_output=True, text=True, timeout=3600)
    took = time.monotonic() - started
    if run.returncode != 0:
        raise RuntimeError(run.stderr)
    print(f"  jetway backup: {took:.1f} s (copy, integrity check and SHA-256 of each database): {run.stdout.strip()}")
    [made] = os.listdir(backups)
    started = time.monotonic()
    run = subprocess.run([JETWAY, "restore", os.path.join(backups, made), "--data-dir", os.path.join(work, "restored")],
                         env=env, capture_output=True, text=True, timeout=3600)
    if run.returncode != 0:
        raise RuntimeError(run.stderr)
    print(f"  jetway restore: {time.monotonic() - started:.1f} s (checksums, integrity checks, copy)")


def main():
    work = tempfile.mkdtemp(prefix="jetway-bench-ops-")
    os.chmod(work, 0o755)
    try:
        for part, run in (("scaling", scaling), ("sync", sync), ("backup", backup)):
            if part in PARTS:
                run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
