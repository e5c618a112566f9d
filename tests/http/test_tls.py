"""HTTPS on jetway's own listeners ([server] tls_certificate and tls_key), checked with `openssl s_client`:

- TLS 1.2 with the ECDHE AES-256-GCM and ChaCha20-Poly1305 suites and TLS 1.3 with AES-256-GCM and ChaCha20 work;
  TLS 1.0 and 1.1, CBC suites, RSA key exchange and 128-bit suites (in 1.2 and 1.3) are refused.
- Answers over HTTPS carry Strict-Transport-Security, the site's cookies are Secure, and a booking is made over it.
- SIGHUP reads the certificate again: a new connection gets the renewed one while a connection opened before goes on
  being served; a pair that does not load is reported and the old one stays.
- A certificate that expires within [alerts] certificate_days (14) raises an alert, resolved once it is renewed.
- A connection that never finishes its TLS handshake (silent, or half a ClientHello) is closed after the read
  timeout, and its place is free again.
- A certificate without its key, or a key that does not match, stops the start with a message naming the file."""
import os
import shutil
import signal
import socket
import ssl
import tempfile
import time
import unittest

from jw import PG_OWNER_URL, Server, failed_start_log, make_certificate, s_client, today_plus

ONCE = unittest.skipIf(PG_OWNER_URL, "engine-independent: runs in the SQLite pass")


@ONCE
class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="jetway-tls-")
        cls.cert, cls.key = make_certificate(cls.dir, "first", "rsa")
        live_cert, live_key = os.path.join(cls.dir, "live.crt"), os.path.join(cls.dir, "live.key")
        shutil.copy(cls.cert, live_cert)
        shutil.copy(cls.key, live_key)
        cls.live = (live_cert, live_key)
        cls.server = Server(env={"JETWAY_TLS_CERTIFICATE": live_cert, "JETWAY_TLS_KEY": live_key}).start()
        cls.server.tls_context = ssl.create_default_context(cafile=cls.cert)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_protocols_and_suites(self):
        port = self.server.port
        allowed = [("-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"),
                   ("-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"),
                   ("-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384"),
                   ("-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256")]
        refused = [("-tls1", "-cipher", "DEFAULT@SECLEVEL=0"),
                   ("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"),
                   ("-tls1_2", "-cipher", "ECDHE-RSA-AES256-SHA384"),       # CBC
                   ("-tls1_2", "-cipher", "AES256-GCM-SHA384"),             # RSA key exchange
                   ("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"),   # 128-bit
                   ("-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256")]  # 128-bit
        for options in allowed:
            with self.subTest(options=options):
                ok, out = s_client(port, *options)
                self.assertTrue(ok, out[-1500:])
                self.assertIn(f"Cipher is {options[2]}", out)
        for options in refused:
            with self.subTest(options=options):
                ok, out = s_client(port, *options)
                self.assertFalse(ok, out[-1500:])
        # Plain HTTP on the HTTPS port gets nothing useful.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                answer = s.recv(100)
            except ConnectionResetError:
                answer = b""
        self.assertFalse(answer.startswith(b"HTTP/1.1 200"))

    def test_hsts_secure_cookies_and_a_booking_over_https(self):
        status, body, headers = self.server.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Strict-Transport-Security"], "max-age=63072000")
        conn = self.server.connection()
        conn.request("GET", "/?lang=da")
        page = conn.getresponse()
        page.read()
        cookies = [v for k, v in page.getheaders() if k.lower() == "set-cookie"]
        self.assertTrue(cookies)
        for cookie in cookies:
            self.assertTrue(cookie.endswith("; Secure"), cookie)
        conn.close()
        status, body, _ = self.server.search("CPH", "BGO", today_plus(33))
        self.assertEqual(status, 200, body)
        flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "Y"}])
        self.assertEqual(status, 201, held)

    def test_sighup_reloads_the_certificate_for_new_connections_only(self):
        before = self.server.connection()
        before.request("GET", "/healthz")
        first = before.getresponse()
        first.read()
        self.assertEqual(first.status, 200)
        # A renewed certificate (another name, another key type) is put in place and the server told.
        cert, key = make_certificate(self.dir, "renewed", "ec")
        shutil.copy(cert, self.live[0])
        shutil.copy(key, self.live[1])
        self.server.proc.send_signal(signal.SIGHUP)
        self.server.wait_for_log("TLS certificate reloaded")
        ok, out = s_client(self.server.port, "-tls1_3")
        self.assertTrue(ok, out[-1500:])
        self.assertIn("CN = renewed", out)
        # The connection opened before is still served.
        before.request("GET", "/healthz")
        self.assertEqual(before.getresponse().status, 200)
        before.close()
        # A broken pair is reported and the renewed one stays.
        with open(self.live[1], "w") as f:
            f.write("not a key\n")
        self.server.proc.send_signal(signal.SIGHUP)
        self.server.wait_for_log("TLS certificate not reloaded")
        ok, out = s_client(self.server.port, "-tls1_3")
        self.assertTrue(ok, out[-1500:])
        self.assertIn("CN = renewed", out)
        shutil.copy(key, self.live[1])
        # Put the first pair back for the other tests' client, which trusts only it.
        shutil.copy(self.cert, self.live[0])
        shutil.copy(self.key, self.live[1])
        self.server.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while self.server.log().count("TLS certificate reloaded") < 2 and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.server.request("GET", "/healthz")[0], 200)


