"""Error tracking and alerts, against the real binary. Requests that fail on our side are recorded in the management
database, grouped by cause with their counts, and shown in the back office with the error rate per transaction. The
alert rules fire and recover, and their messages are read from a real SMTP server (smtp_sink.py): a database down
(a PostgreSQL cluster of its own, stopped and started again) and the error rate it causes, and backups missing."""
import datetime
import email
import email.policy
import html
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest
import urllib.parse

from ibe_browser import Browser
from jw import JETWAY_BIN, PG_OWNER_URL, PSQL, ROLE_PASSWORDS, Server, cluster_dir, free_port, pg_url, today_plus
from smtp_sink import Sink

ON_CALL = "oncall@example.com, ops-lead@example.com"
CLUSTER_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "pg_cluster.sh")

OPERATOR = ("operator@example.com", "the night shift's long passphrase")


def sign_in(server, email, password):
    browser = Browser(server, {"Accept": "text/html"}, port=server.admin_port)
    page = browser.submit(browser.get("/login").form("/login"), email=email, password=password)
    assert page.status == 303, page.body[:500]
    return browser


def rows(page, table):
    """The <tr> elements of the table marked data-table=`table`, as dicts of their data- attributes."""
    body = page.body.split(f'data-table="{table}"', 1)[1].split("</table>", 1)[0]
    return [dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tr)) for tr in re.findall(r"<tr data-[^>]*>", body)]


@unittest.skipIf(PG_OWNER_URL, "the tracker's store is engine-independent (its unit tests run on both engines)")
class ErrorTrackingTest(unittest.TestCase):
    def test_server_errors_are_grouped_counted_and_shown_with_the_rate(self):
        server = Server(env={"JETWAY_MONITORING_FLUSH_MS": "200"})
        server.add_staff(*OPERATOR[:1], "administrator", OPERATOR[1])
        server.add_staff("clerk@example.com", "reservations", OPERATOR[1])
        server.start()
        try:
            from test_ibe import search_path
            browsers = [Browser(server, {"Accept": "text/html"}) for _ in range(2)]
            forms = []
            for browser in browsers:
                results = browser.get(search_path())
                forms.append((results.form("/select"), results.radios("out")[0]))
            # Another process holds SQLite's write lock past jetway's 10 s wait: the selection fails on our side (503).
            # (One: the writes queue behind each other, 10 s each; the unit tests group many.)
            lock = sqlite3.connect(os.path.join(server.data_dir, "data.db"), isolation_level=None, timeout=30)
            lock.execute("BEGIN EXCLUSIVE")
            try:
                pages = [browsers[1].submit(forms[1][0], out=forms[1][1])]
            finally:
                lock.execute("ROLLBACK")
                lock.close()
            failed = [page.headers["X-Request-Id"] for page in pages if page.status == 503]
            self.assertEqual(len(failed), 1, [page.status for page in pages])
            self.assertEqual(browsers[0].submit(forms[0][0], out=forms[0][1]).status, 303)
            for _ in range(5):
                self.assertEqual(server.search("CPH", "HAM", today_plus(21))[0], 200)

            operator = sign_in(server, *OPERATOR)
            deadline = time.time() + 10
            while True:  # each node writes its figures every flush interval
                page = operator.get("/errors")
                self.assertEqual(page.status, 200, page.body[:500])
                hourly, overall = rows(page, "hourly"), rows(page, "overall")
                # The searches after the failed page may land in the next flush: wait for those too.
                if (hourly and int(hourly[0]["requests"]) >= 2 and overall and int(overall[0]["requests"]) >= 11
                        or time.time() > deadline):
                    break
                time.sleep(0.2)
            causes = [row for row in rows(page, "causes")]
            self.assertEqual(len(causes), 1, causes)
            self.assertEqual((causes[0]["count"], causes[0]["status"]), ("1", "503"))
            self.assertIn("POST /select", html.unescape(page.body))
            # The rate of the one transaction with errors: 1 failed of its 2 requests this hour.
            self.assertEqual([(r["route"], r["requests"], r["errors"]) for r in hourly], [("/select", "2", "1")])
            self.assertIn("50.00 %", page.body)
            overall = rows(page, "overall")
            self.assertEqual(int(overall[0]["errors"]), 1)
            self.assertGreaterEqual(int(overall[0]["requests"]), 11)  # with the searches and the pages

            detail = operator.get(f"/errors/{causes[0]['fingerprint']}")
            self.assertEqual(detail.status, 200)
            self.assertEqual(sorted(r["request-id"] for r in rows(detail, "occurrences")), sorted(failed))
            self.assertIn("database is locked", detail.body)  # the exception behind the 503
            self.assertEqual(operator.get("/errors/0000000000000000").status, 404)
            # Only with operations.read.
            self.assertEqual(sign_in(server, "clerk@example.com", OPERATOR[1]).get("/errors").status, 403)
        finally:
            server.close()


