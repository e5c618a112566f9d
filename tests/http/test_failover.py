"""Failover with no acknowledged booking lost (RPO 0), on a PostgreSQL primary and synchronous hot standby made by
deploy/postgresql/pg_node.sh. jetway's database URLs name both nodes (target_session_attrs=read-write).

32 clients hold, confirm and cancel; the primary's machine dies (SIGKILL to every PostgreSQL process); the standby
is promoted a second later. Meanwhile jetway answers 503 with Retry-After, never 500; it finds the new primary by
itself. Afterwards every booking acknowledged before, during or after is on the new primary in the state it was
acknowledged in, and the inventory counters equal the bookings. The RTO (from the kill to the first booking made
after it) is printed. Then the old primary rejoins as the new standby (pg_rewind) and replication resumes: a booking
made then is on both nodes the moment it is acknowledged."""
import time
import unittest

from jw import PG_OWNER_URL, ROLE_PASSWORDS, Server, today_plus
from pg_pair import PgPair
from test_monitoring import AlertMail
from test_concurrency import Race, RaceCase


class ClusterCase(RaceCase):
    """One jetway node on databases (named `<prefix>_data` and so on) on a cluster of several PostgreSQL nodes, its
    URLs naming them all, and a flight to race for."""
    prefix = "jw_failover"

    def make_cluster(self):
        raise NotImplementedError

    def setUp(self):
        self.cluster = self.make_cluster()
        self.addCleanup(self.cluster.close)
        env = {f"JETWAY_DATABASE_{db.upper()}": self.cluster.url(f"{self.prefix}_{db}") for db in ("data", "web", "mgmt")}
        env.update(ROLE_PASSWORDS)
        env.update({"JETWAY_HOLD_SECONDS": "900"})
        self.server = Server(env=env).start()
        self.nodes = [self.server]
        status, body, _ = self.server.search("CPH", "BGO", today_plus(60))
        self.assertEqual(status, 200, body)
        self.flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        self.known = set()


@unittest.skipUnless(PG_OWNER_URL, "PostgreSQL only: scripts/test.sh's second pass (it has the server installed)")
class FailoverTest(ClusterCase):
    def make_cluster(self):
        self.pair = PgPair().start()
        return self.pair

    def metrics(self):
        conn = self.server.connection(port=self.server.admin_port)
        try:
            conn.request("GET", "/metrics")
            return conn.getresponse().read().decode()
        finally:
            conn.close()

    def test_primary_dies_standby_takes_over_nothing_acknowledged_is_lost(self):
        self.assertEqual(self.pair.sql(self.pair.primary, "postgres",
                                       "SELECT application_name || ' ' || sync_state FROM pg_stat_replication"),
                         "pg2 quorum")
        # With pg_read_all_stats (pg_node.sh monitor) jetway's role sees the standby and its lag.
        self.pair.script("monitor", self.pair.primary.dir, str(self.pair.primary.port), "jetway_public")
        metrics = self.metrics()
        self.assertIn("jetway_replication_standbys_streaming 1", metrics)
        self.assertRegex(metrics, r'jetway_replication_lag_bytes\{standby="pg2",sync_state="quorum"\} \d+')
        self.assertRegex(metrics, r'jetway_replication_lag_seconds\{standby="pg2",sync_state="quorum"\} [0-9.e-]+')
        self.fill(leave=40)
        # Every booking is cancelled again, so that seats keep flowing before, during and after the failover.
        race = Race(self.nodes, self.flight_id, deadline_s=12, until_deadline=True, clients=32, cancel_share=1.0)
        events = {}

        def failover():
            time.sleep(3)
            self.pair.kill_primary()
            events["killed"] = time.time()
            time.sleep(1)  # the time an operator, or Patroni, takes to decide
            self.pair.promote()
            events["promoted"] = time.time()

        race.run(during=failover)
        killed = events["killed"]
        after = [t for t in race.created_at if t > killed]
        self.assertTrue(after, "no booking was made after the failover")
        outage = [t for t in race.unavailable_at if t >= killed]
        print(f"\n  failover: promote took {events['promoted'] - killed - 1:.2f} s; RTO {after[0] - killed:.2f} s "
              f"(kill to the first new booking); 503 answered {len(race.unavailable_at)} times, the last "
              f"{(max(outage) - killed) if outage else 0:.2f} s after the kill")
        self.assertGreater(race.statuses[503], 0, "no request met the missing primary")
        self.assertNotIn('"status":500', self.server.log())
        self.assertEqual(self.server.request("GET", "/readyz")[0], 200)
        self.verify(race)  # RPO 0: every acknowledged hold, confirmation and cancellation is there

        # The old primary rejoins as the standby; a booking acknowledged now is on it at once (remote_apply).
        self.pair.rejoin()
        self.pair.wait_replaying()
        self.assertEqual(self.pair.sql(self.pair.primary, "postgres",
                                       "SELECT application_name || ' ' || sync_state FROM pg_stat_replication"),
                         "pg1 quorum")
        status, held, _ = self.server.hold([{"flight_id": self.flight_id, "booking_class": "Y"}], adults=1)
        self.assertEqual(status, 201, held)
        on_standby = self.pair.sql(self.pair.standby, "jw_failover_data",
                                   f"SELECT status FROM bookings WHERE locator = '{held['locator']}'")
        self.assertEqual(on_standby, "HELD")
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}")
        self.assertEqual((status, booking["status"]), (200, "HELD"), booking)



