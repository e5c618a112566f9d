"""jetway behind HAProxy, run with deploy/haproxy/haproxy.cfg itself.

- A node that receives SIGTERM leaves the pool before it stops: /readyz answers 503 "draining" while the node still
  serves (every answer closing its connection), then it stops accepting and exits 0.
- The back office's frontend lets in only the allowed networks; the public one lets in everybody.
- HAProxy terminating HTTPS in front of plain-HTTP nodes: HSTS, Secure cookies through X-Forwarded-Proto, plain
  HTTP redirected, jetway's TLS policy.
- The shared budget: HAProxy's stick table holds each client address to its rate over all nodes together (429 with
  Retry-After from HAProxy, never reaching a node); another address is not affected.
- On PostgreSQL: three nodes on one database behind HAProxy while 64 clients hold, confirm and cancel through it.
  One node is killed with SIGKILL and started again, another is drained with SIGTERM. No client sees a 5xx; HAProxy
  takes the drained node out before it stops; every acknowledged booking is there and the inventory counters equal
  the bookings, with no cabin or nest level oversold.

Under JETWAY_TEST_TLS=1 the nodes speak HTTPS and HAProxy speaks TLS to them (JETWAY_NODES_TLS_CA in haproxy.cfg),
but for the termination test's node, which is about plain nodes behind HAProxy's TLS."""
import os
import re
import shutil
import signal
import socket
import ssl
import tempfile
import time
import unittest

from haproxy import HAProxy
from ibe_browser import Browser
from jw import PG_OWNER_URL, PLAIN_HTTP, Client, Server, make_certificate, s_client, today_plus
from test_concurrency import Race, RaceCase

NODE_ENV = {"JETWAY_HOLD_SECONDS": "900", "JETWAY_DRAIN_SECONDS": "3", "JETWAY_TRUSTED_PROXIES": "127.0.0.1"}


# The drain and the allow-list do not depend on the database engine: they run in the SQLite pass only.
ONCE = unittest.skipIf(PG_OWNER_URL, "engine-independent: runs in the SQLite pass")


@ONCE
class DrainTest(unittest.TestCase):
    def test_sigterm_reports_draining_while_still_serving_then_stops(self):
        server = Server(env={"JETWAY_DRAIN_SECONDS": "2"}).start()
        try:
            self.assertEqual(server.request("GET", "/readyz")[0], 200)
            server.proc.send_signal(signal.SIGTERM)
            sent = time.time()
            deadline = sent + 1.5
            while True:
                status, body, _ = server.request("GET", "/readyz")
                if status == 503 or time.time() > deadline:
                    break
                time.sleep(0.02)
            self.assertEqual((status, body["status"]), (503, "draining"), body)
            # Still serving what it is sent, asking each client to close its connection.
            status, body, headers = server.search("CPH", "BGO", today_plus(30))
            self.assertEqual(status, 200, body)
            self.assertEqual(headers.get("Connection"), "close")
            self.assertEqual(server.proc.wait(timeout=20), 0)
            self.assertGreaterEqual(time.time() - sent, 1.9, "the node stopped before its drain time was up")
            self.assertIn("leaving the pool", server.log())
        finally:
            server.close()

    def test_sigint_stops_at_once(self):
        server = Server(env={"JETWAY_DRAIN_SECONDS": "30"}).start()
        try:
            server.proc.send_signal(signal.SIGINT)
            self.assertEqual(server.proc.wait(timeout=10), 0)
        finally:
            server.close()


@ONCE
class OfficeAllowListTest(unittest.TestCase):
    def setUp(self):
        self.server = Server(env=NODE_ENV).start()
        self.haproxy = HAProxy([self.server.port], [self.server.admin_port], nodes_tls_ca=self.server.tls_ca).start()

    def tearDown(self):
        self.haproxy.close()
        self.server.close()

    @staticmethod
    def get(port, path, source):
        """GET over a connection from `source` (any 127.x address is this machine); the raw answer, b"" if none."""
        answer = b""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0)) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: jetway\r\nConnection: close\r\n\r\n".encode())
                while chunk := s.recv(65536):
                    answer += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass  # refused, at connect or after
        return answer

    def test_back_office_only_from_allowed_networks(self):
        self.assertTrue(self.get(self.haproxy.office_port, "/login", "127.0.0.1").startswith(b"HTTP/1.1 200"))
        # 127.0.0.2 is not on the list: the connection is refused before any HTTP.
        self.assertEqual(self.get(self.haproxy.office_port, "/login", "127.0.0.2"), b"")
        # The public frontend serves it: it is the list that refused, not the address.
        self.assertTrue(self.get(self.haproxy.public_port, "/healthz", "127.0.0.2").startswith(b"HTTP/1.1 200"))
        # The node sees the client HAProxy names (X-Forwarded-For from a trusted proxy).
        self.server.wait_for_log('"remote":"127.0.0.2"')