def own_cluster(test, own):
    """A PostgreSQL cluster of the test's own (stopped and removed at its end) for the databases named in `own`, the
    others on the shared test cluster; returns its directory and the server's environment."""
    cluster = cluster_dir("jetway-pg-own-")
    test.addCleanup(shutil.rmtree, cluster, ignore_errors=True)
    owner = subprocess.run(["bash", CLUSTER_SCRIPT, "start", cluster], capture_output=True, text=True,
                           check=True, timeout=120).stdout.strip()
    test.addCleanup(subprocess.run, ["bash", CLUSTER_SCRIPT, "stop", cluster], timeout=120)
    prefix = "jwown_" + os.urandom(4).hex()
    parts = urllib.parse.urlsplit(owner)
    env = dict(ROLE_PASSWORDS)
    for db in ("data", "web", "mgmt"):
        env[f"JETWAY_DATABASE_{db.upper()}"] = (
            urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{prefix}_{db}", "", "")) if db in own
            else pg_url(f"{prefix}_{db}"))
        if db not in own:
            test.addCleanup(subprocess.run, [PSQL, pg_url("postgres"), "-qAt", "-c",
                                             f'DROP DATABASE IF EXISTS "{prefix}_{db}" WITH (FORCE)'],
                            capture_output=True, timeout=60)
    return cluster, env