@unittest.skipUnless(PG_OWNER_URL, "PostgreSQL only: scripts/test.sh's second pass (it has the server installed)")
class ReadReplicaTest(unittest.TestCase):
    """[database] data_replica: searches read the standby, holds the primary; a replica that goes away leaves the
    searches to the primary."""

    def test_searches_read_the_replica_and_the_primary_when_it_is_gone(self):
        pair = PgPair().start()
        self.addCleanup(pair.close)
        mail = AlertMail()
        self.addCleanup(mail.close)
        env = {f"JETWAY_DATABASE_{db.upper()}": pair.url(f"jw_replica_{db}") for db in ("data", "web", "mgmt")}
        env.update(ROLE_PASSWORDS, **mail.env(), JETWAY_ALERTS_STANDBYS="1",
                   JETWAY_DATABASE_DATA_REPLICA=pair.node_url(pair.standby, "jw_replica_data"))
        server = Server(env=env).start()
        self.addCleanup(server.close)
        pair.script("monitor", pair.primary.dir, str(pair.primary.port), "jetway_public")

        # Rows the standby's backends read in jetway's database (a search reads hundreds; its statistics reach the
        # view within a second or so).
        def rows_read_on_standby():
            return int(pair.sql(pair.standby, "postgres",
                                "SELECT tup_fetched FROM pg_stat_database WHERE datname = 'jw_replica_data'"))
        before = rows_read_on_standby()
        status, body, _ = server.search("CPH", "BGO", today_plus(60))
        self.assertEqual(status, 200, body)
        self.assertTrue(body["outbound"])
        deadline = time.time() + 10
        while rows_read_on_standby() < before + 100 and time.time() < deadline:
            time.sleep(0.2)
        self.assertGreaterEqual(rows_read_on_standby(), before + 100, "the search did not read the replica")
        flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        status, held, _ = server.hold([{"flight_id": flight_id, "booking_class": "Y"}], adults=2)
        self.assertEqual(status, 201, held)
        # The hold was written on the primary and is on the standby too (remote_apply): the next search sees it.
        self.assertEqual(pair.sql(pair.standby, "jw_replica_data",
                                  f"SELECT status FROM bookings WHERE locator = '{held['locator']}'"), "HELD")

        # The standby goes: searches fall back to the primary. Bookings now wait for a standby (until an operator
        # says otherwise), but the alert that says so does not, nor does anything else the node does for itself.
        pair.script("stop", pair.standby.dir)
        for day in (60, 61, 62):
            status, body, _ = server.search("CPH", "BGO", today_plus(day))
            self.assertEqual(status, 200, body)
            self.assertTrue(body["outbound"])
        self.assertNotIn('"status":503', server.log())
        alerts = mail.wait_for("[ALERT] 0 of 1 standbys are streaming", 2)
        self.assertEqual(len(alerts), 2, [m["Subject"] for m in mail.messages()])
        self.assertEqual(server.stop(), 0)  # its last writes do not wait for the standby either


if __name__ == "__main__":
    unittest.main()