@ONCE
class TlsTerminationTest(unittest.TestCase):
    def test_haproxy_terminates_https_in_front_of_plain_nodes(self):
        directory = tempfile.mkdtemp(prefix="jetway-haproxy-tls-")
        self.addCleanup(shutil.rmtree, directory, ignore_errors=True)
        cert, key = make_certificate(directory, "balancer", "ec")
        pem = os.path.join(directory, "jetway.pem")
        with open(pem, "w") as out, open(cert) as c, open(key) as k:
            out.write(c.read() + k.read())
        # The node stays on plain HTTP under JETWAY_TEST_TLS=1: this test is about HAProxy's TLS in front of plain
        # nodes (a node's own TLS would make its cookies Secure without X-Forwarded-Proto).
        node = Server(env={**NODE_ENV, **PLAIN_HTTP}, admin=False).start()
        self.addCleanup(node.close)
        haproxy = HAProxy([node.port], [node.port], tls_pem=pem).start()
        self.addCleanup(haproxy.close)
        front = Client(haproxy.tls_port, tls_context=ssl.create_default_context(cafile=cert))
        status, _, headers = front.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("strict-transport-security"), "max-age=63072000")
        conn = front.connection()
        conn.request("GET", "/?lang=da")
        page = conn.getresponse()
        page.read()
        cookies = [v for k, v in page.getheaders() if k.lower() == "set-cookie"]
        self.assertTrue(cookies and all(c.endswith("; Secure") for c in cookies), cookies)  # X-Forwarded-Proto
        conn.close()
        # Plain HTTP is sent to HTTPS; the policy is jetway's own.
        answer = OfficeAllowListTest.get(haproxy.public_port, "/healthz", "127.0.0.1")
        self.assertTrue(answer.startswith(b"HTTP/1.1 301"), answer[:200])
        self.assertIn(b"location: https://", answer.lower())
        self.assertTrue(s_client(haproxy.tls_port, "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384")[0])
        self.assertFalse(s_client(haproxy.tls_port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")[0])
        self.assertFalse(s_client(haproxy.tls_port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256")[0])


@ONCE
class SharedBudgetTest(unittest.TestCase):
    def test_one_budget_per_address_over_all_nodes(self):
        # Two nodes (each with its own empty database: only /healthz is asked) and 30 requests per 10 s per address.
        nodes = [Server(env=NODE_ENV, demo=False, admin=False).start() for _ in range(2)]
        haproxy = HAProxy([n.port for n in nodes], [nodes[0].port], requests_per_10s=30,
                          nodes_tls_ca=nodes[0].tls_ca).start()
        try:
            def seen():
                return [len(re.findall(r'"path":"/healthz","status":200', node.log())) for node in nodes]
            time.sleep(0.5)
            before = seen()  # HAProxy's start asked through the front
            statuses = []
            for n in range(60):
                answer = OfficeAllowListTest.get(haproxy.public_port, f"/healthz?n={n}", "127.0.0.1")
                statuses.append(int(answer.split(b" ", 2)[1]))
                if statuses[-1] == 429:
                    self.assertIn(b"retry-after: 10", answer.lower())
                    self.assertIn(b'"code":"TOO_MANY_REQUESTS"', answer)
            served = statuses.count(200)
            print(f"\n  shared budget: {served} served, {statuses.count(429)} refused by HAProxy")
            self.assertEqual(set(statuses), {200, 429})
            self.assertLessEqual(served, 31)  # the table's count, not 30 per node
            self.assertGreaterEqual(served, 29)
            # Both nodes served a share, and neither saw the refused requests (HAProxy's checks ask /readyz).
            def new():
                return [now - then for now, then in zip(seen(), before)]
            deadline = time.time() + 5
            while sum(new()) < served and time.time() < deadline:
                time.sleep(0.05)  # a request's log line is written after its answer
            self.assertEqual(sum(new()), served, new())
            self.assertTrue(all(new()), new())
            # Another address has its own budget.
            other = OfficeAllowListTest.get(haproxy.public_port, "/healthz", "127.0.0.2")
            self.assertTrue(other.startswith(b"HTTP/1.1 200"), other[:100])
        finally:
            haproxy.close()
            for node in nodes:
                node.close()


@ONCE
class SharedGuessingBudgetTest(unittest.TestCase):
    """Failed booking look-ups counted by HAProxy over all nodes, per address and per booking reference; the
    nodes' own guessing limits lifted, so that only HAProxy's count."""

    @classmethod
    def setUpClass(cls):
        lifted = {"JETWAY_LOOKUP_FAILURES_PER_CLIENT": "1000000", "JETWAY_LOOKUP_FAILURES_PER_BOOKING": "1000000"}
        first = Server(env={**NODE_ENV, **lifted}, demo=False, admin=False).start()  # makes its databases
        first.stop()
        # The second node on a copy of the first's databases: the same site key, so that a form one node gave out
        # (its CSRF token) is good on the other, as on nodes sharing their database.
        copy = tempfile.mkdtemp(prefix="jetway-test-")
        shutil.copytree(first.data_dir, copy, dirs_exist_ok=True)
        second = Server(env={**NODE_ENV, **lifted}, demo=False, admin=False, data_dir=copy)
        cls.copy = copy
        cls.nodes = [first.start(), second.start()]
        cls.haproxy = HAProxy([n.port for n in cls.nodes], [cls.nodes[0].port], lookup_failures=(6, 8),
                              nodes_tls_ca=cls.nodes[0].tls_ca).start()

    @classmethod
    def tearDownClass(cls):
        cls.haproxy.close()
        for node in cls.nodes:
            node.close()
        shutil.rmtree(cls.copy, ignore_errors=True)

    def status(self, path, source, accept="application/json"):
        answer = b""
        with socket.create_connection(("127.0.0.1", self.haproxy.public_port), timeout=5,
                                      source_address=(source, 0)) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: jetway\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
                      .encode())
            while chunk := s.recv(65536):
                answer += chunk
        return int(answer.split(b" ", 2)[1]), answer

    def lookups_seen(self):
        return sum(len(re.findall(r'"path":"/api/v1/bookings/[A-Z0-9]+","status":404', n.log())) for n in self.nodes)

    def test_failed_look_ups_from_one_address_are_counted_over_all_nodes(self):
        before = self.lookups_seen()
        statuses = [self.status(f"/api/v1/bookings/AD{'ABCDEFGHJ'[n]}234?last_name=Guess", "127.0.0.3")[0]
                    for n in range(9)]
        self.assertEqual(statuses, [404] * 6 + [429] * 3)  # 6 in all, not 6 per node
        deadline = time.time() + 5
        while self.lookups_seen() - before < 6 and time.time() < deadline:
            time.sleep(0.05)  # a request's log line is written after its answer
        self.assertEqual(self.lookups_seen() - before, 6)  # the refused ones never reached a node
        status, answer = self.status("/api/v1/bookings/AD9998?last_name=Guess", "127.0.0.3")
        self.assertEqual(status, 429)
        self.assertIn(b'"code":"TOO_MANY_ATTEMPTS"', answer)
        self.assertIn(b"retry-after: 600", answer.lower())
        status, answer = self.status("/api/v1/bookings/AD9998?last_name=Guess", "127.0.0.3", "text/html")
        self.assertEqual(status, 429)
        self.assertIn(b"Too many attempts to find a booking", answer)
        # Anything else from that address is served, and another address has its own budget.
        self.assertEqual(self.status("/healthz", "127.0.0.3")[0], 200)
        self.assertEqual(self.status("/api/v1/bookings/AD9998?last_name=Guess", "127.0.0.4")[0], 404)

    def test_failed_look_ups_on_the_booking_sites_form_are_counted_too(self):
        browser = Browser(self.haproxy.front, {"Accept": "text/html"})  # from 127.0.0.1
        manage = browser.get("/manage")
        self.assertEqual(manage.status, 200, manage.body[:300])
        statuses = [browser.submit(manage.form("/manage"), locator=f"MF{'ABCDEFGH'[n]}234", last_name="Guess").status
                    for n in range(8)]
        self.assertEqual(statuses, [404] * 6 + [429] * 2)
        refused = browser.submit(manage.form("/manage"), locator="MFZ234", last_name="Guess")
        self.assertEqual(refused.status, 429)
        self.assertIn("Too many attempts to find a booking", refused.body)

    def test_failed_look_ups_of_one_booking_are_counted_from_every_address(self):
        statuses = [self.status(f"/api/v1/bookings/bk2345?last_name=Guess{n}", f"127.0.1.{n + 1}")[0]
                    for n in range(10)]
        self.assertEqual(statuses, [404] * 8 + [429] * 2)  # the reference's budget, whatever the case it is typed in
        self.assertEqual(self.status("/api/v1/bookings/BK2345?last_name=Other", "127.0.1.50")[0], 429)
        self.assertEqual(self.status("/api/v1/bookings/BK9998?last_name=Other", "127.0.1.50")[0], 404)


@ONCE
class SharedSignInBudgetTest(unittest.TestCase):
    def test_failed_sign_ins_from_one_address_are_counted_by_haproxy(self):
        # Each attempt names another account, so no account's own lock-out answers; the node's own count per address
        # (20) is above HAProxy's budget here (4).
        node = Server(env=NODE_ENV, demo=False, admin=True).start()
        haproxy = HAProxy([node.port], [node.admin_port], sign_in_failures=4, nodes_tls_ca=node.tls_ca).start()
        try:
            office = Browser(haproxy.front, {"Accept": "text/html"}, port=haproxy.office_port)
            answers = [office.submit(office.get("/login").form("/login"), email=f"guess{n}@example.com",
                                     password="not the password at all") for n in range(6)]
            self.assertEqual([a.status for a in answers], [401] * 4 + [429] * 2)
            self.assertIn("Too many failed sign-ins from this address", answers[-1].body)
            self.assertEqual({k.lower(): v for k, v in answers[-1].headers.items()}["retry-after"], "900")
            # The node writes a request's log line as the answer leaves: the last one may land a moment later.
            deadline = time.time() + 5
            while len(re.findall(r'"path":"/login","status":401', node.log())) < 4 and time.time() < deadline:
                time.sleep(0.05)
            self.assertEqual(len(re.findall(r'"path":"/login","status":401', node.log())), 4)
            self.assertEqual(office.get("/login").status, 200)  # the page itself is still served
        finally:
            haproxy.close()
            node.close()


@unittest.skipUnless(PG_OWNER_URL, "several nodes on one database: PostgreSQL (scripts/test.sh's second pass)")
class BalancedBookingTest(RaceCase):
    def setUp(self):
        self.server = Server(env=NODE_ENV).start()
        shared = {k: v for k, v in self.server.env.items() if k.startswith("JETWAY_DATABASE_")}
        self.nodes = [self.server] + [Server(env={**shared, **NODE_ENV}, demo=False).start() for _ in range(2)]
        self.haproxy = HAProxy([n.port for n in self.nodes], [n.admin_port for n in self.nodes[:2]],
                               nodes_tls_ca=self.server.tls_ca).start()
        status, body, _ = self.haproxy.front.search("CPH", "BGO", today_plus(60))
        self.assertEqual(status, 200, body)
        self.flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        self.known = set()

    def tearDown(self):
        self.haproxy.close()
        for node in reversed(self.nodes):
            node.close()

    def test_64_clients_while_one_node_is_killed_and_another_drained(self):
        self.fill(leave=40)
        # The operator's steps below take 13-14 s on a slow 2-core machine (2 s, a kill HAProxy marks DOWN, 1 s, a
        # restart it marks UP, 1 s, a drain of 3 s and the exit): at 14 s the race once ended 6 ms before the drained
        # node exited (PostgreSQL pass, clean-clone CI run). The clients stay busy past all of it.
        race = Race([self.haproxy.front], self.flight_id, deadline_s=20, until_deadline=True)
        killed, drained = self.nodes[1], self.nodes[2]
        seen = {}

        def operator():
            time.sleep(2)
            killed.kill()
            self.haproxy.wait_status("app2", "DOWN")
            time.sleep(1)
            killed.start()
            self.haproxy.wait_status("app2", "UP")
            seen["back"] = time.time()
            time.sleep(1)
            drained.proc.send_signal(signal.SIGTERM)
            seen["sigterm"] = time.time()
            self.haproxy.wait_status("app3", "DOWN")
            seen["out"] = time.time()
            seen["running_when_out"] = drained.proc.poll() is None
            seen["exit"] = drained.proc.wait(timeout=30)
            seen["exited"] = time.time()

        race.run(during=operator)
        public = self.haproxy.row("public", "FRONTEND")
        servers = self.haproxy.servers()
        print(f"\n  haproxy: requests {public['req_tot']} 503 {public['hrsp_5xx']}; per node (requests, retries, "
              f"redispatches): {[(n, s['stot'], s['wretr'], s['wredis']) for n, s in servers.items()]}; drained node "
              f"out {seen['out'] - seen['sigterm']:.1f} s after SIGTERM, exited {seen['exited'] - seen['sigterm']:.1f} s")
        self.assertLess(seen["exited"], race.deadline, "the nodes must die and drain while clients are busy")
        self.assertTrue(seen["running_when_out"], "HAProxy took the drained node out only after it had stopped")
        self.assertEqual(seen["exit"], 0)
        self.assertGreater(seen["back"], 0)
        # No client met a connection failure or a 5xx other than a 503 with Retry-After (checked by Race), which it
        # retried: HAProxy replays elsewhere what a dying node dropped, or answers 503 when it cannot.
        self.assertEqual(race.retries, 0)
        failed = [line for line in self.haproxy.log().splitlines() if re.search(r"/\d+ 5\d\d ", line)]
        self.assertEqual([s for s in race.statuses if int(str(s).split()[-1]) >= 500 and s != 503], [], failed[:10])
        self.assertEqual(int(public["hrsp_5xx"]), race.statuses[503], failed[:10])
        self.assertGreater(int(servers["app2"]["stot"]), 0)
        self.verify(race)


if __name__ == "__main__":
    unittest.main()
