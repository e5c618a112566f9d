"""Automatic failover: Patroni and etcd, configured by deploy/patroni/, with no acknowledged booking lost (RPO 0).

Two PostgreSQL nodes under Patroni (synchronous mode) and one etcd member on 127.0.0.1; jetway's database URLs name
both nodes (target_session_attrs=read-write). 32 clients hold, confirm and cancel; the primary's machine dies
(SIGKILL to Patroni and to every PostgreSQL process). Nobody promotes anything: when the dead leader's key expires,
Patroni promotes the synchronous standby, and jetway finds it. Meanwhile jetway answers 503 with Retry-After, never
500. Every acknowledged booking is then on the new primary in the state it was acknowledged in, and the RTO (kill to
the first new booking) is printed. Then the dead node's Patroni is started again: it rewinds the old primary into the
new one's synchronous standby, and a booking acknowledged then is on both nodes at once."""
import time
import unittest

from jw import PG_OWNER_URL
from patroni_cluster import TIMING, PatroniCluster, available
from test_concurrency import Race
from test_failover import ClusterCase


@unittest.skipUnless(PG_OWNER_URL and available(),
                     "PostgreSQL with Patroni and etcd: scripts/test.sh's second pass (setup installs them)")
class PatroniFailoverTest(ClusterCase):
    prefix = "jw_patroni"

    def make_cluster(self):
        cluster = PatroniCluster()
        try:
            return cluster.start()
        except Exception:
            cluster.close()
            raise

    def test_patroni_promotes_the_synchronous_standby_and_the_old_primary_rejoins(self):
        old, new = self.cluster.nodes
        self.assertEqual(self.cluster.members(), {"pg1": "leader", "pg2": "sync_standby"})
        self.fill(leave=40)
        race = Race(self.nodes, self.flight_id, deadline_s=TIMING["ttl"] + 10, until_deadline=True, clients=32,
                    cancel_share=1.0)
        events = {}

        def crash_and_watch():
            time.sleep(3)
            old.kill()
            events["killed"] = time.time()
            self.cluster.wait_role(new, "primary", TIMING["ttl"] * 3)
            events["promoted"] = time.time()

        race.run(during=crash_and_watch)
        killed = events["killed"]
        after = [t for t in race.created_at if t > events["promoted"]]
        self.assertTrue(after, "no booking was made after the failover")
        outage = [t for t in race.unavailable_at if t >= killed]
        print(f"\n  patroni: promoted {events['promoted'] - killed:.2f} s after the kill (ttl {TIMING['ttl']} s, "
              f"loop_wait {TIMING['loop_wait']} s); RTO {after[0] - killed:.2f} s (kill to the first new booking); "
              f"503 answered {len(race.unavailable_at)} times, the last "
              f"{(max(outage) - killed) if outage else 0:.2f} s after the kill")
        self.assertGreater(race.statuses[503], 0, "no request met the missing primary")
        self.assertNotIn('"status":500', self.server.log())
        self.assertEqual(self.server.request("GET", "/readyz")[0], 200)
        self.verify(race)  # RPO 0: every acknowledged hold, confirmation and cancellation is there

        # The dead node comes back: Patroni rewinds it into the new primary's synchronous standby.
        old.start()
        self.cluster.wait_synchronous(old, 120)
        self.assertEqual(self.cluster.members(), {"pg1": "sync_standby", "pg2": "leader"})
        status, held, _ = self.server.hold([{"flight_id": self.flight_id, "booking_class": "Y"}], adults=1)
        self.assertEqual(status, 201, held)
        self.assertEqual(self.cluster.sql(old, "jw_patroni_data",
                                          f"SELECT status FROM bookings WHERE locator = '{held['locator']}'"), "HELD")


if __name__ == "__main__":
    unittest.main()