def migrated_server(env):
    """A server over the databases `env` names, migrated by the owner first (no demo: the airports are enough)."""
    server = Server(env=env, demo=False)
    migrated = subprocess.run([JETWAY_BIN, "migrate", "--data-dir", server.data_dir], env=server.env,
                              capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    return server.start()


class AlertMail:
    """The messages the SMTP sink received, parsed, with a wait for those matching a subject."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="jetway-alerts-")
        self.sink = Sink(free_port(), self.dir).start()

    def env(self):
        return {"JETWAY_SMTP_URL": f"smtp://127.0.0.1:{self.sink.port}", "JETWAY_MAIL_INTERVAL_MS": "200",
                "JETWAY_MAIL_FROM": "Kattegat Air <no-reply@kattegat.example>", "JETWAY_ALERTS_ON_CALL": ON_CALL,
                "JETWAY_ALERTS_INTERVAL_SECONDS": "1"}

    def messages(self):
        return [email.message_from_bytes(raw, policy=email.policy.default) for raw in self.sink.messages()]

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()

    def wait_for(self, subject_start, count, timeout=30):
        deadline = time.time() + timeout
        while True:
            found = [m for m in self.messages() if m["Subject"].startswith(subject_start)]
            if len(found) >= count or time.time() > deadline:
                return found
            time.sleep(0.2)

    def close(self):
        self.sink.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class AlertsTest(unittest.TestCase):
    def setUp(self):
        self.mail = AlertMail()
        self.addCleanup(self.mail.close)

    def assert_one_per_address(self, messages, subject):
        self.assertEqual(sorted(m["To"] for m in messages), ["oncall@example.com", "ops-lead@example.com"], subject)
        self.assertTrue(all(m["Subject"] == subject for m in messages), [m["Subject"] for m in messages])

    @unittest.skipIf(PG_OWNER_URL, "the backups jetway takes itself are SQLite's (PostgreSQL's: the WAL archiver)")
    def test_missing_backups_fire_and_recover(self):
        backups = tempfile.mkdtemp(prefix="jetway-backups-")
        self.addCleanup(shutil.rmtree, backups, ignore_errors=True)
        blocked = os.path.join(backups, "dir")
        with open(blocked, "w") as f:
            f.write("a file where the backup directory should be\n")
        server = Server(env=dict(self.mail.env(), JETWAY_BACKUP_INTERVAL_SECONDS="1", JETWAY_BACKUP_DIR=blocked,
                                 JETWAY_ALERTS_BACKUP_MAX_AGE_SECONDS="2")).start()
        try:
            fired = self.mail.wait_for("[ALERT]", 2)
            self.assert_one_per_address(fired, "[ALERT] no backup has been taken")
            self.assertIn("The latest attempt failed", AlertMail.text(fired[0]))
            os.remove(blocked)  # the operator makes room: the next backup works
            resolved = self.mail.wait_for("[RESOLVED]", 2)
            self.assert_one_per_address(resolved, "[RESOLVED] no backup has been taken")
            self.assertIn("Ended: ", AlertMail.text(resolved[0]))
            time.sleep(2.5)  # a few more rounds: no repeats
            self.assertEqual(len(self.mail.messages()), 4, [m["Subject"] for m in self.mail.messages()])
            self.assertEqual(server.log().count('"msg":"alert firing"'), 1)
        finally:
            server.close()

    def test_scans_firewall_blocks_and_sign_in_spraying_are_recorded_shown_and_alerted(self):
        # A day's window (the default is 10 minutes): the test cannot straddle one but at midnight UTC. Each
        # threshold is the number of requests sent, so the alert fires on the last one and names the whole count (with
        # 5 of 6 the counts were flushed between the fifth and sixth 404 once, under CI load, and it said 5).
        env = dict(self.mail.env(), JETWAY_SECURITY_WINDOW_SECONDS="86400", JETWAY_SECURITY_NOT_FOUND="6",
                   JETWAY_SECURITY_FIREWALL_BLOCKS="3", JETWAY_SECURITY_LOGIN_FAILURES="3",
                   JETWAY_MONITORING_FLUSH_MS="200", JETWAY_WAF_MODE="blocking")
        server = Server(env=env)
        server.add_staff(*OPERATOR[:1], "administrator", OPERATOR[1])
        server.start()
        try:
            # What a scanner tries that the firewall lets through (it blocks /.git/, /.env and the like itself).
            for path in ("/wp-admin/", "/wp-login.php", "/administrator/", "/phpmyadmin/", "/old/", "/backup.zip"):
                self.assertEqual(server.request("GET", path)[0], 404, path)
            for attempt in range(3):
                status, _, body = server.request(
                    "GET", "/api/v1/availability?origin=CPH&destination=" + urllib.parse.quote(f"' OR {attempt}=0--"))
                self.assertEqual(status, 403, body)
            for who in ("ceo@example.com", "cfo@example.com", "it@example.com"):
                browser = Browser(server, {"Accept": "text/html"}, port=server.admin_port)
                page = browser.submit(browser.get("/login").form("/login"), email=who, password="Winter2026!")
                self.assertNotEqual(page.status, 303, who)
            fired = self.mail.wait_for("[ALERT]", 6)
            subjects = sorted({m["Subject"] for m in fired})
            self.assertEqual(subjects, ["[ALERT] 127.0.0.1 asked for 6 pages that do not exist (a scan)",
                                        "[ALERT] sign-ins failed for 3 e-mail addresses (staff sign-in)",
                                        "[ALERT] the firewall blocked 3 requests from 127.0.0.1"], subjects)
            self.assertEqual(len(fired), 6)  # each to both on-call addresses, once

            operator = sign_in(server, *OPERATOR)
            home = operator.get("/")
            self.assertIn('href="/security"', home.body)
            page = operator.get("/security")
            self.assertEqual(page.status, 200)
            events = {(e["kind"], e["source"]): int(e["count"]) for e in rows(page, "security-events")}
            self.assertEqual(events, {("not_found_scan", "127.0.0.1"): 6, ("firewall_blocks", "127.0.0.1"): 3,
                                      ("login_failures", "staff sign-in"): 3}, page.body[-3000:])
            self.assertIn("Scanning for pages", page.body)
            # A clerk without operations.read is refused the screen.
            server.add_staff("clerk@example.com", "reservations", OPERATOR[1])
            self.assertEqual(sign_in(server, "clerk@example.com", OPERATOR[1]).get("/security").status, 403)
        finally:
            server.close()

    @unittest.skipIf(PG_OWNER_URL, "the install's files are the same on either engine")
    def test_an_install_that_stops_matching_its_signed_manifest_fires_and_recovers(self):
        """The server checks its install at start and every interval (an hour by default; a second here)."""
        work = tempfile.mkdtemp(prefix="jetway-install-")
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        web = os.path.join(work, "web")
        shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web"), web)
        key, public, manifest = (os.path.join(work, name) for name in ("signing.key", "signing.pub", "manifest"))
        env = dict(self.mail.env(), JETWAY_WEB_DIR=web, JETWAY_INTEGRITY_MANIFEST=manifest,
                   JETWAY_INTEGRITY_PUBLIC_KEY=public, JETWAY_INTEGRITY_CHECK_INTERVAL_SECONDS="1")
        for args in (["manifest", "keygen", "--private", key, "--public", public], ["manifest", "sign", "--key", key]):
            made = subprocess.run([JETWAY_BIN, *args], env=dict(os.environ, **env), capture_output=True, text=True,
                                  timeout=60)
            self.assertEqual(made.returncode, 0, made.stderr)
        server = Server(env=env).start()
        try:
            self.assertRegex(server.log(), r'"msg":"install integrity","result":"install matches its signed manifest '
                                           r'\(\d+ files\)","public_key":"SHA256:[0-9a-f]{32}"')
            shell = os.path.join(web, "static", "shell.php")
            with open(shell, "w") as f:
                f.write("<?php system($_GET['c']); ?>\n")
            fired = self.mail.wait_for("[ALERT]", 2)
            self.assertEqual(len(fired), 2, [m["Subject"] for m in self.mail.messages()])
            self.assertRegex(fired[0]["Subject"], r"^\[ALERT\] the install on \S+ is not what was signed$")
            self.assertIn("1 file differs from the signed manifest: extra web/static/shell.php.", AlertMail.text(fired[0]))
            self.assertIn('"level":"error","msg":"install integrity"', server.log())
            os.remove(shell)  # the operator removes what was planted
            resolved = self.mail.wait_for("[RESOLVED]", 2)
            self.assertEqual(len(resolved), 2, [m["Subject"] for m in self.mail.messages()])
            self.assertRegex(resolved[0]["Subject"], r"^\[RESOLVED\] the install on \S+ is not what was signed$")
        finally:
            server.close()

    @unittest.skipUnless(PG_OWNER_URL, "a database that goes down: PostgreSQL")
    def test_a_database_down_and_the_errors_it_causes_fire_and_recover(self):
        # The data database on a cluster of its own, so that it can stop while the other two (and the alerts'
        # lease in the management database) stay up.
        cluster, env = own_cluster(self, ("data",))
        env.update(self.mail.env(), JETWAY_ALERTS_WINDOW_SECONDS="10", JETWAY_ALERTS_MIN_REQUESTS="3",
                   JETWAY_ALERTS_ERROR_RATE_PERCENT="20")
        server = migrated_server(env)
        try:
            self.assertEqual(server.search("CPH", "HAM", today_plus(20))[0], 200)
            subprocess.run(["bash", CLUSTER_SCRIPT, "stop", cluster], check=True, timeout=120)
            # Days not searched before: the node's search snapshot answers a repeated search from memory for up to
            # [search] snapshot_max_age_ms (nothing can change while the database is down), a new one needs the database.
            for day in range(21, 26):
                self.assertEqual(server.search("CPH", "HAM", today_plus(day))[0], 503)
            down = self.mail.wait_for("[ALERT] the data database", 2)
            self.assert_one_per_address(down, "[ALERT] the data database does not answer")
            errors = self.mail.wait_for("[ALERT] ", 4)
            rate = [m for m in errors if "of requests fail" in m["Subject"]]
            self.assertEqual(len(rate), 2, [m["Subject"] for m in errors])
            # The failed searches counted when the alerter looked (it looks every second, and fires as soon as the
            # rate is over 20 % of at least 3 requests: a CI run saw it fire after the first of the five), of all
            # this node's requests in the window (the first search, the health checks).
            failed, total = map(int, re.search(r"(\d+) of (\d+) requests answered 5xx", AlertMail.text(rate[0])).groups())
            self.assertIn(failed, range(1, 6))
            self.assertGreaterEqual(total, 3)
            self.assertGreaterEqual(failed * 100, 20 * total)  # over the threshold it names
            time.sleep(2)  # the outage goes on: no repeats
            self.assertEqual(len(self.mail.messages()), 4, [m["Subject"] for m in self.mail.messages()])

            subprocess.run(["bash", CLUSTER_SCRIPT, "start", cluster], check=True, timeout=120, capture_output=True)
            resolved = self.mail.wait_for("[RESOLVED]", 4, timeout=40)  # the rate's window moves on within 20 s
            subjects = sorted(m["Subject"] for m in resolved)
            self.assertEqual(len(subjects), 4, subjects)
            self.assertEqual(subjects.count("[RESOLVED] the data database does not answer"), 2, subjects)
            self.assertEqual(len([s for s in subjects if "of requests fail" in s]), 2, subjects)
            self.assertEqual(server.search("CPH", "HAM", today_plus(20))[0], 200)
        finally:
            server.close()


def status_json(server):
    status, body, headers = server.request("GET", "/status.json")
    assert status == 200, body
    return body, headers


def component(body, name):
    return next(c for c in body["components"] if c["id"] == name)


def wait_until(check, timeout=15):
    deadline = time.time() + timeout
    while not check():
        if time.time() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


class StatusPageTest(unittest.TestCase):
    @unittest.skipIf(PG_OWNER_URL, "the page and the incidents are engine-independent; PostgreSQL's run stops a cluster")
    def test_components_uptime_and_the_incidents_staff_write(self):
        server = Server(env={"JETWAY_STATUS_PROBE_SECONDS": "1"})
        server.add_staff("duty@example.com", "administrator", OPERATOR[1])
        server.add_staff("clerk@example.com", "reservations", OPERATOR[1])
        server.start()
        try:
            body, headers = status_json(server)
            self.assertEqual(body["status"], "operational")
            self.assertEqual(headers["Cache-Control"], "public, max-age=15")
            self.assertEqual([c["id"] for c in body["components"]],
                             ["booking_site", "api", "back_office", "database_data", "database_web", "database_mgmt",
                              "email", "backups"])
            self.assertEqual(component(body, "api")["state"], "operational")
            self.assertEqual(component(body, "email")["state"], "unknown")  # no SMTP server configured
            self.assertEqual(len(component(body, "api")["days"]), 90)
            # Each probe counts towards today's uptime.
            wait_until(lambda: component(status_json(server)[0], "api")["uptime"]["probes"] >= 2)
            api = component(status_json(server)[0], "api")
            self.assertEqual(api["uptime"]["up"], api["uptime"]["probes"])
            self.assertEqual(api["days"][-1]["day"], datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"))

            duty = sign_in(server, "duty@example.com", OPERATOR[1])
            form = duty.get("/incidents").form("/incidents")
            refused = duty.submit(form, title="x", message="Searches are slow.", c_api="on")
            self.assertEqual(refused.status, 422)
            self.assertIn('data-code="INVALID_INCIDENT_TITLE"', refused.body)
            declared = duty.submit(form, title="Slow searches", impact="major", c_api="on", status="investigating",
                                   message="Searches take up to a minute; we are looking into it.")
            self.assertEqual(declared.status, 303, declared.body[:500])
            incident_path = declared.headers["Location"].split("?")[0]
            wait_until(lambda: status_json(server)[0]["incidents"])
            body = status_json(server)[0]
            self.assertEqual((body["status"], component(body, "api")["state"]), ("degraded", "degraded"))
            self.assertEqual(component(body, "booking_site")["state"], "operational")
            incident = body["incidents"][0]
            self.assertEqual((incident["title"], incident["impact"], incident["status"], incident["components"]),
                             ("Slow searches", "major", "investigating", ["api"]))
            self.assertEqual(incident["updates"][0]["message"], "Searches take up to a minute; we are looking into it.")
            self.assertNotIn("author", incident["updates"][0])  # staff names stay in the back office
            page = Browser(server, {"Accept": "text/html"}).get("/status")
            self.assertEqual(page.status, 200)
            self.assertIn('data-overall="degraded"', page.body)
            self.assertIn('data-component="api" data-state="degraded"', page.body)
            self.assertIn("Slow searches", page.body)
            danish = Browser(server, {"Accept": "text/html", "Accept-Language": "da"}).get("/status")
            self.assertIn("Driftsstatus", danish.body)

            form = duty.get(incident_path).form(incident_path + "/updates")
            resolved = duty.submit(form, status="resolved", message="Searches are fast again.")
            self.assertEqual(resolved.status, 303)
            wait_until(lambda: status_json(server)[0]["incidents"][0]["status"] == "resolved")
            body = status_json(server)[0]
            self.assertEqual((body["status"], component(body, "api")["state"]), ("operational", "operational"))
            self.assertEqual([u["status"] for u in body["incidents"][0]["updates"]], ["resolved", "investigating"])
            audit = duty.get("/audit").body
            self.assertIn("status.incident_declare", audit)
            self.assertIn("status.incident_update", audit)

            clerk = sign_in(server, "clerk@example.com", OPERATOR[1])
            self.assertEqual(clerk.get("/incidents").status, 403)
        finally:
            server.close()

    @unittest.skipUnless(PG_OWNER_URL, "databases that go down: PostgreSQL")
    def test_the_page_renders_from_memory_while_no_database_answers(self):
        cluster, env = own_cluster(self, ("data", "web", "mgmt"))
        env.update(JETWAY_STATUS_PROBE_SECONDS="1")
        server = migrated_server(env)
        try:
            add = subprocess.run([JETWAY_BIN, "user", "add", "--data-dir", server.data_dir, "--email",
                                  "duty@example.com", "--role", "administrator", "--password-stdin"], env=server.env,
                                 input=OPERATOR[1] + "\n", capture_output=True, text=True, timeout=120)
            self.assertEqual(add.returncode, 0, add.stderr)
            duty = sign_in(server, "duty@example.com", OPERATOR[1])
            form = duty.get("/incidents").form("/incidents")
            self.assertEqual(duty.submit(form, title="Planned database work", impact="maintenance", c_database_data="on",
                                         status="identified", message="Tonight 01:00-02:00 UTC.").status, 303)
            wait_until(lambda: status_json(server)[0]["incidents"]
                       and component(status_json(server)[0], "api")["uptime"]["probes"] >= 1)

            subprocess.run(["bash", CLUSTER_SCRIPT, "stop", cluster], check=True, timeout=120)
            wait_until(lambda: status_json(server)[0]["status"] == "outage")
            body = status_json(server)[0]
            for name in ("booking_site", "api", "back_office", "database_data", "database_web", "database_mgmt"):
                self.assertEqual(component(body, name)["state"], "outage", name)
            self.assertEqual(body["incidents"][0]["title"], "Planned database work")  # as last read
            self.assertGreaterEqual(component(body, "api")["uptime"]["probes"], 1)
            self.assertLess(body["records_read_at"], body["probed_at"])
            page = Browser(server, {"Accept": "text/html"}).get("/status")
            self.assertEqual(page.status, 200)
            self.assertIn('data-overall="outage"', page.body)
            self.assertIn("Planned database work", page.body)
            self.assertEqual(server.search("CPH", "HAM", today_plus(20))[0], 503)  # while the rest cannot answer

            # The probes made while the database was down are written once it is back.
            down_since = time.time()
            time.sleep(2)
            subprocess.run(["bash", CLUSTER_SCRIPT, "start", cluster], check=True, timeout=120, capture_output=True)
            wait_until(lambda: status_json(server)[0]["status"] != "outage")
            wait_until(lambda: component(status_json(server)[0], "api")["uptime"]["up"]
                       < component(status_json(server)[0], "api")["uptime"]["probes"])
            self.assertLess(down_since, time.time())
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