@ONCE
class HandshakeCountTest(unittest.TestCase):
    """A connection counts toward [server] max_connections from the moment it is let in, not from the end of its TLS
    handshake: failed handshakes used to lower the count, and connections still in theirs were not counted, so the
    accept watchdog took a full server for a stalled one and reopened its listener."""

    def test_connections_in_their_handshake_count_and_failed_handshakes_do_not_lower_the_count(self):
        directory = tempfile.mkdtemp(prefix="jetway-tls-")
        cert, key = make_certificate(directory, "count")
        server = Server(demo=False, admin=False, env={"JETWAY_TLS_CERTIFICATE": cert, "JETWAY_TLS_KEY": key,
                                                      "JETWAY_MAX_CONNECTIONS": "6",
                                                      "JETWAY_MAX_CONNECTIONS_PER_CLIENT": "0"}).start()
        server.tls_context = ssl.create_default_context(cafile=cert)
        idle = []
        try:
            for _ in range(30):  # plain HTTP to the HTTPS port: each handshake fails and its connection closes
                with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
                    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                    s.settimeout(5)
                    try:
                        while s.recv(4096):
                            pass
                    except OSError:
                        pass
            # Six connections that never start their handshake fill the six places.
            idle = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(6)]
            server.wait_for_log("connection limit reached", timeout=10)
            time.sleep(1.0)  # four of the watchdog's ticks
            self.assertNotIn("reopening the listener", server.log())
        finally:
            for s in idle:
                s.close()
        try:
            deadline = time.time() + 10
            while True:  # the places free up as the idle connections close
                try:
                    if server.request("GET", "/healthz", timeout=1)[0] == 200:
                        break
                except OSError:
                    pass
                self.assertLess(time.time(), deadline, server.log()[-2000:])
                time.sleep(0.1)
        finally:
            server.close()
            shutil.rmtree(directory, ignore_errors=True)


