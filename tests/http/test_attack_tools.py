"""The attackers' own tools against jetway (issue 12): sqlmap at --level 3 --risk 2 on every parameter of API v1 (query
strings, the path's locator, JSON bodies) and of the booking site's forms (with their CSRF token and cookie), and
wapiti's injection, XSS, file, command, CRLF, SSRF, redirect and CSRF modules on the booking site and the back
office's sign-in. Neither may find anything, and jetway must answer every probe without a server error.

The firewall is off and the request-rate limit lifted, so that jetway's own code answers each probe (behind the
firewall the tools would meet 403s and prove only the firewall). scripts/test.sh runs this module on SQLite beside its
PostgreSQL pass; bench/attack.sh runs it on both engines (JETWAY_ATTACK_ON_POSTGRES=1; on PostgreSQL it found a NUL
in a form answered 500, now test_bad_input's on both engines), with the site's forms at the API's level.
JETWAY_ATTACK_LEVEL / JETWAY_ATTACK_RISK lower the sqlmap sweep for a quick local run."""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

from ibe_browser import Browser
from jw import PG_OWNER_URL, Server, adults, card, today_plus

LEVEL = os.environ.get("JETWAY_ATTACK_LEVEL", "3")
RISK = os.environ.get("JETWAY_ATTACK_RISK", "2")
# The booking site's pages are large, and sqlmap compares each answer with Python's difflib: at level 3 the site's
# three forms take 290 s of its CPU. The test suite sweeps them at level 1 (every parameter, the common payloads);
# bench/attack.sh (JETWAY_ATTACK_FULL=1) at the API's level and risk.
FULL = os.environ.get("JETWAY_ATTACK_FULL") == "1"
# Sweeps at a time (each sqlmap is one Python process busy on one core): scripts/test.sh runs this module beside its
# PostgreSQL pass with 1, leaving that pass the other core.
JOBS = int(os.environ.get("JETWAY_ATTACK_JOBS", "2"))
# 0 leaves out the API's two longest sweeps (searches, JSON bodies: 160 s), for a quicker run on a second engine: their
# values are codes, dates, numbers and names the API validates before any statement, and JSON refuses a NUL and
# bytes that are not UTF-8.
API_SWEEPS = os.environ.get("JETWAY_ATTACK_API_SWEEPS", "1") == "1"
NO_API_SWEEPS = "JETWAY_ATTACK_API_SWEEPS=0: the API's search and JSON sweeps left out"
SITE_LEVEL, SITE_RISK = (LEVEL, RISK) if FULL else ("1", "1")
HTML = {"Accept": "text/html"}
ATTACK_ENV = {"JETWAY_WAF_MODE": "off", "JETWAY_REQUESTS_PER_SECOND_PER_CLIENT": "0",
              # The guessing limits would turn the tools' thousands of look-ups into 429s that prove nothing.
              "JETWAY_LOOKUP_FAILURES_PER_CLIENT": "1000000", "JETWAY_LOOKUP_FAILURES_PER_BOOKING": "1000000"}
# sqlmap's connections without Nagle's algorithm (sqlmap_site/sitecustomize.py says why: HTTPS POSTs waited 40 ms).
SQLMAP_ENV = dict(os.environ, PYTHONPATH=os.path.join(os.path.dirname(os.path.abspath(__file__)), "sqlmap_site"))
# sqlmap's verdict. (On the way it may say a parameter "appears to be" injectable and then, checking, call it a
# false positive: a hold answers a new locator each time, which a boolean test reads as a difference.)
FOUND = re.compile(r"sqlmap identified the following injection point|is vulnerable", re.IGNORECASE)


@unittest.skipIf(PG_OWNER_URL and not os.environ.get("JETWAY_ATTACK_ON_POSTGRES"),
                 "the SQLite pass runs it; bench/attack.sh also on PostgreSQL (JETWAY_ATTACK_ON_POSTGRES=1)")
