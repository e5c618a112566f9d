"""`jetway backup` while 32 clients hold, confirm and cancel, then `jetway restore` into a fresh directory and a
node started on it: every booking acknowledged before the backup began is there in the state it was acknowledged in,
and in the restored copy every flight's counters equal the sum over its bookings. Also: SHA256SUMS passes
`sha256sum -c`, a damaged backup is refused, and a restore never goes over existing databases."""
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

from jw import JETWAY_BIN, PG_OWNER_URL, Server
from test_concurrency import NAME, Race, RaceCase


def jetway(*args, env=None):
    return subprocess.run([JETWAY_BIN, *args], capture_output=True, text=True, timeout=300, env=env)


@unittest.skipIf(PG_OWNER_URL, "SQLite's backup: PostgreSQL is backed up with pg_basebackup and WAL archiving")
class BackupRestoreTest(RaceCase):
    def setUp(self):
        super().setUp()
        self.work = tempfile.mkdtemp(prefix="jetway-backups-")

    def tearDown(self):
        super().tearDown()
        shutil.rmtree(self.work, ignore_errors=True)

    def test_backup_under_load_restores_every_acknowledged_booking(self):
        self.fill(leave=40)
        # Every booking is cancelled again, so that seats keep flowing before, during and after the backup.
        race = Race(self.nodes, self.flight_id, deadline_s=6, until_deadline=True, clients=32, cancel_share=1.0)
        taken = {}

        def backup():
            time.sleep(2)
            taken["started"] = time.time()
            taken["run"] = jetway("backup", "--data-dir", self.server.data_dir, "--to", self.work)
            taken["ended"] = time.time()

        race.run(during=backup)
        run = taken["run"]
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertLess(taken["ended"], race.deadline, "the backup must run while clients are booking")
        [backup_dir] = [os.path.join(self.work, d) for d in os.listdir(self.work)]
        self.assertTrue([t for t, _, _ in race.acknowledged if taken["started"] < t < taken["ended"]],
                        "nothing was booked while the backup ran")
        print(f"\n  backup under load: {run.stdout.strip()}; {len(race.acknowledged)} acknowledgements, "
              f"{sum(1 for t, _, _ in race.acknowledged if t < taken['started'])} before the backup began")
        checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=backup_dir, capture_output=True, text=True)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)

        restored_dir = os.path.join(self.work, "restored")
        run = jetway("restore", backup_dir, "--data-dir", restored_dir)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assert_counters_equal_bookings(os.path.join(restored_dir, "data.db"))

        # What each booking was last acknowledged as before the backup began, it still is in the restored copy.
        expected = {}
        for when, locator, state in sorted(race.acknowledged):
            if when < taken["started"]:
                expected[locator] = state
        self.assertGreater(len(expected), 10)
        restored = Server(data_dir=restored_dir, demo=False).start()
        try:
            for locator, state in expected.items():
                status, booking, _ = restored.request("GET", f"/api/v1/bookings/{locator}?last_name={NAME}")
                self.assertEqual(status, 200, (locator, booking))
                if state == "CANCELLED":
                    self.assertEqual(booking["status"], "CANCELLED", locator)
                elif state == "CONFIRMED":
                    self.assertIn(booking["status"], ("CONFIRMED", "CANCELLED"), locator)
        finally:
            restored.close()

    def assert_counters_equal_bookings(self, data_db):
        """Across the whole restored database: each class's sold and held counters are its bookings' seats."""
        db = sqlite3.connect(f"file:{data_db}?mode=ro", uri=True)
        try:
            wrong = db.execute("""
                SELECT fc.flight_id, fc.booking_class, fc.sold, fc.held,
                       COALESCE(SUM(CASE WHEN b.status = 'CONFIRMED' THEN s.seats END), 0) AS booked_sold,
                       COALESCE(SUM(CASE WHEN b.status = 'HELD' THEN s.seats END), 0) AS booked_held
                FROM flight_classes fc
                LEFT JOIN booking_segments s ON s.flight_id = fc.flight_id AND s.booking_class = fc.booking_class
                LEFT JOIN bookings b ON b.id = s.booking_id
                GROUP BY fc.flight_id, fc.booking_class
                HAVING fc.sold != booked_sold OR fc.held != booked_held""").fetchall()
            self.assertEqual(wrong, [])
            self.assertGreater(db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0], 10)
        finally:
            db.close()


