"""What deploy/ ships, checked by the tools that will run it, and the log's destinations:
- the systemd unit passes `systemd-analyze verify` with no warning and carries the hardening the issue asks for;
- the binary carries the compilers' hardening (ASVS 14.1.2), as `readelf` reads it: a position-independent executable
  with a read-only GOT bound at start, no executable stack, stack canaries, and (outside the sanitizer build) checked
  libc calls;
- the HAProxy configuration with its example environment passes `haproxy -c`;
- Patroni's configuration passes `patroni --validate-config` and asks for RPO 0 (test_patroni runs it);
- with [log] file the JSON lines go to that file, not stderr; with stderr as the journal's stream (JOURNAL_STREAM
  names its device and inode) each line starts with its syslog priority."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from jw import JETWAY_BIN, PG_OWNER_URL, Server

DEPLOY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy")


# None of it depends on the database engine: the SQLite pass runs it, the PostgreSQL pass need not again.
ONCE = unittest.skipIf(PG_OWNER_URL, "engine-independent: runs in the SQLite pass")


@ONCE
class SystemdUnitTest(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(DEPLOY, "systemd", "jetway.service")) as f:
            self.unit = f.read()

    def test_unit_verifies_without_warnings(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "jetway.service")
            with open(path, "w") as f:
                # verify checks that the program exists: point it at the one built here.
                f.write(self.unit.replace("/usr/local/bin/jetway", os.path.abspath(JETWAY_BIN)))
            checked = subprocess.run(["systemd-analyze", "verify", path], capture_output=True, text=True, timeout=60)
        self.assertEqual(checked.returncode, 0, checked.stderr)
        self.assertEqual(checked.stderr.strip(), "")

    def test_unit_is_hardened(self):
        settings = {}
        for line in self.unit.splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                settings.setdefault(key, []).append(value)
        self.assertEqual(settings["ProtectSystem"], ["strict"])
        self.assertEqual(settings["NoNewPrivileges"], ["yes"])
        self.assertEqual(settings["User"], ["jetway"])
        self.assertEqual(settings["ReadWritePaths"], ["/var/lib/jetway"])
        self.assertIn("--data-dir /var/lib/jetway", settings["ExecStart"][0])
        self.assertEqual(settings["CapabilityBoundingSet"], [""])


def readelf(*options):
    return subprocess.run(["readelf", "--wide", *options, JETWAY_BIN], capture_output=True, text=True, check=True,
                          timeout=120).stdout


@ONCE
class BinaryHardeningTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.segments = readelf("--program-headers")
        cls.dynamic = readelf("--dynamic")
        cls.symbols = set(re.findall(r"\s(\w+)(?:@\S+)?(?: \(\d+\))?$", readelf("--dyn-syms"), re.MULTILINE))

    def test_it_is_position_independent(self):
        self.assertIn("DYN (Position-Independent Executable file)", readelf("--file-header"))
        self.assertRegex(self.dynamic, r"FLAGS_1\)\s+Flags:.*\bPIE\b")

    def test_its_relocations_are_read_only_and_bound_at_start(self):
        self.assertIn("GNU_RELRO", self.segments)
        self.assertRegex(self.dynamic, r"\(FLAGS\)\s+BIND_NOW|FLAGS_1\)\s+Flags:.*\bNOW\b")

    def test_its_stack_is_not_executable(self):
        stack = re.search(r"^\s*GNU_STACK\s.*$", self.segments, re.MULTILINE)
        self.assertIsNotNone(stack, self.segments)
        self.assertNotIn("E", stack.group(0).split()[-2], stack.group(0))

    def test_it_has_stack_canaries_and_checked_libc_calls(self):
        self.assertIn("__stack_chk_fail", self.symbols)
        if "__asan_init" in self.symbols:
            return  # the sanitizer build leaves _FORTIFY_SOURCE out: ASan checks those calls itself
        checked = sorted(name for name in self.symbols if re.fullmatch(r"__\w+_chk", name) and
                         name != "__stack_chk_fail")
        self.assertTrue(checked, "no _FORTIFY_SOURCE checked libc call (__memcpy_chk, __snprintf_chk, ...)")


@ONCE
class HAProxyConfigTest(unittest.TestCase):
    def test_shipped_configuration_checks_with_the_example_environment(self):
        env = dict(os.environ, JETWAY_HAPROXY_UNCONFINED="1")
        with open(os.path.join(DEPLOY, "haproxy", "haproxy.env")) as f:
            for line in f:
                if re.match(r"^[A-Z_0-9]+=", line):
                    key, value = line.strip().split("=", 1)
                    env[key] = value
        env["JETWAY_OFFICE_NETWORKS"] = os.path.join(DEPLOY, "haproxy", "office-networks.lst")
        # The certificate the example names, made here (HAProxy reads it to check the configuration).
        tls = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tls, ignore_errors=True)
        env["JETWAY_HAPROXY_TLS_CERT"] = os.path.join(tls, "jetway.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-days", "2", "-subj", "/CN=book.example.com", "-keyout", env["JETWAY_HAPROXY_TLS_CERT"],
                        "-out", os.path.join(tls, "cert.pem")], check=True, capture_output=True, timeout=60)
        with open(env["JETWAY_HAPROXY_TLS_CERT"], "a") as pem, open(os.path.join(tls, "cert.pem")) as cert:
            pem.write(cert.read())
        checked = subprocess.run(["haproxy", "-c", "-f", os.path.join(DEPLOY, "haproxy", "haproxy.cfg")], env=env,
                                 capture_output=True, text=True, timeout=60)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        self.assertIn("Configuration file is valid", checked.stdout + checked.stderr)
        self.assertNotIn("WARNING", checked.stdout + checked.stderr)


@ONCE
@unittest.skipUnless(shutil.which("patroni"), "Debian's patroni (scripts/setup.sh installs it with PostgreSQL)")
class PatroniConfigTest(unittest.TestCase):
    def setUp(self):
        self.path = os.path.join(DEPLOY, "patroni", "config.yml")
        with open(self.path) as f:
            self.config = f.read()

    def validate(self, path):
        return subprocess.run(["patroni", "--validate-config", path], capture_output=True, text=True, timeout=60)

    def test_shipped_configuration_validates(self):
        checked = self.validate(self.path)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        self.assertEqual((checked.stdout + checked.stderr).strip(), "")
        # The validator does catch a mistake: the same file without the cluster's name.
        with tempfile.TemporaryDirectory() as d:
            broken = os.path.join(d, "config.yml")
            with open(broken, "w") as f:
                f.write(re.sub(r"(?m)^scope: .*$", "", self.config))
            checked = self.validate(broken)
        self.assertNotEqual(checked.returncode, 0)
        self.assertIn("scope", checked.stdout + checked.stderr)

    def test_rpo_zero_and_rewind(self):
        for line in ("synchronous_mode: true", "synchronous_commit: remote_apply", "use_pg_rewind: true"):
            self.assertRegex(self.config, rf"(?m)^\s+{line}(\s|$)")
        with open(os.path.join(DEPLOY, "patroni", "etcd.default")) as f:
            members = re.search(r'(?m)^ETCD_INITIAL_CLUSTER="([^"]*)"', f.read()).group(1).split(",")
        self.assertEqual(len(members), 3, "etcd needs three members to survive one")


@ONCE
class LogDestinationTest(unittest.TestCase):
    def test_log_file(self):
        logs = tempfile.mkdtemp(prefix="jetway-logs-")
        path = os.path.join(logs, "jetway.log")
        server = Server(env={"JETWAY_LOG_FILE": path, "JETWAY_LOG_KEEP_FILES": "3"}).start()
        try:
            self.assertEqual(server.request("GET", "/healthz")[0], 200)
            server.stop()
            with open(path) as f:
                lines = f.read().splitlines()
            self.assertTrue(any('"path":"/healthz"' in line for line in lines), lines[-5:])
            self.assertTrue(all(line.startswith('{"ts":') for line in lines))
            self.assertNotIn('"level"', server.log())  # stderr carried none of it
        finally:
            server.close()
            shutil.rmtree(logs, ignore_errors=True)

    def test_an_unwritable_log_file_stops_the_start(self):
        run = subprocess.run([JETWAY_BIN, "serve", "--listen", "127.0.0.1:0"],
                             env=dict(os.environ, JETWAY_LOG_FILE="/nonexistent/dir/jetway.log"),
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 2)
        self.assertIn("cannot open the log file /nonexistent/dir/jetway.log", run.stderr)

    def test_journal_priorities_when_stderr_is_the_journal(self):
        server = Server()
        open(server.log_path, "ab").close()  # the file the node's stderr will be, standing in for the journal
        st = os.stat(server.log_path)
        server.env["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino}"
        server.start()
        try:
            server.request("GET", "/healthz")
            server.stop()
            lines = [line for line in server.log().splitlines() if "{" in line]
            self.assertTrue(any(line.startswith('<6>{"ts":') and '"path":"/healthz"' in line for line in lines), lines)
            self.assertFalse([line for line in lines if line.startswith("{")])
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
