"""No oversell, nothing lost: 64 clients race for the last seats of a flight, also while the server is killed
with SIGKILL and restarted, and (on PostgreSQL) split across two app nodes on one database and while PostgreSQL
itself restarts. Afterwards sold + held never exceed the limits, every acknowledged booking is there, and the
inventory counters equal the sum over the bookings."""
import collections
import os
import random
import re
import subprocess
import threading
import time
import unittest

from ibe_browser import Browser
from jw import PG_OWNER_URL, Server, today_plus

CLIENTS = 64
NAME = "Race"


class Race:
    """64 clients holding and confirming seats on one flight; every request is retried with its Idempotency-Key
    until it gets a definitive answer, so a booking committed just before a crash is still learned about."""

    def __init__(self, servers, flight_id, deadline_s, until_deadline=False, clients=CLIENTS, cancel_share=None):
        self.servers = servers  # client n talks to servers[n % len(servers)]
        self.clients = clients
        self.until_deadline = until_deadline  # keep churning (holds, cancels) until the deadline, e.g. across kills
        # Across kills, seats must keep flowing, so most bookings are cancelled again (confirmed ones too).
        self.confirm_share = 0.6 if until_deadline else 0.7
        self.cancel_share = cancel_share if cancel_share is not None else 0.85 if until_deadline else 0.1
        self.retries = 0
        self.flight_id = flight_id
        self.deadline = time.time() + deadline_s
        self.lock = threading.Lock()
        self.held = set()        # locators acknowledged with 201
        self.confirmed = set()   # locators acknowledged with 200 on confirm
        self.cancelled = set()   # locators acknowledged with 200 on cancel
        self.created_at = []     # when each 201 arrived
        self.acknowledged = []   # (when, locator, "HELD" | "CONFIRMED" | "CANCELLED") for every 2xx
        self.unavailable_at = []  # when each 503 arrived
        self.statuses = collections.Counter()
        self.last_created = 0.0  # when the last 201 arrived
        self.errors = []

    def call(self, fn):
        """Retries through connection failures (a killed server) and 503s (a database restarting) until a
        definitive answer arrives or time is long up; the Idempotency-Key makes each retry safe."""
        give_up = self.deadline + 30
        while True:
            try:
                response = fn()
                if response[0] != 503 or time.time() > give_up:
                    return response
                with self.lock:
                    self.statuses[503] += 1
                    self.unavailable_at.append(time.time())
                    if "retry-after" not in (name.lower() for name in response[2]):
                        self.errors.append(("503 without Retry-After", response[1]))
            except OSError:
                if time.time() > give_up:
                    raise
                with self.lock:
                    self.retries += 1
            time.sleep(0.05)

    def client(self, n):
        server = self.servers[n % len(self.servers)]
        rng = random.Random(n)
        consecutive_full = 0
        i = 0
        while time.time() < self.deadline and (self.until_deadline or consecutive_full < 25):
            i += 1
            seats = rng.randint(1, 3)
            klass = rng.choice(["Y", "B", "M", "H"])
            key = f"race-{n}-{i}"
            status, body, _ = self.call(lambda: server.hold(
                [{"flight_id": self.flight_id, "booking_class": klass}], adults=seats, key=key))
            with self.lock:
                self.statuses[status] += 1
            if status >= 500:
                self.errors.append(("hold", status, body))
                continue
            if status == 409:
                consecutive_full += 1
                if self.until_deadline:
                    time.sleep(0.02)
                continue
            if status != 201:
                self.errors.append(("hold", status, body))
                continue
            consecutive_full = 0
            locator = body["locator"]
            with self.lock:
                self.held.add(locator)
                self.last_created = time.time()
                self.created_at.append(self.last_created)
                self.acknowledged.append((self.last_created, locator, "HELD"))
            if rng.random() < self.confirm_share:
                passengers = [{"title": "MR", "first_name": f"Client{chr(65 + k)}", "last_name": NAME}
                              for k in range(seats)]
                status, body, _ = self.call(lambda: server.confirm(locator, passengers, key=f"pay-{key}"))
                with self.lock:
                    self.statuses[status] += 1
                if status == 200:
                    with self.lock:
                        self.confirmed.add(locator)
                        self.acknowledged.append((time.time(), locator, "CONFIRMED"))
                elif status >= 500:
                    self.errors.append(("confirm", status, body))
            if rng.random() < self.cancel_share:
                status, body, _ = self.call(lambda: server.request(
                    "POST", f"/api/v1/bookings/{locator}/cancel", {"last_name": NAME}))
                with self.lock:
                    self.statuses[f"cancel {status}"] += 1
                    if status == 200:
                        self.cancelled.add(locator)
                        self.acknowledged.append((time.time(), locator, "CANCELLED"))
                if status >= 500:
                    self.errors.append(("cancel", status, body))

    def run(self, during=None):
        threads = [threading.Thread(target=self.client, args=(n,)) for n in range(self.clients)]
        for t in threads:
            t.start()
        if during:
            during()
        for t in threads:
            t.join()


