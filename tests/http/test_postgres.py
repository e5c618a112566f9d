"""PostgreSQL only (skipped on SQLite; scripts/test.sh runs it against its throw-away cluster):

- least privilege: each application's login role can do what its screens need and nothing more;
- several app nodes on one database are indistinguishable to a client: a hold made on one is confirmed on the
  other, Idempotency-Keys hold across nodes, and a hold expires exactly once although every node sweeps;
- /readyz reports each database, and migrate is idempotent on PostgreSQL too."""
import subprocess
import threading
import time
import unittest

from jw import PG_OWNER_URL, PSQL, ROLE_PASSWORDS, Server, adults, drop_databases, pg_url, postgres_env, today_plus, JETWAY_BIN

ROLE_PASSWORD = {"public": ROLE_PASSWORDS["JETWAY_DATABASE_PUBLIC_PASSWORD"],
                 "admin": ROLE_PASSWORDS["JETWAY_DATABASE_ADMIN_PASSWORD"],
                 "agent": ROLE_PASSWORDS["JETWAY_DATABASE_AGENT_PASSWORD"]}


def psql(url, sql):
    result = subprocess.run([PSQL, url, "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout.strip(), result.stderr.strip()


@unittest.skipUnless(PG_OWNER_URL, "PostgreSQL only")
class PrivilegesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(demo=True)  # migrated and loaded by the owner; no need to serve
        cls.prefix = cls.server.pg_prefix
        # One staff user, as the back office would create it.
        code, _, err = psql(pg_url(f"{cls.prefix}_mgmt"),
                            "INSERT INTO staff_roles (name, permissions, builtin, created_at) "
                            "VALUES ('tester', 'bookings.read', 0, 0) ON CONFLICT DO NOTHING; "
                            "INSERT INTO staff_users (email, display_name, password_hash, role, created_at, updated_at) "
                            "VALUES ('ops@example.com', 'Ops', '$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA', "
                            "'tester', 0, 0); "
                            "INSERT INTO audit_log (seq, at, actor, client, action, target, state_before, state_after, "
                            "prev_hash, hash) VALUES (1, 0, 'ops@example.com', '127.0.0.1', 'test', 'row', '', '', "
                            "repeat('0', 64), repeat('a', 64))")
        assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def as_role(self, role, database, sql):
        return psql(pg_url(f"{self.prefix}_{database}", f"jetway_{role}", ROLE_PASSWORD[role]), sql)

    def assertDenied(self, role, database, sql):
        code, out, err = self.as_role(role, database, sql)
        self.assertNotEqual(code, 0, f"{role} may run on {database}: {sql} -> {out}")
        self.assertIn("permission denied", err, f"{role} on {database}: {sql}")

    def assertAllowed(self, role, database, sql):
        code, out, err = self.as_role(role, database, sql)
        self.assertEqual(code, 0, f"{role} may not run on {database}: {sql}: {err}")
        return out

    def test_public_role_cannot_read_staff_or_change_fares(self):
        self.assertDenied("public", "mgmt", "SELECT * FROM staff_users")
        self.assertDenied("public", "mgmt", "SELECT password_hash FROM staff_users WHERE email = 'ops@example.com'")
        self.assertDenied("public", "mgmt", "SELECT * FROM staff_sessions")
        self.assertDenied("public", "mgmt", "SELECT * FROM audit_log")
        self.assertDenied("public", "mgmt", "INSERT INTO audit_log (seq) VALUES (2)")
        self.assertDenied("public", "mgmt", "UPDATE system_settings SET value = 'x'")
        self.assertDenied("public", "data", "UPDATE fares SET amount = 1")
        self.assertDenied("public", "data", "INSERT INTO schedules (airline) VALUES ('X9')")
        self.assertDenied("public", "data", "DELETE FROM bookings")
        self.assertDenied("public", "data", "UPDATE flight_classes SET authorized = 999")
        self.assertDenied("public", "data", "UPDATE flight_cabins SET capacity = 999")
        self.assertDenied("public", "web", "UPDATE site_settings SET value = 'x'")

    def test_public_role_can_sell(self):
        self.assertEqual(self.assertAllowed("public", "data", "SELECT COUNT(*) > 1000 FROM flights"), "t")
        self.assertAllowed("public", "data", "SELECT * FROM fares LIMIT 1")
        self.assertAllowed("public", "data", "UPDATE flight_classes SET held = held WHERE flight_id = -1")
        self.assertAllowed("public", "data", "UPDATE bookings SET updated_at = updated_at WHERE id = -1")
        self.assertAllowed("public", "web", "SELECT * FROM pages")

    def test_agent_role_books_but_cannot_change_fares_or_schedules(self):
        self.assertDenied("agent", "data", "UPDATE fares SET amount = 1")
        self.assertDenied("agent", "data", "INSERT INTO fares (airline) VALUES ('X9')")
        self.assertDenied("agent", "data", "UPDATE schedules SET valid_to = valid_from")
        self.assertDenied("agent", "data", "UPDATE flights SET status = 'CANCELLED'")
        self.assertDenied("agent", "mgmt", "SELECT * FROM staff_users")
        self.assertDenied("agent", "web", "DELETE FROM pages")
        self.assertAllowed("agent", "data", "SELECT COUNT(*) FROM bookings")
        self.assertAllowed("agent", "data", "UPDATE flight_classes SET sold = sold WHERE flight_id = -1")

    def test_agent_role_sees_only_its_agencys_bookings(self):
        owner = pg_url(f"{self.prefix}_data")
        for locator, agency in (("AGNSEV", 7), ("AGNEIG", 8)):
            code, _, err = psql(owner, "INSERT INTO bookings (locator, airline, status, channel, adults, children, "
                                       "infants, total_amount, currency, created_at, updated_at, agency_id) VALUES "
                                       f"('{locator}', 'X9', 'HELD', 'agent', 1, 0, 0, 10000, 'EUR', 0, 0, {agency}); "
                                       "INSERT INTO payments (booking_id, method, amount, currency, status, created_at) "
                                       f"SELECT id, 'cash', 10000, 'EUR', 'APPROVED', 0 FROM bookings WHERE locator = '{locator}'; "
                                       "INSERT INTO booking_prices (booking_id, pax_type, passengers, fare_each, taxes_each) "
                                       f"SELECT id, 'ADT', 1, 9000, 1000 FROM bookings WHERE locator = '{locator}'")
            self.assertEqual(code, 0, err)
        as_seven = "SET jetway.agency_id = '7'; "
        self.assertEqual(self.assertAllowed("agent", "data", as_seven + "SELECT string_agg(locator, ',') FROM bookings"),
                         "AGNSEV")
        self.assertEqual(self.assertAllowed("agent", "data", as_seven + "SELECT COUNT(*) FROM payments"), "1")
        self.assertEqual(self.assertAllowed("agent", "data", as_seven + "SELECT COUNT(*) FROM booking_prices"), "1")
        self.assertEqual(self.assertAllowed("agent", "data", "SELECT COUNT(*) FROM booking_prices"), "0")
        self.assertEqual(self.assertAllowed("agent", "data", as_seven + "UPDATE bookings SET status = 'CANCELLED' "
                                                                         "WHERE locator = 'AGNEIG' RETURNING id"), "")
        code, _, err = self.as_role("agent", "data", as_seven + "INSERT INTO bookings (locator, airline, status, "
                                    "channel, adults, children, infants, total_amount, currency, created_at, "
                                    "updated_at, agency_id) VALUES ('AGNXXX', 'X9', 'HELD', 'agent', 1, 0, 0, 1, 'EUR', "
                                    "0, 0, 8)")
        self.assertNotEqual(code, 0)
        self.assertIn("row-level security", err)
        # No agency named: no bookings at all. The public and admin roles see both.
        self.assertEqual(self.assertAllowed("agent", "data", "SELECT COUNT(*) FROM bookings"), "0")
        for role in ("public", "admin"):
            self.assertEqual(self.assertAllowed(role, "data", "SELECT COUNT(*) FROM bookings WHERE locator LIKE 'AGN%'"),
                             "2")
        self.assertEqual(psql(owner, "SELECT status FROM bookings WHERE locator = 'AGNEIG'")[1], "HELD")

    def test_agent_role_sees_only_its_agencys_idempotency_keys_and_mail(self):
        owner = pg_url(f"{self.prefix}_data")
        for agency in (7, 8, "NULL"):
            code, _, err = psql(owner, "INSERT INTO idempotency_keys (key, request_hash, status, response, created_at, "
                                       f"agency_id) VALUES ('agent:x|hold:{agency}', 'h', 201, 'AGNKEY', 0, {agency}); "
                                       "INSERT INTO mail_outbox (kind, reference, recipient, language, status, attempts, "
                                       "next_attempt_at, created_at, agency_id) VALUES ('booking_confirmation', "
                                       f"'AGNKEY', 'x@example.com', 'en', 'pending', 0, 0, 0, {agency})")
            self.assertEqual(code, 0, err)
        as_seven = "SET jetway.agency_id = '7'; "
        for table in ("idempotency_keys", "mail_outbox"):
            self.assertEqual(self.assertAllowed("agent", "data", as_seven + f"SELECT string_agg(agency_id::text, ',') "
                                                                             f"FROM {table}"), "7", table)
            self.assertEqual(self.assertAllowed("agent", "data", f"SELECT COUNT(*) FROM {table}"), "0", table)
            if table == "mail_outbox":  # the agent may change its own agency's messages only (keys not at all)
                self.assertEqual(self.assertAllowed("agent", "data", as_seven + "UPDATE mail_outbox SET created_at = 1 "
                                                                                 "WHERE agency_id = 8 RETURNING 1"), "")
            code, _, err = self.as_role("agent", "data", as_seven + f"INSERT INTO {table} SELECT * FROM {table} LIMIT 0; "
                                        + ("INSERT INTO idempotency_keys (key, request_hash, status, response, created_at, "
                                           "agency_id) VALUES ('agent:y|hold', 'h', 201, 'X', 0, 8)" if table ==
                                           "idempotency_keys" else
                                           "INSERT INTO mail_outbox (kind, reference, recipient, language, status, "
                                           "attempts, next_attempt_at, created_at, agency_id) VALUES ('k', 'r', 'x@y.z', "
                                           "'en', 'pending', 0, 0, 0, 8)"))
            self.assertNotEqual(code, 0, table)
            self.assertIn("row-level security", err)
            for role in ("public", "admin"):
                self.assertEqual(self.assertAllowed(role, "data", f"SELECT COUNT(*) FROM {table} WHERE "
                                                                  "agency_id IS NOT NULL OR created_at = 0"), "3")

    def test_agent_role_sees_and_charges_only_its_agencys_account(self):
        owner = pg_url(f"{self.prefix}_data")
        for agency in (7, 8):
            code, _, err = psql(owner, "INSERT INTO agency_accounts (agency_id, currency, credit_limit, balance, "
                                       f"created_at, updated_at) VALUES ({agency}, 'EUR', 100000, -500, 0, 0); "
                                       "INSERT INTO agency_ledger (agency_id, at, kind, amount, currency, balance_after, "
                                       f"locator, reference, actor, note) VALUES ({agency}, 0, 'booking', -500, 'EUR', "
                                       "-500, 'AGNONE', '', 'agent:x', '')")
            self.assertEqual(code, 0, err)
        as_seven = "SET jetway.agency_id = '7'; "
        self.assertEqual(self.assertAllowed("agent", "data", as_seven + "SELECT string_agg(agency_id::text, ',') "
                                                                         "FROM agency_accounts"), "7")
        self.assertEqual(self.assertAllowed("agent", "data", as_seven + "SELECT COUNT(*) FROM agency_ledger"), "1")
        self.assertEqual(self.assertAllowed("agent", "data", "SELECT COUNT(*) FROM agency_ledger"), "0")
        # A charge moves its own balance; another agency's is out of reach, and the limit is not the agent's to set.
        self.assertEqual(self.assertAllowed("agent", "data", as_seven + "UPDATE agency_accounts SET balance = balance "
                                                                         "- 1 WHERE agency_id = 8 RETURNING 1"), "")
        self.assertDenied("agent", "data", as_seven + "UPDATE agency_accounts SET credit_limit = 999999999")
        code, _, err = self.as_role("agent", "data", as_seven + "INSERT INTO agency_ledger (agency_id, at, kind, "
                                    "amount, currency, balance_after, locator, reference, actor, note) VALUES (8, 0, "
                                    "'deposit', 100, 'EUR', 100, '', '', 'agent:x', '')")
        self.assertNotEqual(code, 0)
        self.assertIn("row-level security", err)
        self.assertDenied("agent", "data", as_seven + "DELETE FROM agency_ledger")
        # Whoever cancels an agency's booking (a passenger on the booking site too) credits its account back; no
        # application role may change the limit or remove a row.
        self.assertEqual(self.assertAllowed("public", "data", "SELECT COUNT(*) FROM agency_ledger"), "2")
        self.assertAllowed("public", "data", "UPDATE agency_accounts SET balance = balance WHERE agency_id = 8")
        for role in ("public", "agent"):
            self.assertDenied(role, "data", "UPDATE agency_accounts SET credit_limit = 1")
            self.assertDenied(role, "data", "DELETE FROM agency_ledger")
        self.assertEqual(psql(owner, "SELECT string_agg(balance::text, ',' ORDER BY agency_id) FROM agency_accounts")[1],
                         "-500,-500")

    def test_no_application_role_may_change_or_remove_an_audit_row(self):
        for role in ("public", "admin", "agent"):
            for sql in ("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1",
                        "DELETE FROM audit_log WHERE seq = 1", "TRUNCATE audit_log"):
                self.assertDenied(role, "mgmt", sql)
        self.assertEqual(psql(pg_url(f"{self.prefix}_mgmt"), "SELECT actor FROM audit_log WHERE seq = 1")[1],
                         "ops@example.com")
        # The back office and the agent portal append (the agent portal without reading the log).
        self.assertAllowed("admin", "mgmt", "SELECT seq, hash FROM audit_head")
        self.assertAllowed("agent", "mgmt", "UPDATE audit_head SET seq = seq WHERE id = 1")
        self.assertDenied("agent", "mgmt", "SELECT * FROM audit_log")

    def test_admin_role_runs_the_back_office(self):
        self.assertEqual(self.assertAllowed("admin", "mgmt", "SELECT email FROM staff_users"), "ops@example.com")
        self.assertAllowed("admin", "data", "UPDATE fares SET amount = amount WHERE id = -1")
        self.assertAllowed("admin", "data", "UPDATE flight_classes SET authorized = authorized WHERE flight_id = -1")
        self.assertAllowed("admin", "web", "UPDATE site_settings SET value = value WHERE key = 'none'")
        self.assertAllowed("admin", "mgmt", "SELECT COUNT(*) FROM audit_log")

    def test_roles_need_their_password(self):
        code, _, err = psql(pg_url(f"{self.prefix}_data", "jetway_public", "wrong"), "SELECT 1")
        self.assertNotEqual(code, 0)
        self.assertIn("password authentication failed", err)

    def test_serve_refuses_an_unmigrated_database(self):
        prefix = "jw_unmigrated"
        env = {**self.server.env, **{f"JETWAY_DATABASE_{db.upper()}": pg_url(f"{prefix}_{db}") for db in ("data", "web", "mgmt")}}
        for db in ("data", "web", "mgmt"):
            psql(pg_url("postgres"), f'CREATE DATABASE "{prefix}_{db}"')
        try:
            result = subprocess.run([JETWAY_BIN, "serve", "--listen", "127.0.0.1:0"], env=env, capture_output=True,
                                    text=True, timeout=60)
            self.assertEqual(result.returncode, 1)
            self.assertIn("run `jetway migrate` as the database owner first", result.stderr)
        finally:
            for db in ("data", "web", "mgmt"):
                psql(pg_url("postgres"), f'DROP DATABASE IF EXISTS "{prefix}_{db}" WITH (FORCE)')

    def test_migrate_is_idempotent_and_keeps_grants(self):
        for _ in range(2):
            result = subprocess.run([JETWAY_BIN, "migrate", "--data-dir", self.server.data_dir], env=self.server.env,
                                    capture_output=True, text=True, timeout=120)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn('"applied":0', result.stderr)
        for database in ("data", "web", "mgmt"):
            versions = psql(pg_url(f"{self.prefix}_{database}"), "SELECT string_agg(version::text, ',' ORDER BY version) "
                                                                 "FROM schema_migrations")[1]
            self.assertRegex(versions, r"^1(,\d+)*$", database)
        self.assertDenied("public", "mgmt", "SELECT * FROM staff_users")


@unittest.skipUnless(PG_OWNER_URL, "PostgreSQL only")
class RolePasswordsTest(unittest.TestCase):
    """`jetway migrate` (and `demo`) set the login roles' passwords and grants; the owner's other commands only when
    they applied a migration, as on fresh databases. Roles of their own (a role prefix of this test's): the test
    roles are the cluster's, shared by the tests running beside this one."""

    def setUp(self):
        import os
        import tempfile
        self.prefix = f"jwpw{os.getpid()}"
        self.data_dir = tempfile.mkdtemp(prefix="jetway-roles-")
        self.env = {**os.environ, **postgres_env(self.prefix), "JETWAY_DATABASE_ROLE_PREFIX": self.prefix,
                    "JETWAY_DATABASE_PUBLIC_PASSWORD": "first-secret"}

    def tearDown(self):
        import shutil
        drop_databases(self.prefix)
        for role in ("public", "admin", "agent"):
            psql(pg_url("postgres"), f'DROP ROLE IF EXISTS "{self.prefix}_{role}"')
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def jetway(self, *args):
        done = subprocess.run([JETWAY_BIN, *args, "--data-dir", self.data_dir], env=self.env, capture_output=True,
                              text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        return done

    def logs_in(self, password):
        code, out, err = psql(pg_url(f"{self.prefix}_data", f"{self.prefix}_public", password),
                              "SELECT COUNT(*) FROM airports")
        return code == 0 and int(out) > 0

    def test_a_first_command_on_fresh_databases_creates_the_roles_and_their_grants(self):
        self.jetway("audit", "verify")
        self.assertTrue(self.logs_in("first-secret"))

    def test_a_changed_password_takes_effect_at_migrate_and_not_at_the_other_commands(self):
        self.jetway("migrate")
        self.env["JETWAY_DATABASE_PUBLIC_PASSWORD"] = "second-secret"
        self.jetway("audit", "verify")
        self.assertTrue(self.logs_in("first-secret"))
        self.assertFalse(self.logs_in("second-secret"))
        self.jetway("migrate")
        self.assertTrue(self.logs_in("second-secret"))
        self.assertFalse(self.logs_in("first-secret"))


@unittest.skipUnless(PG_OWNER_URL, "PostgreSQL only: scripts/test.sh's second pass")
class ConcurrentCommandsTest(unittest.TestCase):
    def test_eight_migrations_at_once_on_one_cluster_all_succeed(self):
        """`jetway migrate` sets the passwords of the cluster's shared login roles (and so does any command that
        applies a migration); two at once used to fail with "tuple concurrently updated" (a migrate beside a
        `user add`, or two deployments on one cluster)."""
        import concurrent.futures
        import os
        import tempfile

        def migrate(i):
            env = dict(os.environ, **postgres_env(f"jwconc{i}_"))
            with tempfile.TemporaryDirectory() as data_dir:
                done = subprocess.run([JETWAY_BIN, "migrate", "--data-dir", data_dir], env=env, capture_output=True,
                                      text=True, timeout=120)
            return done.returncode, done.stderr[-500:]

        try:
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                results = list(pool.map(migrate, range(8)))
        finally:
            for i in range(8):
                drop_databases(f"jwconc{i}_")
        self.assertEqual([rc for rc, _ in results], [0] * 8, [err for rc, err in results if rc])


@unittest.skipUnless(PG_OWNER_URL, "PostgreSQL only")
class TwoNodesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Two internet-facing nodes, as in production: the public application only.
        env = {"JETWAY_HOLD_SECONDS": "3", "JETWAY_EXPIRY_INTERVAL_MS": "100", "JETWAY_APPS": "public"}
        cls.a = Server(env=env).start()
        shared = {k: v for k, v in cls.a.env.items() if k.startswith("JETWAY_DATABASE_")}
        cls.b = Server(env={**env, **shared}, demo=False).start()
        status, body, _ = cls.a.search("CPH", "HAM", today_plus(45))
        assert status == 200, body
        cls.flight_id = body["outbound"][0]["segments"][0]["flight_id"]

    @classmethod
    def tearDownClass(cls):
        cls.b.close()
        cls.a.close()

    def counts(self, booking_class):
        """The class's seat counters, read by the database's owner: these public-only nodes have no back office."""
        out = psql(pg_url(f"{self.a.pg_prefix}_data"),
                   "SELECT authorized, sold, held FROM flight_classes "
                   f"WHERE flight_id = {int(self.flight_id)} AND booking_class = '{booking_class}'")[1]
        authorized, sold, held = (int(v) for v in out.split("|"))
        return {"authorized": authorized, "sold": sold, "held": held}

    def segment(self):
        return [{"flight_id": self.flight_id, "booking_class": "Y"}]

    def test_hold_on_one_node_confirm_on_the_other(self):
        status, held, _ = self.a.hold(self.segment(), adults=2)
        self.assertEqual(status, 201, held)
        status, confirmed, _ = self.b.confirm(held["locator"], adults(2))
        self.assertEqual(status, 200, confirmed)
        self.assertEqual(confirmed["status"], "CONFIRMED")
        status, seen, _ = self.a.request("GET", f"/api/v1/bookings/{held['locator']}?last_name=Hansen")
        self.assertEqual((status, seen["status"]), (200, "CONFIRMED"))

    def test_idempotency_key_holds_across_nodes(self):
        first = self.a.hold(self.segment(), key="two-nodes-1")
        again = self.b.hold(self.segment(), key="two-nodes-1")
        self.assertEqual((first[0], again[0]), (201, 201))
        self.assertEqual(first[1]["locator"], again[1]["locator"])
        self.assertEqual(again[2].get("Idempotent-Replayed"), "true")
        # The same key sent to both nodes at the same moment still makes one booking.
        before = self.counts("Y")["held"]
        results = []
        barrier = threading.Barrier(8)

        def send(node):
            barrier.wait()
            results.append(node.hold(self.segment(), key="two-nodes-race"))

        threads = [threading.Thread(target=send, args=(node,)) for node in [self.a, self.b] * 4]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual({r[0] for r in results}, {201}, [r[1] for r in results])
        self.assertEqual(len({r[1]["locator"] for r in results}), 1)
        self.assertEqual(self.counts("Y")["held"], before + 1)

    def test_hold_expires_exactly_once(self):
        before = self.counts("Y")
        status, held, _ = self.b.hold(self.segment(), adults=3)
        self.assertEqual(status, 201, held)
        locator = held["locator"]
        deadline = time.time() + 20
        while time.time() < deadline:
            booking = self.a.request("GET", f"/api/v1/bookings/{locator}")[1]
            if booking["status"] == "EXPIRED":
                break
            time.sleep(0.2)
        self.assertEqual(booking["status"], "EXPIRED")
        time.sleep(0.5)  # both sweepers run several more times
        booking = self.b.request("GET", f"/api/v1/bookings/{locator}")[1]
        self.assertEqual([h["action"] for h in booking["history"]].count("EXPIRE"), 1, booking["history"])
        after = self.counts("Y")
        self.assertEqual(after["held"], before["held"])  # its 3 seats came back once, not twice

    def test_each_application_logs_in_with_its_own_role(self):
        def logins():
            return set(psql(pg_url("postgres"), "SELECT DISTINCT usename FROM pg_stat_activity "
                                                f"WHERE starts_with(datname, '{self.a.pg_prefix}')")[1].split())

        self.assertNotIn("jetway_agent", logins())
        self.assertNotIn("jetway_admin", logins())
        shared = {k: v for k, v in self.a.env.items() if k.startswith("JETWAY_DATABASE_")}
        node = Server(env={**shared, "JETWAY_APPS": "admin,agent"}, demo=False).start()  # the back-office node
        try:
            status, body, _ = node.request("GET", "/readyz")
            self.assertEqual(status, 200, body)
            self.assertIn("jetway_agent", logins())
            self.assertIn("jetway_admin", logins())
            # The back-office node does not serve the public booking API.
            self.assertEqual(node.request("GET", "/api/v1/routes")[0], 404)
            # Its own work (hold expiry every 200 ms, errors, the status board) runs as the back office's login:
            # the agent role may do none of it.
            time.sleep(1.5)
            self.assertNotIn("permission denied", node.log())
        finally:
            node.close()
        self.assertEqual(self.a.request("GET", "/api/v1/routes")[0], 200)
        self.assertIn("jetway_public", logins())

    def test_readyz_reports_each_database(self):
        for node in (self.a, self.b):
            status, body, _ = node.request("GET", "/readyz")
            self.assertEqual(status, 200, body)
            self.assertEqual(body, {"status": "ready", "engine": "postgresql",
                                    "databases": {"data": "up", "web": "up", "mgmt": "up"}})


if __name__ == "__main__":
    unittest.main()
