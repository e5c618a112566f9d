"""The credit race, through the agent portal on the engine under test: 32 agents of one agency, each signed in,
hold seats and pay on the agency's account all at once, with a credit limit that lets only some through; and
again while the node is killed with SIGKILL and restarted twice. Afterwards the balance never went past the limit
(no row of the ledger ever did), every acknowledged payment is a confirmed booking with exactly one ledger row and
every refused one is still held with none, and the ledger's sum is the kept balance and what the confirmed bookings
cost."""
import os
import re
import sqlite3
import subprocess
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

from ibe_browser import Browser
from jw import PSQL, Server, adults, pg_url, today_plus

AGENTS = 32
STAFF = ("admin@airline.example", "the airline's long passphrase")
AGENCY = {"code": "34567890", "name": "Hurtig Rejser", "contact_name": "Ida Hansen", "email": "info@hurtig.example",
          "phone": "+45 33 12 34 56", "address_line1": "Vesterbrogade 10", "address_line2": "", "postcode": "1620",
          "city": "København V", "country": "dk", "currency": "DKK", "airlines": "X9", "settlement": "net"}
PASSWORD = "racing for the credit line"
HTML = {"Accept": "text/html"}


class CreditRaceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True, agent=True, env={"JETWAY_HOLD_SECONDS": "900"})
        cls.server.add_staff(STAFF[0], "administrator", STAFF[1])
        cls.server.start()
        office = cls.server.office_browser(*STAFF)
        added = office.submit(office.get("/agencies").form("/agencies"), **AGENCY)
        assert added.status == 303, added.body[:500]
        cls.agency = int(re.search(r"/agencies/(\d+)", added.headers["Location"]).group(1))
        # The agents as the airline adds them (the back office, one-time passwords), each then choosing a password at
        # first sign-in: no process to start per agent (on PostgreSQL each `jetway user add` re-applies the roles).
        page = office.get(f"/agencies/{cls.agency}/users")
        add = next(f for f in page.forms if f["action"] == f"/agencies/{cls.agency}/users")
        one_time = []
        for n in range(AGENTS):
            added = office.submit(add, email=f"agent{n:02d}@hurtig.example", name=f"Agent {n}", role="agent")
            assert added.status == 201, added.body[:500]
            one_time.append(re.search(r"<code data-one-time-password>(\w+)</code>", added.body).group(1))
        with ThreadPoolExecutor(2) as pool:
            cls.agents = list(pool.map(lambda n: cls.first_sign_in(n, one_time[n]), range(AGENTS)))

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    @classmethod
    def first_sign_in(cls, n, one_time):
        """Signs agent n in with the one-time password and sets its own; a sign-in hashes, a few at a time, the
        rest told to retry (SIGN_IN_BUSY)."""
        for _ in range(50):
            browser = Browser(cls.server, HTML, port=cls.server.agent_port)
            page = browser.submit(browser.get("/login").form("/login"), email=f"agent{n:02d}@hurtig.example",
                                  password=one_time)
            if page.status == 303:
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"agent {n} could not sign in")
        for _ in range(50):
            changed = browser.submit(browser.get("/account/password").form("/account/password"),
                                     current_password=one_time, password=PASSWORD)
            if changed.status == 303:
                return browser
            time.sleep(0.2)
        raise AssertionError(f"agent {n} could not set a password")

    def query(self, sql):
        """Rows of `sql` on the data database, as the owner (SQLite file or the PostgreSQL test cluster)."""
        if self.server.pg_prefix:
            out = subprocess.run([PSQL, pg_url(f"{self.server.pg_prefix}_data"), "-qAt", "-F", "\t", "-c", sql],
                                 capture_output=True, text=True, check=True, timeout=60).stdout
            return [tuple(line.split("\t")) for line in out.splitlines() if line]
        with sqlite3.connect(f"file:{os.path.join(self.server.data_dir, 'data.db')}?mode=ro", uri=True) as db:
            return [tuple(str(v) for v in row) for row in db.execute(sql)]

    def set_credit_limit(self, amount):
        office = self.server.office_browser(*STAFF)
        page = office.get(f"/agencies/{self.agency}")
        limited = office.submit(page.form(f"/agencies/{self.agency}/credit-limit"), credit_limit=amount)
        self.assertEqual(limited.status, 303, limited.body[:300])

    def hold(self, agent, days):
        csrf = re.search(r'name="csrf" value="([^"]+)"', agent.get("/book").body).group(1)
        held = agent.post("/book", {"csrf": csrf, "segments": f"{self.flight_at(days)}:M", "adults": "1"})
        if held.status != 303:
            return None
        return re.search(r"/bookings/([A-Z0-9]{6})", held.headers["Location"]).group(1)

    def flight_at(self, days):
        """A CPH-HAM flight on that day, or the next day that has one."""
        if days not in self.flights:
            for later in range(days, days + 7):
                _, body, _ = self.server.search("CPH", "HAM", today_plus(later))
                if body.get("outbound"):
                    self.flights[days] = body["outbound"][0]["segments"][0]["flight_id"]
                    break
        return self.flights[days]

    def pay(self, agent, locator, n):
        page = agent.get(f"/bookings/{locator}")
        form = page.form(f"/bookings/{locator}/pay")
        passenger = adults(1, last="Racer")[0]
        return agent.submit(form, title_1="MR", first_1=f"Agent{chr(65 + n % 26)}", last_1=passenger["last_name"],
                            email="race@hurtig.example", phone="+45 40 40 40 40", method="on_account")

    def setUp(self):
        self.flights = {}

    def verify(self, acknowledged, refused):
        limit = int(self.query(f"SELECT credit_limit FROM agency_accounts WHERE agency_id = {self.agency}")[0][0])
        balance = int(self.query(f"SELECT balance FROM agency_accounts WHERE agency_id = {self.agency}")[0][0])
        rows = self.query(f"SELECT l.locator, l.amount, l.balance_after, b.status, b.total_amount FROM agency_ledger l "
                          f"JOIN bookings b ON b.id = l.booking_id WHERE l.agency_id = {self.agency} "
                          f"AND l.kind = 'booking'")
        print(f"\n  credit race: {len(acknowledged)} paid, {len(refused)} refused, limit {limit}, balance {balance}")
        self.assertGreaterEqual(balance, -limit, "the balance went past the credit limit")
        self.assertTrue(all(int(r[2]) >= -limit for r in rows), "a ledger row took the balance past the limit")
        charged = {}
        for locator, amount, _, status, total in rows:
            self.assertNotIn(locator, charged, f"{locator} charged twice")
            charged[locator] = int(amount)
            self.assertEqual(status, "CONFIRMED", locator)
            self.assertEqual(-int(amount), int(total), locator)  # no commission rules here: the gross
        for locator in acknowledged:
            self.assertIn(locator, charged, f"acknowledged {locator} has no ledger row")
        for locator in refused:
            self.assertNotIn(locator, charged, f"refused {locator} was charged")
            status = self.query(f"SELECT status FROM bookings WHERE locator = '{locator}'")[0][0]
            self.assertEqual(status, "HELD", locator)
        confirmed_on_account = self.query(
            f"SELECT COALESCE(SUM(b.total_amount), 0) FROM bookings b JOIN payments p ON p.booking_id = b.id "
            f"WHERE b.agency_id = {self.agency} AND b.status = 'CONFIRMED' AND p.method = 'on_account'")[0][0]
        ledger_sum = int(self.query(f"SELECT COALESCE(SUM(amount), 0) FROM agency_ledger "
                                    f"WHERE agency_id = {self.agency}")[0][0])
        self.assertEqual(ledger_sum, balance, "the kept balance is not the ledger's sum")
        self.assertEqual(-sum(charged.values()), int(confirmed_on_account))
        return limit, balance

    def test_32_agents_pay_on_one_credit_line_at_once(self):
        self.set_credit_limit("0.00")
        before = int(self.query(f"SELECT balance FROM agency_accounts WHERE agency_id = {self.agency}")[0][0])
        self.assertEqual(before, 0)
        with ThreadPoolExecutor(AGENTS) as pool:
            locators = list(pool.map(lambda n: self.hold(self.agents[n], 40 + n % 4), range(AGENTS)))
        self.assertNotIn(None, locators)
        totals = [int(self.query(f"SELECT total_amount FROM bookings WHERE locator = '{loc}'")[0][0])
                  for loc in locators]
        limit = sum(sorted(totals)[:AGENTS // 3])  # about a third of them fit
        self.set_credit_limit(f"{limit // 100}.{limit % 100:02d}")
        start = threading.Barrier(AGENTS)

        def pay(n):
            start.wait()
            return self.pay(self.agents[n], locators[n], n)

        with ThreadPoolExecutor(AGENTS) as pool:
            answers = list(pool.map(pay, range(AGENTS)))
        acknowledged = {loc for loc, page in zip(locators, answers) if page.status == 303}
        refused = {loc for loc, page in zip(locators, answers) if page.status == 409}
        self.assertEqual(len(acknowledged) + len(refused), AGENTS, [p.status for p in answers])
        self.assertTrue(all("CREDIT_LIMIT_EXCEEDED" in p.body for p in answers if p.status == 409))
        self.assertGreaterEqual(len(acknowledged), AGENTS // 3)
        self.assertGreater(len(refused), 0, "the limit let everyone through")
        self.verify(acknowledged, refused)

    def test_the_credit_race_while_the_node_is_killed(self):
        self.set_credit_limit("0.00")
        balance = -int(self.query(f"SELECT balance FROM agency_accounts WHERE agency_id = {self.agency}")[0][0])
        price = int(self.query(f"SELECT MAX(total_amount) FROM bookings WHERE agency_id = {self.agency}")[0][0])
        limit = balance + 40 * price  # room for about 40 more, fewer than the agents will try
        self.set_credit_limit(f"{limit // 100}.{limit % 100:02d}")
        lock = threading.Lock()
        acknowledged, refused, attempts = set(), set(), [0]
        deadline = [time.time() + 60]
        stop = threading.Event()

        def agent(n):
            browser = self.agents[n]
            day = 44 + n % 8
            while not stop.is_set() and time.time() < deadline[0]:
                try:
                    locator = self.hold(browser, day)
                    if not locator:
                        day += 8  # that flight is full: another day's
                        continue
                    with lock:
                        attempts[0] += 1
                    page = self.pay(browser, locator, n)
                except (OSError, AssertionError):
                    time.sleep(0.05)  # the node is down: a person would reload
                    continue
                with lock:
                    (acknowledged if page.status == 303 else refused if page.status == 409 else set()).add(locator)

        kills = []

        def killer():
            for _ in range(2):
                time.sleep(1.5)
                self.server.kill()
                kills.append(attempts[0])
                time.sleep(0.3)
                self.server.start()
            time.sleep(2)
            stop.set()

        threads = [threading.Thread(target=agent, args=(n,)) for n in range(AGENTS)]
        for t in threads:
            t.start()
        killer()
        for t in threads:
            t.join()
        print(f"\n  kills after {kills} payments tried; {attempts[0]} in all")
        self.assertEqual(len(kills), 2)
        self.assertGreater(kills[0], 0, "the node was killed before anyone paid")
        self.assertGreater(len(refused), 0, "the limit was never reached")
        # A payment in flight when the node died is answered by neither: the booking is whichever it became.
        self.verify(acknowledged, refused)


if __name__ == "__main__":
    unittest.main()