class RaceCase(unittest.TestCase):
    """One flight raced for. On PostgreSQL a second app node serves the same databases and half the clients."""

    def setUp(self):
        self.server = Server(env={"JETWAY_HOLD_SECONDS": "900", "JETWAY_THREADS": "8"}).start()
        self.nodes = [self.server]
        if PG_OWNER_URL:
            shared = {k: v for k, v in self.server.env.items() if k.startswith("JETWAY_DATABASE_")}
            self.nodes.append(Server(env={**shared, "JETWAY_HOLD_SECONDS": "900", "JETWAY_THREADS": "8"},
                                     demo=False).start())
        # A Dash 8 flight: 66 economy seats with 4% overbooking, so 68 may be sold.
        status, body, _ = self.server.search("CPH", "BGO", today_plus(60))
        self.assertEqual(status, 200, body)
        self.flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        self.known = set()

    def fill(self, leave):
        """Holds seats until only about `leave` are left to race for."""
        while self.economy(self.server.inventory(self.flight_id))["available_total"] > leave:
            status, held, _ = self.server.hold([{"flight_id": self.flight_id, "booking_class": "Y"}], adults=9)
            self.assertEqual(status, 201, held)
            self.known.add(held["locator"])

    def tearDown(self):
        for node in reversed(self.nodes):
            node.close()

    @staticmethod
    def economy(inventory):
        cabin = next(c for c in inventory["cabins"] if c["cabin"] == "Y")
        cabin = dict(cabin)
        cabin["available_total"] = cabin["limit"] - sum(c["sold"] + c["held"] for c in cabin["classes"])
        return cabin

    def verify(self, race):
        print(f"\n  race: statuses {dict(race.statuses)} retries {race.retries} bookings {len(race.held)}")
        self.assertEqual(race.errors, [])
        self.assertEqual(race.statuses[500], 0)
        self.assertGreater(race.statuses[201], 0, "nobody got a seat")
        self.assertGreater(race.statuses[409], 0, "the flight never sold out")
        inventory = self.server.inventory(self.flight_id)
        for cabin in inventory["cabins"]:
            booked = sum(c["sold"] + c["held"] for c in cabin["classes"])
            self.assertLessEqual(booked, cabin["limit"], f"cabin {cabin['cabin']} oversold")
            classes = sorted(cabin["classes"], key=lambda c: c["nest_rank"])
            for j, c in enumerate(classes):
                at_or_below = sum(k["sold"] + k["held"] for k in classes[j:])
                self.assertLessEqual(at_or_below, c["authorized"], f"nest limit of {c['booking_class']} broken")
                self.assertGreaterEqual(c["available"], 0)
        # Every acknowledged booking is there, and the counters are exactly the sum over the bookings.
        expected = collections.defaultdict(lambda: {"sold": 0, "held": 0})
        numbers = []  # every e-ticket issued, across the kills and restarts too
        for locator in self.known | race.held:
            status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name={NAME}")
            self.assertEqual(status, 200, (locator, booking))
            numbers += [t["number"] for t in booking["tickets"]]
            if booking["status"] == "CONFIRMED":
                self.assertEqual(len(booking["tickets"]), len(booking["passengers"]), f"{locator} paid, not ticketed")
            if locator in race.confirmed:
                self.assertIn(booking["status"], ("CONFIRMED", "CANCELLED"), locator)
            if locator in race.cancelled:
                self.assertEqual(booking["status"], "CANCELLED", locator)
            for seg in booking["segments"]:
                if booking["status"] == "CONFIRMED":
                    expected[seg["booking_class"]]["sold"] += seg["seats"]
                elif booking["status"] == "HELD":
                    expected[seg["booking_class"]]["held"] += seg["seats"]
        self.assertEqual(len(numbers), len(set(numbers)), "a ticket number was issued twice")
        for cabin in inventory["cabins"]:
            for c in cabin["classes"]:
                self.assertEqual((c["sold"], c["held"]),
                                 (expected[c["booking_class"]]["sold"], expected[c["booking_class"]]["held"]),
                                 f"counters of class {c['booking_class']} disagree with the bookings")



