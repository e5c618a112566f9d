#!/usr/bin/env python3
"""The search snapshot's change feed (issue 16, part 3): how soon a change committed by another process reaches a
node's searches, and what following the feed costs a node that is idle, at several poll intervals.

    bench/feed.py [path/to/jetway]       (default build/jetway; BENCH_ENGINES "sqlite postgres" or "sqlite")

For each engine and each poll interval (BENCH_FEED_POLLS_MS, default "0 1 5 20"; jetway's default is 5; 0 is the
reference: no snapshot, so every search reads the database and there is no feed): one node on the demo airline,
the firewall off and no request-rate limit. Another process (Python's sqlite3, or psql as the data owner on PostgreSQL)
closes and reopens a booking class of a CPH-HAM flight a week ahead, BENCH_FEED_CHANGES times (default 200), as
another node or `jetway ssim import` would; after each commit returns, the search is asked again every 0.5 ms
until it shows the change. Prints the delay's p50, p99 and max, and the node's CPU time per second while idle
(BENCH_FEED_IDLE_SECONDS, default 5), which is the feed's polling. The bound the README states (no piece served
more than snapshot_max_age_ms after it was read, whatever the feed) is the unit tests'; this measures the feed.
Everything on 127.0.0.1, in a temporary directory removed afterwards.
"""
import datetime
import http.client
import json
import os
import pathlib
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

from operations import JETWAY, PGBIN, ROLES, cpu_seconds, free_port, wait_http

ROOT = pathlib.Path(__file__).resolve().parent.parent
ENGINES = os.environ.get("BENCH_ENGINES", "sqlite postgres").split()
POLLS = [int(p) for p in os.environ.get("BENCH_FEED_POLLS_MS", "0 1 5 20").split()]
CHANGES = int(os.environ.get("BENCH_FEED_CHANGES", "200"))
IDLE_SECONDS = float(os.environ.get("BENCH_FEED_IDLE_SECONDS", "5"))
DAY = (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=7)).isoformat()


