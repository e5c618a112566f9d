"""The jetway command line: version, migrate and demo are idempotent, configuration comes from jetway.toml,
the environment and flags in that order of precedence, and bad configuration is refused with a message."""
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

from jw import JETWAY_BIN, Server, free_port, tls_env


def run(args, cwd=None, env=None, timeout=120):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([JETWAY_BIN, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="jetway-cli-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_version(self):
        result = run(["version"])
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^jetway \d+\.\d+\.\d+\n$")

    def test_the_build_names_its_sanitizers_and_allocator_and_the_server_runs_on_that_allocator(self):
        result = run(["version", "--build"])
        self.assertEqual(result.returncode, 0, result.stderr)
        build = result.stdout.splitlines()[1]
        self.assertRegex(build, r"^build: .*; sanitizers: (none|address, undefined); allocator: (tcmalloc|glibc)$")
        # tcmalloc in every build but the sanitizers' (they bring their own malloc); CMakeLists.txt's JETWAY_TCMALLOC.
        sanitized = "sanitizers: none" not in build
        self.assertEqual(build.endswith("allocator: glibc"), sanitized, build)
        server = Server().start()
        try:
            with open(f"/proc/{server.proc.pid}/maps") as f:
                mapped = "libtcmalloc_minimal" in f.read()
        finally:
            server.close()
        self.assertEqual(mapped, build.endswith("allocator: tcmalloc"), build)

    def test_migrate_and_demo_are_idempotent(self):
        data = os.path.join(self.dir, "var")
        for _ in range(2):
            self.assertEqual(run(["migrate", "--data-dir", data]).returncode, 0)
        for name in ("data.db", "web.db", "mgmt.db"):
            with sqlite3.connect(os.path.join(data, name)) as db:
                versions = [v for (v,) in db.execute("SELECT version FROM schema_migrations ORDER BY version")]
                self.assertEqual(versions, list(range(1, len(versions) + 1)), name)
                self.assertGreaterEqual(len(versions), 1)
        first = run(["demo", "--data-dir", data])
        self.assertIn('"msg":"demo airline loaded"', first.stderr)
        second = run(["demo", "--data-dir", data])
        self.assertEqual(second.returncode, 0)
        self.assertIn('"msg":"demo airline already loaded"', second.stderr)
        with sqlite3.connect(os.path.join(data, "data.db")) as db:
            airports = db.execute("SELECT COUNT(*) FROM airports").fetchone()[0]
            lines = db.execute("SELECT COUNT(*) FROM schedules WHERE airline = 'X9'").fetchone()[0]
            flights = db.execute("SELECT COUNT(*) FROM flights").fetchone()[0]
            zones = db.execute("SELECT COUNT(DISTINCT a.time_zone) FROM airports a JOIN schedules s ON s.origin = a.code").fetchone()[0]
            classes = db.execute("SELECT COUNT(*) FROM booking_classes WHERE airline = 'X9'").fetchone()[0]
            brands = db.execute("SELECT COUNT(DISTINCT brand) FROM fares").fetchone()[0]
            days = db.execute("SELECT julianday(MAX(departure_date)) - julianday(MIN(departure_date)) FROM flights").fetchone()[0]
        self.assertGreater(airports, 5000)
        self.assertGreaterEqual(lines, 20)
        self.assertGreaterEqual(zones, 2)
        self.assertGreaterEqual(classes, 6)
        self.assertGreaterEqual(brands, 3)
        self.assertGreaterEqual(days, 363)
        self.assertGreater(flights, 10000)

    def test_toml_environment_and_flag_precedence(self):
        port_toml, port_env = free_port(), free_port()
        toml_dir = os.path.join(self.dir, "from-toml")
        with open(os.path.join(self.dir, "jetway.toml"), "w") as f:
            f.write(f'listen = "127.0.0.1:{port_toml}"\ndata_dir = "{toml_dir}"\n[booking]\nhold_seconds = 77\n')
        result = run(["migrate"], cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.exists(os.path.join(toml_dir, "data.db")))
        env_dir = os.path.join(self.dir, "from-env")
        result = run(["migrate"], cwd=self.dir, env={"JETWAY_DATA_DIR": env_dir})
        self.assertTrue(os.path.exists(os.path.join(env_dir, "data.db")))
        flag_dir = os.path.join(self.dir, "from-flag")
        result = run(["migrate", "--data-dir", flag_dir], cwd=self.dir, env={"JETWAY_DATA_DIR": env_dir})
        self.assertTrue(os.path.exists(os.path.join(flag_dir, "data.db")))
        # serve picks the listen address from jetway.toml, then JETWAY_LISTEN over it.
        # In the suite's scheme (JETWAY_TEST_TLS=1: the test certificate, and the banner says https).
        proc = subprocess.Popen([JETWAY_BIN, "serve"], cwd=self.dir,
                                env={**os.environ, **tls_env(), "JETWAY_LISTEN": f"127.0.0.1:{port_env}"},
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            scheme = "https" if tls_env() else "http"
            self.assertEqual(line.strip(), f"jetway is running at {scheme}://127.0.0.1:{port_env}/")
        finally:
            proc.terminate()
            self.assertEqual(proc.wait(timeout=30), 0)
            proc.stdout.close()

    def test_bad_configuration_is_refused(self):
        result = run(["migrate"], env={"JETWAY_LISTEN": "localhost"})
        self.assertEqual(result.returncode, 2)
        self.assertIn("listen must be ADDRESS:PORT", result.stderr)
        with open(os.path.join(self.dir, "jetway.toml"), "w") as f:
            f.write("listen = [unclosed\n")
        result = run(["migrate"], cwd=self.dir)
        self.assertEqual(result.returncode, 2)
        self.assertIn("jetway.toml", result.stderr)
        result = run(["serve", "--listen", "127.0.0.1:99999"])
        self.assertEqual(result.returncode, 2)
        self.assertEqual(run(["fly-me-to-the-moon"]).returncode != 0, True)

    def test_port_in_use_is_reported(self):
        server = Server(demo=False).start()
        try:
            result = run(["serve", "--data-dir", os.path.join(self.dir, "d"), "--listen", f"127.0.0.1:{server.port}"],
                         timeout=30)
            self.assertEqual(result.returncode, 1)
            self.assertIn('"level":"error"', result.stderr)
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