class NoOversellTest(RaceCase):
    def test_race_for_the_last_seats(self):
        self.fill(leave=15)
        race = Race(self.nodes, self.flight_id, deadline_s=20)
        race.run()
        self.verify(race)

    def test_race_while_the_server_is_killed(self):
        self.fill(leave=40)
        race = Race(self.nodes, self.flight_id, deadline_s=12, until_deadline=True)
        kills = []
        busy = []  # whether the clients were still at work when each kill came

        def killer():
            for _ in range(3):
                time.sleep(1.5)
                busy.append(time.time() < race.deadline)
                # The clients keep going however long the restart takes (seconds under the sanitizers, where a CI
                # run once killed the third time after they had stopped), then stop two seconds after the last.
                race.deadline = time.time() + 120
                self.server.kill()
                kills.append(time.time())
                time.sleep(0.3)
                self.server.start()
            race.deadline = time.time() + 2

        race.run(during=killer)
        self.assertEqual(len(kills), 3)
        self.assertEqual(busy, [True, True, True], "the server must be killed while clients are still busy")
        self.assertGreater(race.retries, 0, "no request ever met the dead server")
        self.verify(race)


class StaffChangesWhileBookingTest(RaceCase):
    def test_staff_close_and_shrink_classes_while_32_clients_book(self):
        """Revenue staff close and reopen classes, shrink M's authorization to what is booked at or below it and the
        cabin's capacity to what is booked, through the back office, while 32 clients hold, confirm and cancel. Each
        change is taken under the flight's lock against the counters of that moment, or refused with 409; afterwards
        no cabin or nest level is oversold and the counters equal the bookings."""
        self.fill(leave=30)
        race = Race(self.nodes, self.flight_id, deadline_s=10, until_deadline=True, clients=32)
        outcomes = collections.Counter()
        office = Browser(self.server, {"Accept": "text/html"}, port=self.server.admin_port)
        office.cookies = dict(self.server.office_session())

        def change(name, **fields):
            page = office.get(f"/flights/{self.flight_id}")
            self.assertEqual(page.status, 200)
            answer = office.submit(page.form(f"/flights/{self.flight_id}/cabins/Y"), **fields)
            outcomes[(name, answer.status)] += 1
            # 422 only when the counters already were where the change would put them.
            nothing = answer.status == 422 and 'data-code="NOTHING_TO_CHANGE"' in answer.body
            if answer.status not in (303, 409) and not nothing:
                race.errors.append(("staff", name, answer.status, answer.body[-500:]))

        def staff():
            rng = random.Random(7)
            # The four changes in rounds, each round in a random order: every kind is tried as often as the others
            # however many rounds fit before the deadline (over HTTPS each round takes longer: a handshake a request).
            steps = []
            while time.time() < race.deadline - 1:
                if not steps:
                    steps = rng.sample(range(4), 4)
                economy = self.economy(self.server.inventory(self.flight_id))
                classes = {c["booking_class"]: c for c in economy["classes"]}
                ranks = sorted(economy["classes"], key=lambda c: c["nest_rank"])
                at_or_below_m = sum(c["sold"] + c["held"] for c in ranks if c["nest_rank"] >= classes["M"]["nest_rank"])
                booked = sum(c["sold"] + c["held"] for c in ranks)
                step = steps.pop()
                if step == 0:
                    change("close", closed_H=None if classes["H"]["closed"] else "1")
                elif step == 1:
                    change("shrink M", authorized_M=str(at_or_below_m))
                elif step == 2:
                    change("shrink cabin", capacity=str(-(-booked * 100 // (100 + economy["overbooking_pct"]))))
                else:  # give seats back, so that sales go on
                    change("grow", capacity=str(economy["capacity"] + 3), authorized_M=str(classes["M"]["authorized"] + 3))
                time.sleep(0.05)

        race.run(during=staff)
        print(f"  staff: {dict(outcomes)}")
        for name in ("close", "shrink M", "shrink cabin"):
            self.assertGreater(outcomes[(name, 303)], 0, f"no '{name}' change was ever taken")
        self.verify(race)


class ScheduleChangesWhileBookingTest(RaceCase):
    PLANNER = ("planner@example.com", "timetables are my trade")

    def day_with_two_flights(self):
        """A day (60 days on) when CPH-BGO has its morning and its evening flight; their segments."""
        for days in range(60, 67):
            status, body, _ = self.server.search("CPH", "BGO", today_plus(days))
            direct = [o["segments"][0] for o in body["outbound"] if len(o["segments"]) == 1]
            if len(direct) >= 2:
                return direct[0], direct[1]
        self.fail("no day with two CPH-BGO flights")

    def test_a_busy_schedule_changes_while_32_clients_book(self):
        """Planners cancel the day's evening flight, whose passengers are re-accommodated onto the morning one, and
        retime the morning flight's line, while 32 clients hold, confirm and cancel on the morning flight. Each
        change is applied against the bookings it touches at that moment (a booking made between preview and apply
        asks for the confirmation again); afterwards neither flight is oversold, each flight's counters equal its
        bookings, every passenger of the cancelled flight has moved or is listed for staff, and nothing
        acknowledged is lost."""
        morning, evening = self.day_with_two_flights()
        self.flight_id = morning["flight_id"]
        self.fill(leave=50)
        self.server.add_staff(self.PLANNER[0], "schedules", self.PLANNER[1])
        office = self.server.office_browser(*self.PLANNER)
        stranded = []
        for i in range(8):
            # Half in business, whose cabin the clients leave alone (those always find seats on the morning
            # flight); half in economy, raced for (those move when the race has left a seat free, else wait for staff).
            klass = "J" if i < 4 else "M"
            status, held, _ = self.server.hold([{"flight_id": evening["flight_id"], "booking_class": klass}], adults=1)
            self.assertEqual(status, 201, held)
            if i % 2 == 0:
                status, paid, _ = self.server.confirm(
                    held["locator"], [{"title": "MS", "first_name": "Evening", "last_name": NAME}])
                self.assertEqual(status, 200, paid)
            stranded.append(held["locator"])
        race = Race(self.nodes, self.flight_id, deadline_s=10, until_deadline=True, clients=32)
        outcomes = collections.Counter()

        def settle(page, form_action, action, name):
            """Posts the page's form to `action` until no booking made meanwhile asks for a new confirmation (a
            409 shows the new preview and its confirmation)."""
            answer = page
            for _ in range(30):
                answer = office.post(action, page.form(form_action)["fields"])
                outcomes[(name, answer.status)] += 1
                if answer.status != 409:
                    break
                page = answer
            if answer.status != 303:
                race.errors.append((name, answer.status, answer.body[-500:]))

        def planners():
            time.sleep(0.3)  # the clients at work, seats still free for the evening's passengers
            cancel = f"/flights/{evening['flight_id']}/cancel"
            settle(office.get(cancel), cancel, cancel, "cancel")
            time.sleep(1)
            schedules = office.get("/schedules").body
            line = "/schedules/" + re.search(rf'href="/schedules/(\d+)">{morning["flight_number"]}<', schedules).group(1)
            form = office.get(line).form(line + "/preview")["fields"]
            hours, minutes = map(int, form["arrival"].split(":"))
            later = hours * 60 + minutes + 15
            preview = office.submit(office.get(line).form(line + "/preview"), departure="09:55",
                                    arrival=f"{later // 60:02d}:{later % 60:02d}")
            settle(preview, line + "/preview", line + "/apply", "retime")

        race.run(during=planners)
        print(f"  planners: {dict(outcomes)}")
        self.assertEqual(race.errors, [])
        self.assertEqual(race.statuses[500], 0)
        self.assertGreater(race.statuses[201], 0, "nobody got a seat")
        flights = (self.flight_id, evening["flight_id"])
        expected = collections.defaultdict(lambda: {"sold": 0, "held": 0})
        moved = unplaced = 0
        listed = office.get("/schedule-changes").body
        for locator in self.known | race.held | set(stranded):
            status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name={NAME}")
            self.assertEqual(status, 200, (locator, booking))
            if locator in race.confirmed:
                self.assertIn(booking["status"], ("CONFIRMED", "CANCELLED"), locator)
            if locator in race.cancelled:
                self.assertEqual(booking["status"], "CANCELLED", locator)
            active = booking["status"] in ("CONFIRMED", "HELD")
            for seg in booking["segments"]:
                self.assertIn(seg["flight_id"], flights)
                if active:
                    key = (seg["flight_id"], seg["booking_class"])
                    expected[key]["sold" if booking["status"] == "CONFIRMED" else "held"] += seg["seats"]
            if locator in stranded and active:
                if booking["segments"][0]["flight_id"] == self.flight_id:
                    moved += 1
                else:
                    self.assertIn(f'data-locator="{locator}"', listed, f"{locator} stranded and not listed")
                    unplaced += 1
        print(f"  the evening's 8 bookings: {moved} moved to the morning flight, {unplaced} listed for staff")
        self.assertEqual(moved + unplaced, len(stranded))
        self.assertGreaterEqual(moved, 4, "the business passengers had seats on the morning flight")
        for flight_id in flights:
            inventory = self.server.inventory(flight_id)
            for cabin in inventory["cabins"]:
                booked = sum(c["sold"] + c["held"] for c in cabin["classes"])
                self.assertLessEqual(booked, cabin["limit"], f"flight {flight_id} cabin {cabin['cabin']} oversold")
                for c in cabin["classes"]:
                    want = expected[(flight_id, c["booking_class"])]
                    self.assertEqual((c["sold"], c["held"]), (want["sold"], want["held"]),
                                     f"flight {flight_id} class {c['booking_class']}: counters disagree with bookings")
        self.assertEqual(self.server.inventory(evening["flight_id"])["status"], "CANCELLED")


@unittest.skipUnless(PG_OWNER_URL and os.environ.get("JETWAY_TEST_PG_DIR"),
                     "PostgreSQL only: scripts/test.sh runs it against its throw-away cluster")
class PostgresRestartTest(RaceCase):
    def test_postgres_restart_under_load(self):
        """pg_ctl restart -m fast while 32 clients book on two nodes: the gap answers 503 (never 500), jetway
        reconnects by itself, and nothing acknowledged is lost."""
        # Every booking is cancelled again, so that seats keep flowing before, during and after the restart.
        self.fill(leave=40)
        race = Race(self.nodes, self.flight_id, deadline_s=10, until_deadline=True, clients=32, cancel_share=1.0)
        restarted = []

        def restart():
            time.sleep(2)
            subprocess.run([os.environ["JETWAY_PG_CLUSTER_SCRIPT"], "restart", os.environ["JETWAY_TEST_PG_DIR"]],
                           check=True, timeout=120)
            restarted.append(time.time())

        race.run(during=restart)
        self.assertEqual(len(restarted), 1)
        self.assertGreater(race.statuses[503], 0, "no request met the restarting database")
        self.assertGreater(race.last_created, restarted[0], "no booking succeeded after the restart")
        for node in self.nodes:
            self.assertEqual(node.request("GET", "/readyz")[0], 200)
            self.assertNotIn('"status":500', node.log())
        self.verify(race)


if __name__ == "__main__":
    unittest.main()
