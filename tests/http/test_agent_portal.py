"""The agent portal against the real binary on the engine under test (on PostgreSQL through the agent login, its
grants and row-level security): travel agencies' people sign in on a listener of its own, apart from staff (neither
can sign in to the other's desk); an agency's administrator manages that agency's users and no other's; an agency
sees its own account, ledger and statements and no other's; agents reach their agency's bookings and no others,
whether by searching, by URL or by guessing ids; and every portal route refuses strangers and people whose role
lacks its permission, changing nothing."""
import csv
import datetime
import io
import json
import re
import subprocess
import unittest

from ibe_browser import Browser
from jw import JETWAY_BIN, Server, adults, today_plus
import route_walk

HTML = {"Accept": "text/html"}
STAFF = ("admin@airline.example", "the airline's long passphrase")
NORDLYS = {"code": "12345675", "name": "Nordlys Rejser", "contact_name": "Ida Hansen",
           "email": "booking@nordlys.example", "phone": "+45 33 12 34 56", "address_line1": "Vesterbrogade 10",
           "address_line2": "", "postcode": "1620", "city": "København V", "country": "dk", "currency": "DKK",
           "airlines": "X9", "settlement": "net"}
SOL = {**NORDLYS, "code": "23456786", "name": "Sol og Strand", "email": "info@sol.example"}
# Each agency's people: e-mail -> (agency code, role, password).
PEOPLE = {"chef@nordlys.example": ("12345675", "agency_admin", "the head of the agency speaks"),
          "sara@nordlys.example": ("12345675", "agent", "selling seats all day long"),
          "kim@nordlys.example": ("12345675", "read_only", "only looking at things here"),
          "boss@sol.example": ("23456786", "agency_admin", "running the sunny agency"),
          "tom@sol.example": ("23456786", "agent", "booking the sunny trips")}


class AgentPortalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True, agent=True)
        cls.server.add_staff(STAFF[0], "administrator", STAFF[1])
        cls.server.start()
        office = cls.server.office_browser(*STAFF)
        cls.agency = {}
        for details in (NORDLYS, SOL):
            added = office.submit(office.get("/agencies").form("/agencies"), **details)
            assert added.status == 303, added.body[:500]
            cls.agency[details["code"]] = int(re.search(r"/agencies/(\d+)", added.headers["Location"]).group(1))
        for email, (code, role, password) in PEOPLE.items():
            cls.server.add_staff(email, role, password, agency=code)
        cls.nordlys, cls.sol = cls.agency[NORDLYS["code"]], cls.agency[SOL["code"]]
        cls.routes = [json.loads(line) for line in subprocess.run(
            [JETWAY_BIN, "routes", "--app", "agent"], capture_output=True, text=True, check=True).stdout.splitlines()]

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    signed_in = {}  # one session per person, kept across the tests: each sign-in is an Argon2id hash

    def portal(self, email, fresh=False):
        if fresh or email not in self.signed_in:
            type(self).signed_in[email] = self.server.agent_browser(email, PEOPLE[email][2])
        return self.signed_in[email]

    def sign_in(self, port, email, password):
        browser = Browser(self.server, HTML, port=port)
        return browser, browser.submit(browser.get("/login").form("/login"), email=email, password=password)

    def user_id(self, email):
        page = self.portal("boss@sol.example" if email.endswith("@sol.example") else "chef@nordlys.example")
        return int(re.search(rf'href="/users/(\d+)">{re.escape(email)}<', page.get("/users").body).group(1))

    @staticmethod
    def csrf(page):
        return re.search(r'name="csrf" value="([^"]+)"', page.body).group(1)

    def audit_rows(self):
        result = subprocess.run([JETWAY_BIN, "audit", "verify", "--data-dir", self.server.data_dir],
                                env=self.server.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return int(re.search(r"intact: (\d+) rows", result.stdout).group(1))

    def passenger_booking(self):
        _, body, _ = self.server.search("CPH", "HAM", today_plus(15))
        flight = body["outbound"][0]["segments"][0]["flight_id"]
        status, held, _ = self.server.hold([{"flight_id": flight, "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201, held)
        self.assertEqual(self.server.confirm(held["locator"], adults(1, last="Passenger"))[0], 200)
        return held["locator"]

    def test_agencies_people_sign_in_to_the_portal_and_staff_to_the_back_office_only(self):
        browser, signed_in = self.sign_in(self.server.agent_port, "Chef@Nordlys.example",
                                          PEOPLE["chef@nordlys.example"][2])
        self.assertEqual((signed_in.status, signed_in.headers["Location"]), (303, "/"), signed_in.body[:300])
        self.assertIn("jw_agent=", signed_in.headers["Set-Cookie"])
        self.assertIn("HttpOnly", signed_in.headers["Set-Cookie"])
        home = browser.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("Agent portal", home.body)
        self.assertIn('href="/users"', home.body)
        self.assertIn('href="/agencies"', home.body)
        self.assertNotIn('href="/roles"', home.body)  # agencies' roles are fixed
        self.assertIn("agency_admin", home.body)
        # Staff cannot sign in to the portal, nor agencies' people to the back office.
        self.assertEqual(self.sign_in(self.server.agent_port, *STAFF)[1].status, 401)
        self.assertEqual(self.sign_in(self.server.admin_port, "chef@nordlys.example",
                                      PEOPLE["chef@nordlys.example"][2])[1].status, 401)
        # An agent's home offers bookings, not users or the account.
        agent_home = self.portal("sara@nordlys.example").get("/")
        self.assertIn('href="/bookings"', agent_home.body)
        self.assertNotIn('href="/users"', agent_home.body)
        self.assertNotIn('href="/agencies"', agent_home.body)
        # In Danish too.
        self.assertIn("Agentportal", browser.get("/?lang=da").body)

    def test_an_agencys_administrator_manages_its_own_users_and_no_one_elses(self):
        chef = self.portal("chef@nordlys.example")
        users = chef.get("/users")
        self.assertEqual(users.status, 200)
        self.assertIn("sara@nordlys.example", users.body)
        self.assertNotIn("@sol.example", users.body)
        self.assertEqual(re.findall(r'<option value="(\w+)"', users.body), ["agency_admin", "agent", "read_only"])
        created = chef.submit(users.form("/users"), email="Ny@Nordlys.example", name="Ny Medarbejder", role="agent")
        self.assertEqual(created.status, 201, created.body[:500])
        one_time = re.search(r"<code data-one-time-password>(\w+)</code>", created.body).group(1)
        newcomer, first = self.sign_in(self.server.agent_port, "ny@nordlys.example", one_time)
        self.assertEqual(first.headers["Location"], "/account/password")
        # Their new password; the notice of it is queued for them as their agency's message.
        changed = newcomer.submit(newcomer.get("/account/password").form("/account/password"),
                                  current_password=one_time, password="a passphrase of my very own")
        self.assertEqual((changed.status, changed.headers.get("Location")), (303, "/?password=changed"))
        self.assertEqual(newcomer.get("/").status, 200)
        # Staff's roles are not an agency's.
        refused = chef.submit(chef.get("/users").form("/users"), email="x@nordlys.example", name="X",
                              role="administrator")
        self.assertEqual(refused.status, 422, refused.body[:300])

        # Another agency's user, by URL: not found, and a forged form changes nothing.
        tom = self.user_id("tom@sol.example")
        self.assertEqual(chef.get(f"/users/{tom}").status, 404)
        csrf = self.csrf(chef.get("/users"))
        for action, fields in (("status", {"status": "disabled"}), ("role", {"role": "read_only"}),
                               ("sessions", {}), ("totp-reset", {})):
            forged = chef.post(f"/users/{tom}/{action}", {"csrf": csrf, **fields})
            self.assertEqual(forged.status, 404, action)
        self.assertEqual(self.portal("tom@sol.example", fresh=True).get("/").status, 200)  # still active, an agent
        self.assertIn(">agent<", self.portal("boss@sol.example").get(f"/users/{tom}").body)
        # An agent may not manage users at all.
        self.assertEqual(self.portal("sara@nordlys.example").get("/users").status, 403)

    def test_the_airline_adds_an_agencys_first_administrator_and_can_disable_its_users(self):
        office = self.server.office_browser(*STAFF)
        page = office.get(f"/agencies/{self.sol}/users")
        self.assertEqual(page.status, 200)
        self.assertIn("tom@sol.example", page.body)
        self.assertNotIn("@nordlys.example", page.body)
        add_form = next(f for f in page.forms if f["action"] == f"/agencies/{self.sol}/users")
        added = office.submit(add_form, email="first@sol.example", name="Første",
                              role="agency_admin")
        self.assertEqual(added.status, 201, re.findall(r'data-code="[^"]*"><p>[^<]*(?:</p><p lang="en">[^<]*)?', added.body))
        one_time = re.search(r"<code data-one-time-password>(\w+)</code>", added.body).group(1)
        _, signed_in = self.sign_in(self.server.agent_port, "first@sol.example", one_time)
        self.assertEqual(signed_in.headers["Location"], "/account/password")
        # Disabled by the airline: signed out and refused; enabled again: back.
        tom = self.user_id("tom@sol.example")
        disabled = office.submit(office.get(f"/agencies/{self.sol}/users").form(f"/users/{tom}/status"))
        self.assertEqual(disabled.status, 303)
        self.assertEqual(self.sign_in(self.server.agent_port, "tom@sol.example", PEOPLE["tom@sol.example"][2])[1].status,
                         401)
        enabled = office.submit(office.get(f"/agencies/{self.sol}/users").form(f"/users/{tom}/status"))
        self.assertEqual(enabled.status, 303)
        self.assertEqual(self.portal("tom@sol.example", fresh=True).get("/").status, 200)
        # Another agency's user through this agency's page: not found, nothing changes.
        sara = self.user_id("sara@nordlys.example")
        forged = office.post(f"/agencies/{self.sol}/users/{sara}/status", {"csrf": self.csrf(page), "status": "disabled"})
        self.assertEqual(forged.status, 404)
        self.assertEqual(self.portal("sara@nordlys.example").get("/").status, 200)

    def test_an_agency_sees_its_own_account_ledger_and_statements_and_no_one_elses(self):
        office = self.server.office_browser(*STAFF)
        page = office.get(f"/agencies/{self.nordlys}")
        deposit = office.submit(next(f for f in page.forms if f["action"].endswith("/funds")), kind="deposit",
                                amount="2500.00", reference="BANK-77", note="")
        self.assertEqual(deposit.status, 303, deposit.body[:500])
        chef = self.portal("chef@nordlys.example")
        listed = chef.get("/agencies")
        self.assertEqual(listed.status, 200)
        self.assertIn("Nordlys Rejser", listed.body)
        self.assertNotIn("Sol og Strand", listed.body)
        own = chef.get(f"/agencies/{self.nordlys}")
        self.assertEqual(own.status, 200)
        self.assertIn("BANK-77", own.body)
        self.assertNotIn('action="/agencies/', own.body)  # no forms: the airline funds and changes agencies
        month = datetime.date.today().strftime("%Y-%m")
        statement = chef.get(f"/agencies/{self.nordlys}/statement.csv?month={month}")
        self.assertEqual(statement.status, 200)
        self.assertIn("BANK-77", statement.body)
        rows = list(csv.reader(io.StringIO(statement.body)))
        self.assertTrue(any("2500.00" in cell for row in rows for cell in row))
        for path in (f"/agencies/{self.sol}", f"/agencies/{self.sol}/statement.csv?month={month}",
                     f"/agencies/{self.sol}/statement.pdf?month={month}"):
            self.assertEqual(chef.get(path).status, 404, path)
        # Funding its own account is the airline's, not the agency's: refused, nothing recorded.
        forged = chef.post(f"/agencies/{self.nordlys}/funds",
                           {"csrf": self.csrf(own), "kind": "deposit", "amount": "999.00", "reference": "X"})
        self.assertEqual(forged.status, 403)
        self.assertNotIn("999.00", chef.get(f"/agencies/{self.nordlys}").body)
        self.assertEqual(self.portal("sara@nordlys.example").get(f"/agencies/{self.nordlys}").status, 403)

    def test_agents_reach_their_agencys_bookings_and_no_others(self):
        locator = self.passenger_booking()
        sara = self.portal("sara@nordlys.example")
        found = sara.get(f"/bookings?q={locator}")
        self.assertEqual(found.status, 200)
        self.assertNotIn(f'href="/bookings/{locator}"', found.body)
        self.assertNotIn(f'href="/bookings/', sara.get("/bookings?q=Passenger").body)
        self.assertEqual(sara.get(f"/bookings/{locator}").status, 404)
        csrf = self.csrf(found)
        for action, fields in (("cancel", {}), ("remarks", {"text": "hello"}), ("resend", {})):
            self.assertEqual(sara.post(f"/bookings/{locator}/{action}", {"csrf": csrf, **fields}).status, 404, action)
        _, body, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Passenger")
        self.assertEqual(body["status"], "CONFIRMED")
        history = self.server.office_browser(*STAFF).get(f"/bookings/{locator}").body
        self.assertIn("CONFIRM", history)
        self.assertNotIn("REMARK", history)

    @staticmethod
    def fact(page, name):
        return re.search(rf"<dd {name}>([^<]*)</dd>", page.body).group(1)

    @staticmethod
    def amount(text):
        """'DKK -1,234.50' -> -1234.5"""
        return float(re.sub(r"[^0-9.\-]", "", text))

    def balance(self):
        return self.amount(self.fact(self.portal("chef@nordlys.example").get(f"/agencies/{self.nordlys}"),
                                     "data-balance"))

    def set_credit_limit(self, amount):
        office = self.server.office_browser(*STAFF)
        page = office.get(f"/agencies/{self.nordlys}")
        limited = office.submit(page.form(f"/agencies/{self.nordlys}/credit-limit"), credit_limit=amount)
        self.assertEqual(limited.status, 303, limited.body[:300])

    def hold_for_customer(self, agent, days=20, adults=1):
        results = agent.get(f"/book?origin=cph&destination=HAM&date={today_plus(days)}&adults={adults}")
        self.assertEqual(results.status, 200, results.body[:300])
        self.assertIn("DKK", results.body)  # the agency's currency
        held = agent.submit(next(f for f in results.forms if "segments" in f["fields"]))
        self.assertEqual(held.status, 303, held.body[:500])
        return re.search(r"/bookings/([A-Z0-9]{6})", held.headers["Location"]).group(1)

    def pay(self, agent, locator, **fields):
        page = agent.get(f"/bookings/{locator}")
        self.assertIn("<dd data-status>HELD</dd>", page.body)
        form = page.form(f"/bookings/{locator}/pay")
        names = {}
        for n in (k[len("first_"):] for k in form["fields"] if k.startswith("first_")):
            names.update({f"title_{n}": "MS", f"first_{n}": "Karen" + "ABCDEFGHI"[int(n) - 1], f"last_{n}": "Kunde"})
        return agent.submit(form, email="karen@kunde.example", phone="+45 40 40 40 40", **names, **fields)

    def test_an_agent_books_for_a_customer_on_account_and_a_cancellation_credits_back_the_refund(self):
        self.set_credit_limit("20000.00")
        sara = self.portal("sara@nordlys.example")
        self.assertIn('href="/book"', sara.get("/").body)
        before = self.balance()
        locator = self.hold_for_customer(sara)
        paid = self.pay(sara, locator, method="on_account")
        self.assertEqual(paid.status, 303, paid.body[:500])
        page = sara.get(f"/bookings/{locator}")
        self.assertIn("<dd data-status>CONFIRMED</dd>", page.body)
        self.assertIn(f"ACCOUNT-{locator}", page.body)
        self.assertIn("agent:sara@nordlys.example", page.body)  # who, in the booking's history
        total = self.amount(re.search(r"<dt>[^<]*</dt><dd>(DKK[^<]*)</dd>", page.body).group(1))
        self.assertAlmostEqual(self.balance(), before - total, places=2)
        # The airline's staff see the agency's booking and its payment too.
        self.assertIn(f"ACCOUNT-{locator}", self.server.office_browser(*STAFF).get(f"/bookings/{locator}").body)
        cancelled = sara.submit(sara.get(f"/bookings/{locator}").form(f"/bookings/{locator}/cancel"))
        self.assertEqual(cancelled.status, 303)
        self.assertIn("REFUND", sara.get(f"/bookings/{locator}").body)
        refunded = self.balance() - (before - total)
        self.assertGreater(refunded, 0)  # the taxes of a non-refundable fare, at least
        self.assertLessEqual(refunded, total)

    def test_an_agent_books_on_the_customers_card_and_past_the_credit_limit_nothing_changes(self):
        sara = self.portal("sara@nordlys.example")
        locator = self.hold_for_customer(sara, days=22)
        paid = self.pay(sara, locator, method="test_card", card_number="4242 4242 4242 4242",
                        card_expiry=f"12/{(datetime.date.today().year + 2) % 100:02d}", card_cvc="123",
                        card_holder="KAREN KUNDE")
        self.assertEqual(paid.status, 303, paid.body[:800])
        page = sara.get(f"/bookings/{locator}")
        self.assertIn("<dd data-status>CONFIRMED</dd>", page.body)
        self.assertIn("test_card", page.body)

        self.set_credit_limit("0.00")
        if self.balance() > 0:  # nothing left to spend: an adjustment takes the deposits' rest away
            office = self.server.office_browser(*STAFF)
            taken = office.submit(office.get(f"/agencies/{self.nordlys}").form(f"/agencies/{self.nordlys}/funds"),
                                  kind="adjustment", amount=f"{-self.balance():.2f}", reference="",
                                  note="test: the rest of the deposit paid back")
            self.assertEqual(taken.status, 303, taken.body[:300])
        before = self.balance()
        over = self.hold_for_customer(sara, days=23, adults=3)
        refused = self.pay(sara, over, method="on_account")
        self.assertEqual(refused.status, 409, re.findall(r"data-code=\"[^\"]*\"><p>[^<]*", refused.body))
        self.assertIn('data-code="CREDIT_LIMIT_EXCEEDED"', refused.body)
        self.assertIn("available", refused.body)  # the service's detail names what is left
        self.assertIn("<dd data-status>HELD</dd>", sara.get(f"/bookings/{over}").body)
        self.assertEqual(self.balance(), before)
        self.set_credit_limit("20000.00")

    def test_a_suspended_agency_books_nothing(self):
        office = self.server.office_browser(*STAFF)
        page = office.get(f"/agencies/{self.sol}")
        form = next(f for f in page.forms if f["action"] == f"/agencies/{self.sol}")
        self.assertEqual(office.submit(form, status="suspended").status, 303)
        try:
            tom = self.portal("tom@sol.example")
            results = tom.get(f"/book?origin=CPH&destination=HAM&date={today_plus(20)}")
            self.assertIn('role="alert"', results.body)
            offer = next(f for f in results.forms if "segments" in f["fields"])
            refused = tom.submit(offer)
            self.assertEqual(refused.status, 403)
            self.assertIn("AGENCY_SUSPENDED", refused.body)
        finally:
            page = office.get(f"/agencies/{self.sol}")
            form = next(f for f in page.forms if f["action"] == f"/agencies/{self.sol}")
            office.submit(form, status="active")

    def test_commissions_show_gross_and_net_and_a_net_agency_is_charged_the_net(self):
        self.set_credit_limit("20000.00")
        office = self.server.office_browser(*STAFF)
        page = office.get(f"/agencies/{self.nordlys}/commissions")
        self.assertEqual(page.status, 200)
        self.assertIn("net", page.body)  # the settlement
        rule = dict(airline="X9", origin="", destination="", booking_class="", valid_from=today_plus(0),
                    valid_to=today_plus(300), kind="percent", rate="10")
        refused = office.submit(page.form(f"/agencies/{self.nordlys}/commissions"), **{**rule, "rate": "91"})
        self.assertEqual(refused.status, 422)
        self.assertIn('data-code="INVALID_COMMISSION"', refused.body)
        added = office.submit(page.form(f"/agencies/{self.nordlys}/commissions"), **rule)
        self.assertEqual(added.status, 303, added.body[:500])
        rule_id = re.search(r'data-rule="(\d+)"', office.get(f"/agencies/{self.nordlys}/commissions").body).group(1)
        try:
            # The agency's administrator reads its rules, changes nothing; agents do not see them; nor another's.
            chef = self.portal("chef@nordlys.example")
            own = chef.get(f"/agencies/{self.nordlys}/commissions")
            self.assertEqual(own.status, 200)
            self.assertIn("10.00 %", own.body)
            self.assertNotIn("/remove", own.body)
            self.assertEqual(chef.get(f"/agencies/{self.sol}/commissions").status, 404)
            self.assertEqual(chef.post(f"/agencies/{self.nordlys}/commissions/{rule_id}/remove",
                                       {"csrf": self.csrf(own)}).status, 403)
            sara = self.portal("sara@nordlys.example")
            self.assertEqual(sara.get(f"/agencies/{self.nordlys}/commissions").status, 403)

            results = sara.get(f"/book?origin=CPH&destination=HAM&date={today_plus(25)}")
            gross = self.amount(re.search(r"<td data-gross>([^<]*)</td>", results.body).group(1))
            commission = self.amount(re.search(r"<td data-commission>([^<]*)</td>", results.body).group(1))
            net = self.amount(re.search(r"<td data-net>([^<]*)</td>", results.body).group(1))
            self.assertGreater(commission, 0)
            self.assertAlmostEqual(net, gross - commission, places=2)
            self.assertLessEqual(commission, gross * 0.1 + 0.005)  # on the fare only, never the taxes
            before = self.balance()
            held = sara.submit(next(f for f in results.forms if "segments" in f["fields"]))
            locator = re.search(r"/bookings/([A-Z0-9]{6})", held.headers["Location"]).group(1)
            self.assertEqual(self.pay(sara, locator, method="on_account").status, 303)
            booking = sara.get(f"/bookings/{locator}")
            self.assertAlmostEqual(self.amount(re.search(r"<dd data-net>([^<]*)</dd>", booking.body).group(1)),
                                   net, places=2)
            self.assertAlmostEqual(self.balance(), before - net, places=2)  # charged the net
            # The month's statement says what the agency earned: deducted from its charges.
            month = datetime.date.today().strftime("%Y-%m")
            earned = self.amount(re.search(r"<dd data-commission>([^<]*)</dd>", booking.body).group(1))
            statement = self.portal("chef@nordlys.example").get(f"/agencies/{self.nordlys}/statement.csv?month={month}")
            row = next(r for r in csv.reader(io.StringIO(statement.body)) if r[1] == "commission_deducted")
            self.assertAlmostEqual(float(row[6]), earned, places=2)
            self.assertGreater(earned, 0)
        finally:
            page = office.get(f"/agencies/{self.nordlys}/commissions")
            removed = office.submit(page.form(f"/commissions/{rule_id}/remove"))
            self.assertEqual(removed.status, 303)
        self.assertNotIn(f'data-rule="{rule_id}"', office.get(f"/agencies/{self.nordlys}/commissions").body)

    def test_every_portal_route_refuses_strangers_and_people_without_its_permission(self):
        self.assertGreaterEqual(len(self.routes), 15)
        self.assertFalse([r for r in self.routes if r["path"] in ("/roles", "/audit", "/schedules", "/fares")])
        rows_before = self.audit_rows()
        kim = self.portal("kim@nordlys.example")  # read_only: bookings.read
        # Its reading of bookings is the one permission kim has.
        checked = route_walk.walk(self, self.server, self.server.agent_port, self.routes, kim, "agent portal",
                                  exempt=("bookings.read",))
        self.assertGreaterEqual(checked, 10)
        self.assertEqual(self.audit_rows(), rows_before + 1)  # kim's sign-in, and nothing else


if __name__ == "__main__":
    unittest.main()