@unittest.skipIf(PG_OWNER_URL, "SQLite's backup")
class ScheduledBackupTest(unittest.TestCase):
    def test_the_server_backs_up_on_its_interval_and_reports_the_age(self):
        server = Server(env={"JETWAY_BACKUP_INTERVAL_SECONDS": "1"}).start()
        try:
            backups = os.path.join(server.data_dir, "backups")
            def made():  # whole ones: a backup being written has a hidden name until it is
                return sorted(d for d in os.listdir(backups) if d.startswith("jetway-")) if os.path.isdir(backups) else []

            deadline = time.time() + 20
            while time.time() < deadline and len(made()) < 2:
                time.sleep(0.2)
            made = made()
            self.assertGreaterEqual(len(made), 2, server.log()[-2000:])
            for d in made:
                checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=os.path.join(backups, d),
                                         capture_output=True, text=True)
                self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
            # A backup is renamed into place before its line is logged.
            server.wait_for_log('"msg":"backup taken","kind":"daily"')
            server.wait_for_log('"msg":"backup taken","kind":"frequent"')
            status, text, _ = server.office_get("/metrics", signed_in=False)
            self.assertEqual(status, 200)
            figures = dict(line.split(" ", 1) for line in text.splitlines() if line.startswith("jetway_backup"))
            self.assertLessEqual(float(figures["jetway_backup_age_seconds"]), 10, figures)
            self.assertGreater(float(figures["jetway_backup_last_bytes"]), 100000, figures)
            self.assertEqual(figures["jetway_backup_failures_since_success"], "0")
        finally:
            server.close()


@unittest.skipIf(PG_OWNER_URL, "SQLite's backup")
class BackupRefusalsTest(unittest.TestCase):
    def setUp(self):
        self.server = Server()  # demo data, not running
        self.work = tempfile.mkdtemp(prefix="jetway-backups-")

    def tearDown(self):
        self.server.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def backup(self):
        run = jetway("backup", "--data-dir", self.server.data_dir, "--to", self.work)
        self.assertEqual(run.returncode, 0, run.stderr)
        return os.path.join(self.work, os.listdir(self.work)[0])

    def test_damaged_backup_is_refused(self):
        backup_dir = self.backup()
        with open(os.path.join(backup_dir, "data.db"), "r+b") as f:
            f.seek(4096)
            f.write(b"\x00garbage\x00")
        target = os.path.join(self.work, "restored")
        run = jetway("restore", backup_dir, "--data-dir", target)
        self.assertEqual(run.returncode, 1)
        self.assertIn("BACKUP_INVALID", run.stderr)
        self.assertIn("data.db in", run.stderr)
        self.assertIn("does not match its checksum", run.stderr)
        self.assertFalse(os.path.exists(os.path.join(target, "mgmt.db")))

    def test_restore_never_overwrites(self):
        backup_dir = self.backup()
        run = jetway("restore", backup_dir, "--data-dir", self.server.data_dir)
        self.assertEqual(run.returncode, 1)
        self.assertIn("RESTORE_TARGET_NOT_EMPTY", run.stderr)

    def test_no_databases_no_backup(self):
        run = jetway("backup", "--data-dir", os.path.join(self.work, "empty"), "--to", self.work)
        self.assertEqual(run.returncode, 1)
        self.assertIn("BACKUP_FAILED", run.stderr)
        self.assertEqual(os.listdir(self.work), [])  # nothing half-made left behind


if __name__ == "__main__":
    unittest.main()
