"""OCSP stapling ([server] tls_ocsp_response), checked with `openssl s_client -status`: a test authority issues the
certificate and answers for it with `openssl ocsp` (offline, from its index), as an operator's timer would fetch it.

- With a good response, every handshake that asks (TLS 1.3 and 1.2) gets it stapled; a client that does not ask
  gets none, and nothing is stapled where no response is configured.
- SIGHUP reads a new response with the certificate; one that does not fit is reported and the one in use stays.
- A response for another certificate, a revoked certificate, or a file that is no OCSP response stops the start
  with a message naming the file."""
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from jw import PG_OWNER_URL, PLAIN_HTTP, Server, failed_start_log

ONCE = unittest.skipIf(PG_OWNER_URL, "engine-independent: runs in the SQLite pass")


def openssl(*argv, cwd):
    return subprocess.run(["openssl", *argv], cwd=cwd, check=True, capture_output=True, timeout=60)


class Authority:
    """A test certificate authority in `directory`: a server certificate for 127.0.0.1 and OCSP answers for it."""

    def __init__(self, directory):
        self.dir = directory
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        openssl("req", "-x509", *ec, "-days", "30", "-subj", "/CN=Jetway Test CA", "-addext",
                "basicConstraints=critical,CA:true", "-keyout", "ca.key", "-out", "ca.crt", cwd=directory)
        self.issue("server", 0x1001)
        self.issue("other", 0x1002)

    def issue(self, name, serial):
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=self.dir)
        with open(os.path.join(self.dir, f"{name}.ext"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:9/ocsp\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", hex(serial),
                "-days", "30", "-extfile", f"{name}.ext", "-out", f"{name}.crt", cwd=self.dir)
        with open(os.path.join(self.dir, f"{name}.crt")) as leaf, open(os.path.join(self.dir, "ca.crt")) as ca, \
                open(os.path.join(self.dir, f"{name}-chain.pem"), "w") as chain:
            chain.write(leaf.read() + ca.read())

    def path(self, name):
        return os.path.join(self.dir, name)

    def response(self, name, certificate="server", revoked=False, days=1):
        """The authority's OCSP response for `certificate` as a DER file `name`."""
        serial = openssl("x509", "-noout", "-serial", "-in", f"{certificate}.crt", cwd=self.dir).stdout.decode()
        serial = serial.strip().split("=")[1]
        expires = time.strftime("%y%m%d%H%M%SZ", time.gmtime(time.time() + 30 * 86400))
        revocation = time.strftime("%y%m%d%H%M%SZ", time.gmtime()) if revoked else ""
        with open(self.path("index.txt"), "w") as f:
            f.write(f"{'R' if revoked else 'V'}\t{expires}\t{revocation}\t{serial}\tunknown\t/CN=127.0.0.1\n")
        openssl("ocsp", "-issuer", "ca.crt", "-cert", f"{certificate}.crt", "-no_nonce", "-reqout", "request.der",
                cwd=self.dir)
        openssl("ocsp", "-index", "index.txt", "-rsigner", "ca.crt", "-rkey", "ca.key", "-CA", "ca.crt",
                "-reqin", "request.der", "-respout", name, "-ndays", str(days), cwd=self.dir)
        return self.path(name)


def status(port, *options):
    """What `openssl s_client -status` (or without, given "-nostatus") saw of a stapled response."""
    ask = [] if "-nostatus" in options else ["-status"]
    done = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", *ask,
                           *[o for o in options if o != "-nostatus"]], input=b"", capture_output=True, timeout=30)
    return (done.stdout + done.stderr).decode(errors="replace")


