"""The web application firewall (ModSecurity v3 with the OWASP CRS, [waf]) in front of every handler.

- Each request of waf/attacks.jsonl (SQL injection, cross-site scripting, local and remote file inclusion, command,
  PHP and Java injection, scanners' user agents; in query strings, paths, JSON bodies, forms and headers) is refused
  with 403 REQUEST_BLOCKED and its request id, and the log line names the CRS rules, of the attack's own family
  (Log4Shell: jetway's own rule, which Debian's CRS 3.3.4 lacks).
- A blocked request changes nothing: a confirmation carrying an injection leaves the booking held.
- Each request of waf/legitimate.jsonl (names with apostrophes and Danish letters, a + in an e-mail address, a search
  engine's referrer) is not blocked, whatever the application answers it. (Every other HTTP and browser test runs
  behind the firewall too, so each is a check that jetway's own traffic passes.)
- Detection mode serves the attack and logs what it would have blocked; off inspects nothing."""
import json
import os
import re
import unittest
import urllib.parse
import uuid

from jw import PG_OWNER_URL, Server, failed_start_log, today_plus

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "waf")
# The CRS's rule-id families per kind of attack (its REQUEST-9xx files).
FAMILY = {"sqli": 942, "xss": 941, "lfi": 930, "rfi": 931, "rce": 932, "php": 933, "java": 944, "scanner": 913,
          "log4shell": 1000}  # jetway's own rule (web/waf/rules-before-crs.conf): this CRS has none for it
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"

# The firewall's rules are the same whatever the database: the SQLite pass runs these.
ONCE = unittest.skipIf(PG_OWNER_URL, "engine-independent: runs in the SQLite pass")


def corpus(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def send(server, entry, request_id):
    """Sends one corpus entry as written (paths and bodies byte for byte); (status, body text, headers)."""
    path = entry.get("raw_path") or entry["path"]
    if "query" in entry:
        path += "?" + urllib.parse.urlencode(entry["query"])
    headers = {"User-Agent": BROWSER_UA, "Accept": "application/json, text/html", "X-Request-Id": request_id}
    body = None
    if "json" in entry:
        body = json.dumps(entry["json"]).encode()
        headers["Content-Type"] = "application/json"
    elif "form" in entry:
        body = urllib.parse.urlencode(entry["form"]).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers.update(entry.get("headers", {}))
    conn = server.connection()
    try:
        conn.request(entry["method"], path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
    finally:
        conn.close()


def log_lines(server, request_id, message):
    return [json.loads(line) for line in server.log().splitlines()
            if f'"request_id":"{request_id}"' in line and f'"msg":"{message}"' in line]


@ONCE
class BlockingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(env={"JETWAY_WAF_MODE": "blocking"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_every_attack_of_the_corpus_is_blocked_and_logged_with_its_rules(self):
        sent = []
        for n, entry in enumerate(corpus("attacks.jsonl")):
            request_id = f"attack-{n}-{uuid.uuid4().hex[:8]}"
            with self.subTest(n=n, kind=entry["kind"]):
                status, body, headers = send(self.server, entry, request_id)
                self.assertEqual(status, 403, (entry, body[:300]))
                error = json.loads(body)["error"]
                self.assertEqual(error["code"], "REQUEST_BLOCKED")
                self.assertIn(request_id, error["message"])
                self.assertEqual(headers["X-Request-Id"], request_id)
                sent.append((entry, request_id))
        self.server.wait_for_log(sent[-1][1] + '"')
        for entry, request_id in sent:
            with self.subTest(kind=entry["kind"], request_id=request_id):
                [line] = log_lines(self.server, request_id, "request blocked by the firewall")
                rules = [int(r) for r in line["rule_ids"].split(",")]
                self.assertIn(949110, rules)  # the inbound anomaly score reached the threshold
                family = FAMILY[entry["kind"]]
                self.assertTrue(any(r // 1000 == family for r in rules), (entry, line["rule_ids"], line["rules"]))
                self.assertGreaterEqual(line["score"], 5)
        # Nothing but jetway's JSON lines: libmodsecurity prints every match to stderr unless told otherwise.
        self.assertNotIn("ModSecurity:", self.server.log())

    def test_a_blocked_request_changes_nothing(self):
        status, body, _ = self.server.search("CPH", "BGO", today_plus(40))
        self.assertEqual(status, 200, body)
        flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "Y"}], adults=1)
        self.assertEqual(status, 201, held)
        passengers = [{"type": "ADT", "title": "MR", "first_name": "Ole", "last_name": "x' OR '1'='1"}]
        status, body, _ = self.server.confirm(held["locator"], passengers)
        self.assertEqual((status, body["error"]["code"]), (403, "REQUEST_BLOCKED"))
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}")
        self.assertEqual((status, booking["status"]), (200, "HELD"), booking)

    def test_legitimate_requests_that_look_odd_pass(self):
        for n, entry in enumerate(corpus("legitimate.jsonl")):
            request_id = f"legit-{n}-{uuid.uuid4().hex[:8]}"
            with self.subTest(n=n):
                status, body, _ = send(self.server, entry, request_id)
                self.assertNotIn("REQUEST_BLOCKED", body, entry)
                self.assertLess(status, 500, (entry, body[:300]))
                self.server.wait_for_log(f'"request_id":"{request_id}"')
                self.assertEqual(log_lines(self.server, request_id, "request blocked by the firewall"), [])


@ONCE
class ModesTest(unittest.TestCase):
    ATTACK = {"kind": "sqli", "method": "GET", "path": "/api/v1/bookings/ABC234", "query": {"last_name": "x' OR '1'='1"}}

    def test_detection_serves_and_logs_what_it_would_block(self):
        server = Server(env={"JETWAY_WAF_MODE": "detection"}, demo=False).start()
        try:
            status, body, _ = send(server, self.ATTACK, "detect-1")
            self.assertEqual(status, 404, body)  # the application's own answer: no such booking
            self.assertEqual(json.loads(body)["error"]["code"], "BOOKING_NOT_FOUND")
            server.wait_for_log('"msg":"request","request_id":"detect-1"')
            [line] = log_lines(server, "detect-1", "firewall would block (detection only)")
            self.assertRegex(line["rule_ids"], r"\b942\d{3}\b")
            self.assertIn('"mode":"detection"', server.log())
        finally:
            server.close()

    def test_off_inspects_nothing(self):
        server = Server(env={"JETWAY_WAF_MODE": "off"}, demo=False).start()
        try:
            status, body, _ = send(server, self.ATTACK, "off-1")
            self.assertEqual(status, 404, body)
            server.wait_for_log('"request_id":"off-1"')
            self.assertNotRegex(server.log(), r"firewall (would block|rules matched)|request blocked")
            self.assertIn("waf.mode is off", server.log())
        finally:
            server.close()

    def test_a_bad_mode_or_missing_rules_stop_the_start(self):
        for env, message in (({"JETWAY_WAF_MODE": "on"}, "waf.mode must be blocking, detection or off"),
                             ({"JETWAY_WAF_MODE": "blocking", "JETWAY_WAF_CRS_DIR": "/nonexistent/crs"},
                              "the firewall's rules do not load")):
            with self.subTest(env=env):
                self.assertIn(message, failed_start_log(env))


if __name__ == "__main__":
    unittest.main()
