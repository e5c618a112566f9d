"""No illegal resource access (issue 12 §4), with the firewall off so that jetway's own defences answer: no way out of
the static files by any spelling of `..`, no directory listing, no file, stack trace, SQL or path in an error, and a
Host header that cannot reach the links jetway writes."""
import re
import unittest

from jw import PG_OWNER_URL, Server

ONCE = unittest.skipIf(PG_OWNER_URL, "engine-independent: runs in the SQLite pass")
OFF = {"JETWAY_WAF_MODE": "off"}

# Ways out of /static/ (and the top) that scanners and the probe tried: plain, encoded, double-encoded and overlong
# `..`, backslashes, NUL, and the files an attacker wants (the database, the configuration, the tree's sources).
TRAVERSALS = [
    "/static/../data.db", "/static/..%2fdata.db", "/static/..%2Fdata.db", "/static/%2e%2e/data.db",
    "/static/%2e%2e%2fdata.db", "/static/%252e%252e%252fdata.db", "/static/..%252fdata.db",
    "/static/%c0%ae%c0%ae/data.db", "/static/..%c0%afdata.db", "/static/..\\data.db", "/static/..%5cdata.db",
    "/static/..%5c..%5c..%5cetc%5cpasswd", "/static/../../../../etc/passwd", "/static/....//....//etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/site.css%00.png", "/static/%00", "/static/",
    "/static", "/static/.", "/static/./site.css", "/static//etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/data.db", "/jetway.toml", "/server.log",
    "/.git/config", "/.env", "/templates/ibe/layout.mustache", "/web/static/site.css", "/src/app/main.cpp",
    "/static/file:///etc/passwd", "/static/http://example.com/x.js", "/static/site.css/", "/static/*",
]
# What would show that a file, the database, a trace or a query leaked into an answer.
LEAKS = re.compile(r"root:x:0:0|SQLite format|\[server\]|#include|PRIVATE KEY|\bSELECT\b|\bsqlite3?_|"
                   r"std::|terminate called|\.cpp\b|\.hpp\b|/tmp/|/home/|/work/|/usr/", re.IGNORECASE)


def raw_get(server, target, host="127.0.0.1"):
    """One request with its target sent byte for byte (http.client refuses some of these); returns (status, bytes),
    status None when the server closed the connection unanswered (what its parser does with a malformed request
    line)."""
    answer = server.raw(b"GET " + target.encode("latin-1") + b" HTTP/1.1\r\nHost: " + host.encode() +
                        b"\r\nAccept: */*\r\nConnection: close\r\n\r\n")
    if not answer:
        return None, answer
    return int(answer.split(b" ", 2)[1]), answer


@ONCE
class TraversalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(env=OFF, demo=False).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_no_spelling_of_dot_dot_leaves_the_static_files(self):
        for target in TRAVERSALS:
            with self.subTest(target=target):
                status, answer = raw_get(self.server, target)
                self.assertIn(status, (400, 404, 405), answer[:300])
                self.assertIsNone(LEAKS.search(answer.decode("latin-1")), answer[:600])
                self.assertNotIn(self.server.data_dir.encode(), answer)

    def test_a_raw_nul_or_backslash_in_the_request_line_is_refused(self):
        # Not a URL: the parser closes the connection, or the router finds no such path.
        for target in ("/static/site.css\x00.png", "/static\\..\\data.db", "\\..\\data.db"):
            with self.subTest(target=repr(target)):
                status, answer = raw_get(self.server, target)
                self.assertIn(status, (None, 400, 404), answer[:300])
                self.assertIsNone(LEAKS.search(answer.decode("latin-1")), answer[:600])

    def test_the_real_files_are_still_served(self):
        status, page = raw_get(self.server, "/")
        self.assertEqual(status, 200)
        stylesheet = re.search(rb'href="(/static/site\.[0-9a-f]{16}\.css)"', page).group(1).decode()
        self.assertEqual(raw_get(self.server, stylesheet)[0], 200)
        self.assertEqual(raw_get(self.server, "/favicon.ico")[0], 200)


@ONCE
class HostHeaderTest(unittest.TestCase):
    """Links are built from configuration, never from the request's Host or X-Forwarded-Host."""

    EVIL = "evil.example"

    @classmethod
    def setUpClass(cls):
        cls.server = Server(env=OFF).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_pages_and_redirects_do_not_echo_a_foreign_host(self):
        for path in ("/", "/manage", "/static/site.css", "/no/such/page", "/search?origin=CPH", "/select"):
            for headers in ({"Host": self.EVIL}, {"Host": "127.0.0.1", "X-Forwarded-Host": self.EVIL},
                            {"Host": "127.0.0.1", "Forwarded": f"host={self.EVIL}"}):
                with self.subTest(path=path, headers=headers):
                    status, body, answer_headers = self.server.request("GET", path, headers={"Accept": "text/html",
                                                                                             **headers})
                    self.assertLess(status, 500, body)
                    self.assertNotIn(self.EVIL, str(body))
                    self.assertNotIn(self.EVIL, str(answer_headers))


if __name__ == "__main__":
    unittest.main()
