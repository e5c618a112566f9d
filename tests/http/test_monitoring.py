"""Error tracking, against the real binary: requests that fail on our side are recorded in the management database,
grouped by cause with their counts, and shown in the back office with the error rate per transaction."""
import concurrent.futures
import html
import os
import re
import sqlite3
import time
import unittest

from ibe_browser import Browser
from jw import PG_OWNER_URL, Server, today_plus

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
            # Another process holds SQLite's write lock past jetway's 10 s wait: the selections fail on our side (503).
            lock = sqlite3.connect(os.path.join(server.data_dir, "data.db"), isolation_level=None, timeout=30)
            lock.execute("BEGIN EXCLUSIVE")
            try:
                with concurrent.futures.ThreadPoolExecutor(2) as pool:
                    pages = list(pool.map(lambda i: browsers[i].submit(forms[i][0], out=forms[i][1]), range(2)))
            finally:
                lock.execute("ROLLBACK")
                lock.close()
            failed = [page.headers["X-Request-Id"] for page in pages if page.status == 503]
            self.assertEqual(len(failed), 2, [page.status for page in pages])
            self.assertEqual(browsers[0].submit(forms[0][0], out=forms[0][1]).status, 303)
            for _ in range(5):
                self.assertEqual(server.search("CPH", "HAM", today_plus(21))[0], 200)

            operator = sign_in(server, *OPERATOR)
            deadline = time.time() + 10
            while True:  # each node writes its figures every flush interval
                page = operator.get("/errors")
                self.assertEqual(page.status, 200, page.body[:500])
                hourly = rows(page, "hourly")
                if hourly and int(hourly[0]["requests"]) >= 3 or time.time() > deadline:
                    break
                time.sleep(0.2)
            causes = [row for row in rows(page, "causes")]
            self.assertEqual(len(causes), 1, causes)
            self.assertEqual((causes[0]["count"], causes[0]["status"]), ("2", "503"))
            self.assertIn("POST /select", html.unescape(page.body))
            # The rate of the one transaction with errors: 2 failed of its 3 requests this hour.
            self.assertEqual([(r["route"], r["requests"], r["errors"]) for r in hourly], [("/select", "3", "2")])
            self.assertIn("66.67 %", page.body)
            overall = rows(page, "overall")
            self.assertEqual(int(overall[0]["errors"]), 2)
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


if __name__ == "__main__":
    unittest.main()