@ONCE
class HandshakeDeadlineTest(unittest.TestCase):
    """A client that connects to the HTTPS port and never finishes its handshake is cut off after the read timeout,
    and its place (the address's share here) is free again."""

    def test_a_silent_or_half_sent_handshake_is_cut_off_after_the_read_timeout(self):
        directory = tempfile.mkdtemp(prefix="jetway-tls-deadline-")
        self.addCleanup(shutil.rmtree, directory, ignore_errors=True)
        cert, key = make_certificate(directory, "deadline")
        server = Server(demo=False, admin=False, env={"JETWAY_TLS_CERTIFICATE": cert, "JETWAY_TLS_KEY": key,
                                                      "JETWAY_READ_TIMEOUT_SECONDS": "2",
                                                      "JETWAY_MAX_CONNECTIONS_PER_CLIENT": "2"}).start()
        self.addCleanup(server.close)
        server.tls_context = ssl.create_default_context(cafile=cert)
        client = "127.0.0.4"  # an address of its own: the start's health check came from 127.0.0.1
        silent = socket.create_connection(("127.0.0.1", server.port), timeout=10, source_address=(client, 0))
        half = socket.create_connection(("127.0.0.1", server.port), timeout=10, source_address=(client, 0))
        self.addCleanup(silent.close)
        self.addCleanup(half.close)
        half.sendall(bytes.fromhex("160301020001"))  # a ClientHello's record header and the first byte of it
        opened = time.time()
        # Both hold the address's two places: a third connection is refused before its handshake.
        with self.assertRaises((ConnectionResetError, BrokenPipeError, ssl.SSLError)):
            with server.connect(5, source_address=(client, 0)) as third:
                third.sendall(b"GET /healthz HTTP/1.1\r\nHost: jetway\r\n\r\n")
                if third.recv(4096) == b"":
                    raise ConnectionResetError("closed unanswered")
        for s in (silent, half):
            try:
                self.assertEqual(s.recv(4096), b"")  # the server closes it
            except ConnectionResetError:
                pass
        waited = time.time() - opened
        self.assertGreater(waited, 1.5)
        self.assertLess(waited, 8, "the handshakes were not cut off")
        deadline = time.time() + 5
        while True:  # the closes free the address's places
            try:
                with server.connect(5, source_address=(client, 0)) as s:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: jetway\r\n\r\n")
                    if s.recv(4096).startswith(b"HTTP/1.1 200"):
                        break
            except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
                pass
            self.assertLess(time.time(), deadline, "the cut-off connections kept their places")
            time.sleep(0.1)
        print(f"\n  silent and half-sent handshakes cut off after {waited:.1f} s (read timeout 2 s)")


@ONCE
class CertificateAlertTest(unittest.TestCase):
    def test_a_certificate_near_its_end_alerts_until_it_is_renewed(self):
        from test_monitoring import AlertMail
        mail = AlertMail()
        self.addCleanup(mail.close)
        directory = tempfile.mkdtemp(prefix="jetway-tls-alert-")
        self.addCleanup(shutil.rmtree, directory, ignore_errors=True)
        cert, key = make_certificate(directory, "soon", "ec", days=2)  # alerts come 14 days ahead
        live = (os.path.join(directory, "live.crt"), os.path.join(directory, "live.key"))
        shutil.copy(cert, live[0])
        shutil.copy(key, live[1])
        server = Server(env={**mail.env(), "JETWAY_TLS_CERTIFICATE": live[0], "JETWAY_TLS_KEY": live[1]},
                        demo=False).start()
        self.addCleanup(server.close)
        fired = mail.wait_for("[ALERT] the TLS certificate of", 1)
        self.assertTrue(fired, [m["Subject"] for m in mail.messages()])
        self.assertRegex(fired[0]["Subject"], r"expires in 1 days 2[0-3] hours$")
        self.assertIn("/CN=soon", AlertMail.text(fired[0]))
        # Renewed for 60 days, and the node told: the incident ends.
        cert, key = make_certificate(directory, "renewed", "ec", days=60)
        shutil.copy(cert, live[0])
        shutil.copy(key, live[1])
        server.proc.send_signal(signal.SIGHUP)
        resolved = mail.wait_for("[RESOLVED] the TLS certificate of", 1)
        self.assertTrue(resolved, [m["Subject"] for m in mail.messages()])


@ONCE
class TlsConfigurationTest(unittest.TestCase):
    def test_a_missing_or_mismatched_key_stops_the_start(self):
        with tempfile.TemporaryDirectory() as d:
            cert, _ = make_certificate(d, "one", "ec")
            _, other_key = make_certificate(d, "two", "ec")
            for env, message in (({"JETWAY_TLS_CERTIFICATE": cert}, "server.tls_certificate and server.tls_key go together"),
                                 ({"JETWAY_TLS_CERTIFICATE": cert, "JETWAY_TLS_KEY": other_key},
                                  "the private key does not belong to the certificate")):
                with self.subTest(message=message):
                    self.assertIn(message, failed_start_log(env))


if __name__ == "__main__":
    unittest.main()