class Node:
    def __init__(self, env, work, engine, poll_ms):
        self.port = free_port()
        # 0: no snapshot, every search reads the database (no feed to follow): the reference for both figures.
        env = {**env, "JETWAY_SEARCH_FEED_POLL_MS": str(poll_ms or 5),
               "JETWAY_SEARCH_SNAPSHOT_ENTRIES": "20000" if poll_ms else "0"}
        self.log_path = os.path.join(work, f"serve-{engine}-{poll_ms}.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([JETWAY, "serve", "--listen", f"127.0.0.1:{self.port}"], cwd=work, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.connection = None
        try:
            wait_http(f"http://127.0.0.1:{self.port}/healthz", self.process)
        except RuntimeError as e:
            self.close()
            sys.exit(f"feed: jetway did not start ({e}): {pathlib.Path(self.log_path).read_text()[-2000:]}")

    def get(self, path):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        return response.status, response.read()

    def journeys(self):
        """The CPH-HAM search's outbound journeys a week ahead, as the API answers them."""
        status, body = self.get(f"/api/v1/availability?origin=CPH&destination=HAM&date={DAY}&adults=1")
        assert status == 200, body[:300]
        return json.loads(body)["outbound"]

    def offers(self, flight_id):
        """The booking classes the search offers on the flight."""
        for journey in self.journeys():
            if [s["flight_id"] for s in journey["segments"]] == [flight_id]:
                return {o["booking_class"] for o in journey["offers"]}
        return set()

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def first_flight(node):
    journey = next(j for j in node.journeys() if len(j["segments"]) == 1 and j["offers"])
    return journey["segments"][0]["flight_id"], journey["offers"][-1]["booking_class"]


def measure(node, write, flight_id, booking_class):
    """Seconds from each change's commit to the first search that shows it, closing and reopening by turns."""
    delays = []
    pauses = random.Random(16)
    for i in range(CHANGES):
        closing = i % 2 == 0
        write(f"UPDATE flight_classes SET closed = {1 if closing else 0} "
              f"WHERE flight_id = {flight_id} AND booking_class = '{booking_class}'")
        committed = time.perf_counter()
        while (booking_class in node.offers(flight_id)) == closing:
            if time.perf_counter() - committed > 10:
                raise SystemExit("feed: a change did not reach the search within 10 s")
            time.sleep(0.0005)
        delays.append(time.perf_counter() - committed)
        # A pause of its own length before the next change: a fixed one would commit each change at the same point
        # of the node's poll cycle, and measure that point rather than the feed.
        time.sleep(pauses.uniform(0.005, 0.045))
    return delays


def idle_cpu(node):
    before = cpu_seconds(node.process.pid)
    time.sleep(IDLE_SECONDS)
    return (cpu_seconds(node.process.pid) - before) / IDLE_SECONDS


def report(engine, poll_ms, delays, cpu):
    ms = sorted(d * 1000 for d in delays)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    print(f"{engine:9} {poll_ms or 'off':>7} {len(ms):8} {statistics.median(ms):9.2f} {p99:9.2f} {ms[-1]:9.2f} "
          f"{cpu * 1000:13.2f}", flush=True)


def each_poll(engine, env, work, write):
    """A row per poll interval: a node started with it, measured, stopped."""
    for poll_ms in POLLS:
        node = Node(env, work, engine, poll_ms)
        try:
            flight_id, booking_class = first_flight(node)
            report(engine, poll_ms, measure(node, write, flight_id, booking_class), idle_cpu(node))
        finally:
            node.close()


def base_env():
    """The caller's environment without its database settings, and what every node here runs with."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JETWAY_DATABASE_") and k != "JETWAY_DATA_DIR"}
    return {**env, "JETWAY_AIRPORTS_CSV": str(ROOT / "data" / "airports.csv"), "JETWAY_WAF_MODE": "off",
            "JETWAY_REQUESTS_PER_SECOND_PER_CLIENT": "0"}


def sqlite_runs(work):
    env = {**base_env(), "JETWAY_DATA_DIR": os.path.join(work, "data")}
    subprocess.run([JETWAY, "demo"], cwd=work, env=env, check=True, capture_output=True, timeout=300)
    database = sqlite3.connect(os.path.join(work, "data", "data.db"), timeout=30, isolation_level=None)

    def write(sql):
        database.execute(sql)  # autocommit: returns once committed

    each_poll("sqlite", env, work, write)


class Psql:
    """One psql session as the data owner: a statement written, then a marker echoed after it, so that a write
    returns once its commit did, without a psql start (or exit) in the measured time."""

    def __init__(self, url):
        self.process = subprocess.Popen([f"{PGBIN}/psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1"], text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def write(self, sql):
        self.process.stdin.write(f"{sql};\n\\echo committed\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if line.strip() != "committed":
            raise SystemExit(f"feed: psql said {line!r} to {sql}")

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def postgres_runs(work):
    cluster = os.path.join(work, "pg")
    try:
        owner = subprocess.run([str(ROOT / "scripts" / "pg_cluster.sh"), "start", cluster], check=True,
                               capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1]
        base = owner.rsplit("/", 1)[0]
        env = {**base_env(), **ROLES, "JETWAY_DATABASE_DATA": f"{base}/feed_data",
               "JETWAY_DATABASE_WEB": f"{base}/feed_web", "JETWAY_DATABASE_MGMT": f"{base}/feed_mgmt"}
        subprocess.run([JETWAY, "demo"], cwd=work, env=env, check=True, capture_output=True, timeout=600)
        psql = Psql(f"{base}/feed_data")
        try:
            each_poll("postgres", env, work, psql.write)
        finally:
            psql.close()
    finally:
        subprocess.run([str(ROOT / "scripts" / "pg_cluster.sh"), "stop", cluster], capture_output=True, timeout=120)


def main():
    work = tempfile.mkdtemp(prefix="jetway-feed-")
    os.chmod(work, 0o755)  # as root, the PostgreSQL cluster inside runs as the postgres user
    try:
        print(f"the change feed: {CHANGES} changes per row, each committed by another process, a search every 0.5 ms "
              f"until it shows it; CPU while idle over {IDLE_SECONDS:g} s")
        print(f"{'engine':9} {'poll_ms':>7} {'changes':>8} {'p50_ms':>9} {'p99_ms':>9} {'max_ms':>9} "
              f"{'idle_cpu_ms/s':>13}")
        if "sqlite" in ENGINES:
            sqlite_runs(work)
        if "postgres" in ENGINES:
            postgres_runs(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
