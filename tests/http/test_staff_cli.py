"""Staff accounts and the audit log from the command line, on the engine under test: `jetway user add` creates
the first administrator (a printed one-time password, or one read from standard input under the password rules),
and `jetway audit verify` passes on an untouched log and names the first row someone changed or removed."""
import os
import sqlite3
import subprocess
import unittest

from jw import CHEAP_PASSWORD_HASHES, JETWAY_BIN, PSQL, Server, pg_url

DEFAULT_COST = "$argon2id$v=19$m=65536,t=3,p=1$"  # identity::HashCost: 64 MiB, 3 passes
CHEAP_COST = "$argon2id$v=19$m=1024,t=1,p=1$"     # CHEAP_PASSWORD_HASHES, which the tests' servers run with


class StaffCliTest(unittest.TestCase):
    def setUp(self):
        self.server = Server(demo=False)  # migrated only

    def tearDown(self):
        self.server.close()

    def jetway(self, *args, stdin=None, env=None):
        return subprocess.run([JETWAY_BIN, *args, "--data-dir", self.server.data_dir], env=env or self.server.env,
                              input=stdin, capture_output=True, text=True, timeout=120)

    def default_env(self):
        """The server's environment without the tests' cheap password hashes: jetway's own cost."""
        return {k: v for k, v in self.server.env.items() if k not in CHEAP_PASSWORD_HASHES}

    def mgmt(self, sql):
        """Runs SQL on the management database as its owner (what an intruder with the owner's rights could do)."""
        if self.server.pg_prefix:
            result = subprocess.run([PSQL, pg_url(f"{self.server.pg_prefix}_mgmt"), "-X", "-qAt",
                                     "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            return result.stdout.strip()
        with sqlite3.connect(os.path.join(self.server.data_dir, "mgmt.db")) as db:
            rows = db.execute(sql).fetchall()
            return "\n".join("|".join(str(v) for v in row) for row in rows)

    def test_the_first_administrator_gets_a_one_time_password(self):
        added = self.jetway("user", "add", "--email", "Ops@Example.com", "--role", "administrator",
                            env=self.default_env())
        self.assertEqual(added.returncode, 0, added.stderr)
        self.assertIn("added ops@example.com (Ops) as administrator", added.stdout)
        one_time = [line for line in added.stdout.splitlines() if line.startswith("one-time password: ")]
        self.assertEqual(len(one_time), 1, added.stdout)
        self.assertEqual(len(one_time[0].split(": ")[1]), 32)
        # Only a hash is stored, and it is Argon2id; the one-time password must be changed.
        stored = self.mgmt("SELECT password_hash, password_change_required FROM staff_users "
                           "WHERE email = 'ops@example.com'")
        self.assertTrue(stored.startswith(DEFAULT_COST), stored)
        self.assertNotIn(one_time[0].split(": ")[1], stored)
        self.assertTrue(stored.endswith("|1"), stored)
        again = self.jetway("user", "add", "--email", "ops@example.com", "--role", "read_only")
        self.assertEqual(again.returncode, 2)
        self.assertIn("USER_EXISTS", again.stderr)
        unknown = self.jetway("user", "add", "--email", "x@example.com", "--role", "pilot")
        self.assertEqual(unknown.returncode, 2)
        self.assertIn("UNKNOWN_ROLE", unknown.stderr)

    def test_a_password_from_standard_input_follows_the_rules(self):
        weak = self.jetway("user", "add", "--email", "rev@example.com", "--role", "revenue", "--password-stdin",
                           stdin="password1234\n")
        self.assertEqual(weak.returncode, 2)
        self.assertIn("PASSWORD_TOO_COMMON", weak.stderr)
        good = self.jetway("user", "add", "--email", "rev@example.com", "--role", "revenue", "--name", "Revenue Desk",
                           "--password-stdin", stdin="a long and uncommon passphrase\n")
        self.assertEqual(good.returncode, 0, good.stderr)
        self.assertNotIn("one-time password", good.stdout)
        self.assertEqual(self.mgmt("SELECT display_name, password_change_required FROM staff_users "
                                   "WHERE email = 'rev@example.com'"), "Revenue Desk|0")
        # Hashed at the configured cost ([passwords] hash_mib, hash_passes), as the server would hash it.
        self.assertTrue(self.mgmt("SELECT password_hash FROM staff_users WHERE email = 'rev@example.com'")
                        .startswith(CHEAP_COST))

    def test_the_airlines_name_is_kept_out_of_a_password_as_the_back_office_keeps_it(self):
        # The back office's rules name the default site's airline (the demo's Kattegat Air); the command line took
        # them from no site at all, so a password the back office refuses could be set there.
        demo = self.jetway("demo")
        self.assertEqual(demo.returncode, 0, demo.stderr)
        named = self.jetway("user", "add", "--email", "ops@example.com", "--role", "administrator", "--password-stdin",
                            stdin="kattegat flies north at dawn\n")
        self.assertEqual(named.returncode, 2, named.stdout)
        self.assertIn("PASSWORD_CONTAINS_NAME", named.stderr)
        self.assertEqual(self.mgmt("SELECT COUNT(*) FROM staff_users"), "0")
        other = self.jetway("user", "add", "--email", "ops@example.com", "--role", "administrator", "--password-stdin",
                            stdin="a long and uncommon passphrase\n")
        self.assertEqual(other.returncode, 0, other.stderr)

    def test_a_sign_in_rehashes_a_password_at_the_servers_cost(self):
        added = self.jetway("user", "add", "--email", "desk@example.com", "--role", "revenue", "--password-stdin",
                            stdin="a long and uncommon passphrase\n", env=self.default_env())
        self.assertEqual(added.returncode, 0, added.stderr)
        hashed = "SELECT password_hash FROM staff_users WHERE email = 'desk@example.com'"
        self.assertTrue(self.mgmt(hashed).startswith(DEFAULT_COST))
        self.server.start()
        self.server.office_browser("desk@example.com", "a long and uncommon passphrase")
        self.assertTrue(self.mgmt(hashed).startswith(CHEAP_COST), "the sign-in did not hash the password again")
        self.assertIn("below OWASP's minimum for Argon2id", self.server.log())

    def test_audit_verify_names_the_first_changed_or_missing_row(self):
        for i in range(4):
            added = self.jetway("user", "add", "--email", f"user{i}@example.com", "--role", "read_only")
            self.assertEqual(added.returncode, 0, added.stderr)
        intact = self.jetway("audit", "verify")
        self.assertEqual(intact.returncode, 0, intact.stdout + intact.stderr)
        self.assertIn("audit log intact: 4 rows", intact.stdout)

        self.mgmt("UPDATE audit_log SET state_after = '{\"email\":\"mallory@example.com\"}' WHERE seq = 3")
        altered = self.jetway("audit", "verify")
        self.assertEqual(altered.returncode, 1)
        self.assertIn("broken at row 3", altered.stdout)
        self.assertIn("altered", altered.stdout)

        self.mgmt("DELETE FROM audit_log WHERE seq = 3")
        removed = self.jetway("audit", "verify")
        self.assertEqual(removed.returncode, 1)
        self.assertIn("broken at row 3", removed.stdout)
        self.assertIn("missing", removed.stdout)


if __name__ == "__main__":
    unittest.main()
