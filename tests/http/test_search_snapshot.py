"""The node's search snapshot against the real binary on the engine under test: a change the node commits (a hold
through API v1, the back office closing a class) is in its very next search; a change another writer commits
straight to the database (another node, a script) reaches the node's searches through the change feed, and how long
that took is printed; what a search showed before the feed told the node is refused by a hold (409), so nothing is
oversold; and a catalogue change (a flight cancelled elsewhere) drops the flight from searches."""
import os
import sqlite3
import time
import unittest

from jw import Server, class_counts, psql, today_plus

REVENUE = ("revenue@example.com", "yield management all day")
# Long enough for any machine to have followed the feed (every 5 ms), short of a hung test.
FEED_DEADLINE_SECONDS = 20


class SearchSnapshotTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True)
        cls.server.add_staff(*REVENUE[:1], "revenue", REVENUE[1])
        cls.server.start()
        cls.revenue = cls.server.office_browser(*REVENUE)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def journey(self, days_ahead, index=0):
        status, body, _ = self.server.search("CPH", "HAM", today_plus(days_ahead))
        self.assertEqual(status, 200, body)
        return body["outbound"][index]

    def seats(self, days_ahead, klass, index=0):
        """Seats the search shows for `klass` on the day's flight (0: not offered)."""
        offers = self.journey(days_ahead, index)["offers"]
        return next((o["seats_available"] for o in offers if o["booking_class"] == klass), 0)

    def flight_id(self, days_ahead, index=0):
        return self.journey(days_ahead, index)["segments"][0]["flight_id"]

    def elsewhere(self, sql):
        """Commits `sql` to the data database as another writer would (not through this node)."""
        if self.server.pg_prefix:
            psql(sql, f"{self.server.pg_prefix}_data")
            return
        db = sqlite3.connect(os.path.join(self.server.data_dir, "data.db"), timeout=30)
        try:
            db.execute(sql)
            db.commit()
        finally:
            db.close()

    def until(self, seen):
        """Seconds until `seen()` is true, searching again every 10 ms (fails after the deadline)."""
        started = time.monotonic()
        while not seen():
            self.assertLess(time.monotonic() - started, FEED_DEADLINE_SECONDS, "the feed never reached the search")
            time.sleep(0.01)
        return time.monotonic() - started

    def hold(self, flight_id, klass, adults):
        status, body, _ = self.server.hold([{"flight_id": flight_id, "booking_class": klass}], adults=adults)
        self.assertEqual(status, 201, body)

    def test_this_nodes_hold_and_its_back_offices_closing_are_in_the_next_search(self):
        flight_id = self.flight_id(15)
        self.assertGreater(self.seats(15, "M"), 0)  # now held in the snapshot
        # Below the nine a search shows at most, so that every seat held shows.
        while (available := class_counts(self.server.inventory(flight_id), "M")["available"]) > 9:
            self.hold(flight_id, "M", min(9, available - 9))
        self.assertEqual(self.seats(15, "M"), available)
        self.hold(flight_id, "M", 2)
        self.assertEqual(self.seats(15, "M"), available - 2)  # no wait: this node committed it

        page = self.revenue.get(f"/flights/{flight_id}")
        self.assertEqual(page.status, 200, page.body[:300])
        closed = self.revenue.submit(page.form(f"/flights/{flight_id}/cabins/Y"), closed_M="1")
        self.assertEqual(closed.status, 303, closed.body[:500])
        self.assertEqual(self.seats(15, "M"), 0)  # the back office's pool counts for the node too

    def test_another_writers_change_arrives_through_the_feed_and_a_hold_counts_again(self):
        flight_id = self.flight_id(16)
        self.assertGreater(self.seats(16, "H"), 0)  # now held in the snapshot
        self.elsewhere(f"UPDATE flight_classes SET closed = 1 WHERE flight_id = {flight_id} AND booking_class = 'H'")
        # Whatever a search shows meanwhile, a hold counts in its own transaction.
        status, body, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "H"}], adults=1)
        self.assertEqual(status, 409, body)
        self.assertEqual(body["error"]["code"], "SEATS_UNAVAILABLE")
        took = self.until(lambda: self.seats(16, "H") == 0)
        print(f"\n    a change committed by another writer was in the search after {took * 1000:.0f} ms")

    def test_a_flight_cancelled_elsewhere_leaves_the_searches(self):
        journeys = len(self.server.search("CPH", "HAM", today_plus(17))[1]["outbound"])
        flight_id = self.flight_id(17)
        self.elsewhere(f"UPDATE flights SET status = 'CANCELLED' WHERE id = {flight_id}")
        self.until(lambda: len(self.server.search("CPH", "HAM", today_plus(17))[1]["outbound"]) == journeys - 1)
        remaining = self.server.search("CPH", "HAM", today_plus(17))[1]["outbound"]
        self.assertNotIn(flight_id, [j["segments"][0]["flight_id"] for j in remaining])


if __name__ == "__main__":
    unittest.main()