@ONCE
class OcspStaplingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="jetway-ocsp-")
        cls.ca = Authority(cls.dir)
        cls.live = cls.ca.path("live.der")
        shutil.copy(cls.ca.response("good.der", days=1), cls.live)
        cls.server = Server(env={"JETWAY_TLS_CERTIFICATE": cls.ca.path("server-chain.pem"),
                                 "JETWAY_TLS_KEY": cls.ca.path("server.key"),
                                 "JETWAY_TLS_OCSP_RESPONSE": cls.live}).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_a_good_response_is_stapled_to_every_handshake_that_asks(self):
        for version in ("-tls1_3", "-tls1_2"):
            seen = status(self.server.port, version)
            self.assertIn("OCSP Response Status: successful", seen, version)
            self.assertIn("Cert Status: good", seen, version)
            self.assertIn("Serial Number: 1001", seen, version)
        self.assertNotIn("OCSP Response Status", status(self.server.port, "-nostatus"))
        self.server.wait_for_log('"msg":"OCSP stapling"')

    def test_sighup_reads_a_new_response_and_keeps_the_old_when_the_new_does_not_fit(self):
        before = status(self.server.port)
        self.assertIn("Next Update", before)
        shutil.copy(self.ca.response("longer.der", days=3), self.live)
        self.server.proc.send_signal(signal.SIGHUP)
        self.server.wait_for_log('"msg":"TLS certificate reloaded"')
        after = status(self.server.port)
        self.assertIn("Cert Status: good", after)
        next_update = lambda text: next(line for line in text.splitlines() if "Next Update" in line)
        self.assertNotEqual(next_update(after), next_update(before))

        shutil.copy(self.ca.response("revoked.der", revoked=True), self.live)
        self.server.proc.send_signal(signal.SIGHUP)
        self.server.wait_for_log("the authority says the certificate is revoked")
        kept = status(self.server.port)
        self.assertIn("Cert Status: good", kept)
        self.assertEqual(next_update(kept), next_update(after))


@ONCE
class OcspWithoutResponseTest(unittest.TestCase):
    def test_nothing_is_stapled_without_a_configured_response(self):
        directory = tempfile.mkdtemp(prefix="jetway-ocsp-")
        try:
            ca = Authority(directory)
            server = Server(env={"JETWAY_TLS_CERTIFICATE": ca.path("server-chain.pem"),
                                 "JETWAY_TLS_KEY": ca.path("server.key")}, demo=False).start()
            try:
                seen = status(server.port)
                self.assertIn("OCSP response: no response sent", seen)
                self.assertIn("CN = 127.0.0.1", seen)
            finally:
                server.close()
        finally:
            shutil.rmtree(directory, ignore_errors=True)


@ONCE
class OcspRefusedAtStartTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="jetway-ocsp-")
        cls.ca = Authority(cls.dir)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def start_with(self, response):
        return failed_start_log({"JETWAY_TLS_CERTIFICATE": self.ca.path("server-chain.pem"),
                                 "JETWAY_TLS_KEY": self.ca.path("server.key"), "JETWAY_TLS_OCSP_RESPONSE": response})

    def test_a_response_that_does_not_fit_stops_the_start_naming_the_file(self):
        other = self.ca.response("other.der", certificate="other")
        self.assertIn(f"{other}: the response does not answer for the certificate in use", self.start_with(other))
        revoked = self.ca.response("revoked.der", revoked=True)
        self.assertIn(f"{revoked}: the authority says the certificate is revoked", self.start_with(revoked))
        not_ocsp = self.ca.path("server.crt")
        self.assertIn(f"{not_ocsp}: not a DER OCSP response", self.start_with(not_ocsp))

    def test_a_response_without_a_certificate_is_a_configuration_error(self):
        # PLAIN_HTTP: no certificate even under JETWAY_TEST_TLS=1, whose test certificate would otherwise be given.
        log = failed_start_log({**PLAIN_HTTP, "JETWAY_TLS_OCSP_RESPONSE": self.ca.response("alone.der")})
        self.assertIn("server.tls_ocsp_response needs server.tls_certificate", log)


if __name__ == "__main__":
    unittest.main()
