"""Point-in-time recovery of PostgreSQL (deploy/postgresql: the daily base backup and the continuous WAL archive):
booking A is confirmed, a moment is noted, booking B is confirmed; the databases recovered to that moment have
exactly A. The next daily backup removes the ones past their keeping time, and the WAL only they needed."""
import os
import re
import time
import unittest

from jw import PG_OWNER_URL, ROLE_PASSWORDS, Server, adults, today_plus
from pg_pair import PgPair


@unittest.skipUnless(PG_OWNER_URL, "PostgreSQL only: scripts/test.sh's second pass (it has the server installed)")
class PointInTimeRecoveryTest(unittest.TestCase):
    def setUp(self):
        self.pair = PgPair().start(standby=False)
        env = {f"JETWAY_DATABASE_{db.upper()}": self.pair.url(f"jw_pitr_{db}") for db in ("data", "web", "mgmt")}
        env.update(ROLE_PASSWORDS)
        self.server = Server(env=env).start()

    def tearDown(self):
        self.server.close()
        self.pair.close()

    def book(self, flight_id, last_name):
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "Y"}], adults=1)
        self.assertEqual(status, 201, held)
        status, confirmed, _ = self.server.confirm(held["locator"], adults(1, last=last_name))
        self.assertEqual(status, 200, confirmed)
        return held["locator"]

    def test_recovery_to_a_moment_between_two_bookings_has_exactly_the_first(self):
        status, body, _ = self.server.search("CPH", "BGO", today_plus(45))
        self.assertEqual(status, 200, body)
        flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        [base] = self.pair.daily_basebackup()
        first = self.book(flight_id, "Before")
        time.sleep(0.5)
        moment = self.pair.sql(self.pair.primary, "postgres", "SELECT now()")
        time.sleep(0.5)
        second = self.book(flight_id, "After")
        self.pair.archived()
        # The WAL archive is this cluster's continuous backup: its age is in the metrics.
        status, text, _ = self.server.office_get("/metrics", signed_in=False)
        self.assertEqual(status, 200)
        figures = dict(line.split(" ", 1) for line in text.splitlines() if line.startswith("jetway_backup"))
        self.assertLessEqual(float(figures["jetway_backup_age_seconds"]), 30, figures)
        self.assertEqual(figures["jetway_backup_failures_since_success"], "0")
        started = time.time()
        node = self.pair.recover(base, moment)
        took = time.time() - started
        rows = self.pair.sql(node, "jw_pitr_data", "SELECT locator || ' ' || status FROM bookings ORDER BY locator")
        print(f"\n  point-in-time recovery to {moment}: {took:.2f} s; bookings there: {rows.splitlines()}")
        self.assertIn(f"{first} CONFIRMED", rows.splitlines())
        self.assertNotIn(second, rows)

        # The next day's backup, keeping none older: the first goes, and the archive keeps only what the second
        # needs.
        segments = self.pair.archive_segments()
        time.sleep(1)  # its own name, a second later
        [kept] = self.pair.daily_basebackup(keep_days=0)
        self.assertNotEqual(kept, base)
        with open(os.path.join(kept, "backup_label")) as f:
            start = re.search(r"\(file ([0-9A-F]{24})\)", f.read()).group(1)
        left = self.pair.archive_segments()
        self.assertLess(len(left), len(segments))
        self.assertTrue(all(segment >= start for segment in left), (start, left))


if __name__ == "__main__":
    unittest.main()