@unittest.skipUnless(shutil.which("sqlmap"), "sqlmap is installed by scripts/setup.sh (JETWAY_WITH_ATTACK=1)")
class SqlmapTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(env=ATTACK_ENV).start()
        cls.base = cls.server.base  # https:// under JETWAY_TEST_TLS=1 (sqlmap does not check the certificate)
        cls.date = today_plus(12)
        status, body, _ = cls.server.search("CPH", "ABZ", cls.date)
        assert status == 200 and body["outbound"], body
        cls.segment = body["outbound"][0]["segments"][0]
        status, held, _ = cls.server.hold([{"flight_id": cls.segment["flight_id"], "booking_class": "Y"}])
        assert status == 201, held
        status, confirmed, _ = cls.server.confirm(held["locator"], adults(1), card())
        assert status == 200, confirmed
        cls.locator = held["locator"]
        cls.work = tempfile.mkdtemp(prefix="jetway-sqlmap-")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        shutil.rmtree(cls.work, ignore_errors=True)

    def sqlmap(self, url, *extra, level=LEVEL, risk=RISK):
        started = time.monotonic()
        result = subprocess.run(
            ["sqlmap", "-u", url, "--batch", f"--level={level}", f"--risk={risk}", "--threads=4", "--flush-session",
             "--disable-coloring", f"--output-dir={tempfile.mkdtemp(dir=self.work)}", "--timeout=10", "--retries=1", *extra],
            capture_output=True, text=True, timeout=900, env=SQLMAP_ENV)
        out = result.stdout + result.stderr
        requests = re.findall(r"HTTP error codes detected during run:\n(.*)", out)
        print(f"\n  sqlmap {url.split('?')[0]} {' '.join(extra)[:80]}: {time.monotonic() - started:.0f} s; "
              f"4xx answers: {requests[0] if requests else 'none'}", file=sys.stderr)
        self.assertIsNone(FOUND.search(out), out[-3000:])
        self.assertIn("do not appear to be injectable", out, out[-3000:])
        self.assertNotRegex(out, r"\b50[0-9] \(", out[-3000:])  # sqlmap's summary of HTTP errors: no 5xx
        self.assertEqual(self.server.request("GET", "/healthz")[0], 200)
        return out

    def sweeps(self, *calls):
        """Runs sqlmap sweeps JOBS (2) at a time: each is one Python process busy on one core, and jetway answers
        quickly, so two halve the test's time on the two cores CI has."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
            for future in [pool.submit(self.sqlmap, *args, **kwargs) for args, kwargs in calls]:
                future.result()  # re-raises a sweep's failed assertion

    @unittest.skipUnless(API_SWEEPS, NO_API_SWEEPS)
    def test_search_query_strings(self):
        self.sweeps(((f"{self.base}/api/v1/availability?origin=CPH&destination=ABZ&date={self.date}"
                      f"&return_date={today_plus(19)}&adults=1&children=0&infants=0&currency=DKK",), {}),
                    ((f"{self.base}/api/v1/airports?q=Copenhagen",), {}))

    def test_booking_look_up_by_locator_and_name(self):
        # The * marks the path's locator as a parameter too.
        self.sqlmap(f"{self.base}/api/v1/bookings/{self.locator}*?last_name=Hansen")

    @unittest.skipUnless(API_SWEEPS, NO_API_SWEEPS)
    def test_json_bodies_of_hold_confirm_and_cancel(self):
        json_type = "--headers=Content-Type: application/json"
        headers_swept = "--skip=User-Agent,Referer,Host"  # with the searches
        # The hold to confirm first: the sweep of the hold body below takes every seat of its class.
        status, held, _ = self.server.hold([{"flight_id": self.segment["flight_id"], "booking_class": "Y"}])
        self.assertEqual(status, 201, held)
        confirm = ('{"passengers":[{"pax_type":"ADT","title":"MRS","first_name":"Ida","last_name":"Hansen"}],'
                   '"contact":{"email":"ida.hansen@example.dk","phone":"+45 32 31 32 31"},"language":"da",'
                   '"payment":{"method":"test_card","card":{"number":"4242424242424242","expiry_month":12,'
                   '"expiry_year":2031,"cvc":"123","holder":"IDA HANSEN"}}}')
        hold = ('{"segments":[{"flight_id":%d,"booking_class":"Y"}],"passengers":{"adults":1,"children":0,'
                '"infants":0},"currency":"DKK"}' % self.segment["flight_id"])
        # A wrong name on the cancel: each probe looks the booking up (404 unless an injection made it match) and
        # cancels nothing.
        self.sweeps(((f"{self.base}/api/v1/bookings/{held['locator']}/confirm", f"--data={confirm}",
                      f"--headers=X-Hold-Token: {held['hold_token']}\nContent-Type: application/json",
                      headers_swept), {}),
                    ((f"{self.base}/api/v1/bookings", f"--data={hold}", json_type, headers_swept), {}),
                    ((f"{self.base}/api/v1/bookings/{self.locator}/cancel", '--data={"last_name":"Nobody"}',
                      json_type, headers_swept, "--ignore-code=404"), {}))

    def test_booking_site_forms_with_their_csrf_token(self):
        browser = Browser(self.server, HTML)
        query = urllib.parse.urlencode(dict(origin="CPH", destination="ABZ", date=self.date, adults=1, children=0,
                                            infants=0, currency="DKK", trip="oneway"))
        results = browser.get("/search?" + query)
        self.assertEqual(results.status, 200)
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        site = dict(level=SITE_LEVEL, risk=SITE_RISK)
        manage = browser.get("/manage").form("/manage")
        manage_fields = dict(manage["fields"], locator=self.locator, last_name="Hansen")
        chosen = browser.submit(results.form("/select"), out=results.radios("out")[0])
        self.assertEqual(chosen.status, 303, chosen.body[:500])
        passengers = browser.follow(chosen).form("/passengers")
        passenger_fields = dict(passengers["fields"], email="ida.hansen@example.dk", phone="+45 32 31 32 31",
                                p0_title="MRS", p0_first_name="Ida", p0_last_name="Hansen")
        # The cookie and the headers are swept with the search; the other two forms' own fields.
        self.sweeps(((f"{self.base}/search?{query}", f"--cookie={cookie}"), site),
                    ((f"{self.base}/manage", f"--data={urllib.parse.urlencode(manage_fields)}", f"--cookie={cookie}",
                      "-p", "locator,last_name"), site),
                    ((self.base + passengers["action"], f"--data={urllib.parse.urlencode(passenger_fields)}",
                      f"--cookie={cookie}", "-p", "email,phone,p0_title,p0_first_name,p0_last_name"), site))


@unittest.skipIf(PG_OWNER_URL and not os.environ.get("JETWAY_ATTACK_ON_POSTGRES"),
                 "the SQLite pass runs it; bench/attack.sh also on PostgreSQL (JETWAY_ATTACK_ON_POSTGRES=1)")
@unittest.skipUnless(shutil.which("wapiti"), "wapiti is installed by scripts/setup.sh (JETWAY_WITH_ATTACK=1)")
class WapitiTest(unittest.TestCase):
    # The modules. ssrf asks wapiti's own server on the internet whether a probe reached it; with no network
    # here that check cannot complete, so it finds nothing either way (see the closing note).
    MODULES = "sql,xss,permanentxss,exec,file,crlf,ssrf,redirect,csrf"

    @classmethod
    def setUpClass(cls):
        cls.server = Server(env=ATTACK_ENV).start()
        cls.work = tempfile.mkdtemp(prefix="jetway-wapiti-")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        shutil.rmtree(cls.work, ignore_errors=True)

    def wapiti(self, url, name, *extra):
        report = os.path.join(self.work, name + ".json")
        result = subprocess.run(
            ["wapiti", "-u", url, "-m", self.MODULES, "--flush-session", "-f", "json", "-o", report,
             "--store-session", self.work, "--store-config", self.work, "--max-scan-time", "300", *extra],
            capture_output=True, text=True, timeout=600)
        out = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, out[-3000:])
        with open(report) as f:
            findings = json.load(f)
        vulnerabilities = {k: v for k, v in findings["vulnerabilities"].items() if v}
        anomalies = {k: v for k, v in findings["anomalies"].items() if v}  # 500s and timeouts
        self.assertEqual(vulnerabilities, {}, json.dumps(vulnerabilities)[:3000])
        self.assertEqual(anomalies, {}, json.dumps(anomalies)[:3000])
        crawled = int(re.search(r"Wapiti found (\d+) URLs and forms", out).group(1))
        print(f"\n  wapiti {url}: {crawled} URLs and forms attacked", file=sys.stderr)
        self.assertEqual(self.server.request("GET", "/healthz")[0], 200)
        return crawled

    def test_booking_site_and_back_office_sign_in(self):
        # Side by side, one core each. The site: home, search form, results (with the selection form), manage
        # booking, languages, the OpenAPI document; fewer than ten would mean the crawl never got past the home page
        # (as when its pages cannot be decoded).
        with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
            # In the server's scheme (wapiti checks no certificate unless --verify-ssl 1).
            site = pool.submit(self.wapiti, f"{self.server.base}/", "site", "-d", "3",
                               "--max-links-per-page", "30", "--max-files-per-dir", "30")
            office = pool.submit(self.wapiti, f"{self.server.admin_base}/login", "office", "-d", "2")
            self.assertGreaterEqual(site.result(), 10)
            self.assertGreaterEqual(office.result(), 2)


if __name__ == "__main__":
    unittest.main()
