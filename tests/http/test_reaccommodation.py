"""Schedule changes re-accommodate booked passengers, against the real binary on the engine under test. Three
flights of the test's own on a route the demo does not fly (HAM-RIX) on one day: a retime keeps the bookings
where they are (their contacts are told by e-mail, and a passenger accepts on the booking site); a cancellation
moves each booking to the nearest flight that day with seats in its cabin, seats and tickets following it at no
cost; a cancellation with no flight left that day lists the bookings for staff, and a passenger there asks for a
refund (the whole booking cancelled, everything given back whatever the fare), or staff mark one seen to; a
smaller aircraft keeps the earliest bookings and moves the rest; a retime that breaks a connection moves the booking
to a flight that keeps it."""
import datetime
import html
import os
import email
import email.policy
import re
import shutil
import tempfile
import time
import unittest

from ibe_browser import Browser
from jw import Server, adults, card, free_port, today_plus
from smtp_sink import Sink
from test_openapi import validate

PLANNER = ("planner@example.com", "timetables are my trade")
AGENT = ("desk@example.com", "rebooking is my trade")
REVENUE = ("fares@example.com", "prices are my trade")


class ReaccommodationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mail_dir = tempfile.mkdtemp(prefix="jetway-mail-")
        cls.sink = Sink(free_port(), cls.mail_dir).start()
        cls.server = Server(admin=True, env={"JETWAY_SMTP_URL": f"smtp://127.0.0.1:{cls.sink.port}",
                                             "JETWAY_MAIL_FROM": "Kattegat Air <bookings@x9.example>",
                                             "JETWAY_MAIL_INTERVAL_MS": "200"})
        cls.server.add_staff(PLANNER[0], "schedules", PLANNER[1])
        cls.server.add_staff(AGENT[0], "reservations", AGENT[1])
        cls.server.add_staff(REVENUE[0], "revenue", REVENUE[1])
        cls.server.start()
        cls.office = cls.server.office_browser(*PLANNER)
        # The demo flies no HAM-RIX: one fare for the test's own flights (not refundable, no changes).
        revenue = cls.server.office_browser(*REVENUE)
        form = next(f for f in revenue.get("/fares?origin=HAM&destination=RIX").forms
                    if f["method"] == "post" and f["action"] == "/fares")
        filed = revenue.submit(form, origin="HAM", destination="RIX", **{"class": "M"}, pax_type="ADT",
                               brand="Classic", amount="99.00", currency="EUR", change_fee="", checked_bags="1",
                               valid_from=today_plus(0), valid_to=today_plus(90))
        assert filed.status == 303, filed.body[-600:]

    @classmethod
    def tearDownClass(cls):
        if os.environ.get("KEEP_LOG"):
            print(open(cls.server.log_path).read()[-6000:])
        cls.server.close()
        cls.sink.stop()
        shutil.rmtree(cls.mail_dir, ignore_errors=True)

    def config(self, code):
        return re.search(rf'<option value="(\d+)">{code} ', self.office.get("/schedules").body).group(1)

    def new_line(self, number, day, departure, arrival):
        form = self.office.get("/schedules").form("/schedules")
        created = self.office.submit(form, flight_number=str(number), origin="HAM", destination="RIX", valid_from=day,
                                     valid_to=day, departure=departure, arrival=arrival, config_id=self.config("E95"),
                                     **{f"day{d}": "1" for d in range(1, 8)})
        self.assertEqual(created.status, 303, created.body[-800:])
        line = created.headers["Location"].split("?")[0]
        listing = self.office.get(f"/flights?from={day}&to={day}&flight={number}")
        flight_id = int(re.search(r'href="/flights/(\d+)"', listing.body).group(1))
        return line, flight_id

    def book(self, flight_id, seats, pay=True, email="ida@example.dk"):
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "M"}], adults=seats)
        self.assertEqual(status, 201, held)
        if not pay:
            return held["locator"]
        status, paid, _ = self.server.request(
            "POST", f"/api/v1/bookings/{held['locator']}/confirm",
            {"passengers": adults(seats), "contact": {"email": email, "phone": "+45 32 31 32 31"}, "payment": card()},
            {"X-Hold-Token": held["hold_token"]})
        self.assertEqual(status, 200, paid)
        return held["locator"]

    def booking(self, locator):
        status, body, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Hansen")
        self.assertEqual(status, 200, body)
        return body

    def booked(self, flight_id):
        """(sold, held) over the flight's cabins."""
        inventory = self.server.inventory(flight_id)
        classes = [k for c in inventory["cabins"] for k in c["classes"]]
        return sum(k["sold"] for k in classes), sum(k["held"] for k in classes)

    def delivered(self, subject_part, timeout=20):
        """The first e-mail the SMTP server received whose subject has `subject_part`, parsed."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for raw in self.sink.messages():
                message = email.message_from_bytes(raw, policy=email.policy.default)
                if subject_part in message["Subject"]:
                    return message
            time.sleep(0.2)
        self.fail(f"no e-mail about {subject_part!r} arrived")

    def booking_page(self, locator):
        browser = Browser(self.server)
        found = browser.submit(browser.get("/manage").form("/manage"), locator=locator, last_name="Hansen")
        page = browser.follow(found)
        self.assertEqual(page.status, 200, page.body[:500])
        return browser, page

    def cancel_flight(self, flight_id):
        form = self.office.get(f"/flights/{flight_id}/cancel").form(f"/flights/{flight_id}/cancel")
        done = self.office.submit(form)
        self.assertEqual(done.status, 303, done.body[-500:])

    def test_retimed_flights_keep_their_passengers_and_cancelled_ones_move_them(self):
        day = (datetime.date.today() + datetime.timedelta(days=33)).isoformat()
        early_line, early = self.new_line(951, day, "07:00", "09:40")
        _, noon = self.new_line(952, day, "12:00", "14:40")
        _, evening = self.new_line(953, day, "18:00", "20:40")
        family = self.book(early, 2)
        held = self.book(early, 1, pay=False)
        tickets_before = [t["number"] for t in self.booking(family)["tickets"]]

        # A retime: the bookings stay (one flight, no connection to break), the paying contact is told.
        preview = self.office.submit(self.office.get(early_line).form(early_line + "/preview"), departure="07:30",
                                     arrival="10:10")
        applied = self.office.post(early_line + "/apply", preview.form(early_line + "/preview")["fields"])
        self.assertEqual(applied.status, 303, applied.body[-800:])
        self.assertEqual(self.server.schedule_changes(family), [("STAYS", str(early), "")])
        self.assertEqual(self.server.schedule_changes(held), [("STAYS", str(early), "")])
        self.assertIn("schedule_change", self.server.mail_kinds(family))
        told = self.delivered(f"your flight has changed (booking {family})")
        self.assertIn("ida@example.dk", told["To"])
        text = told.get_body(("plain",)).get_content()
        self.assertIn("X9951", text)
        self.assertIn("07:00", text)  # as sold
        self.assertIn("07:30", text)  # and now
        self.assertIn("Manage booking", text)
        self.assertEqual(self.booked(early), (2, 1))
        browser, page = self.booking_page(family)
        self.assertIn("data-change=", page.body)
        self.assertIn("07:00", page.body)  # as sold
        self.assertIn("07:30", page.body)  # and now
        accept = next(f for f in page.forms if f["fields"].get("answer") == "accept")
        accepted = browser.submit(accept)
        self.assertEqual(accepted.status, 303, accepted.body[:500])
        page = browser.follow(accepted)
        self.assertIn('data-answered="accept"', page.body)
        self.assertIn('data-answer="accepted"', page.body)
        self.assertEqual(browser.submit(accept).status, 409)  # answered once
        self.assertEqual(self.server.schedule_changes(family), [("STAYS", str(early), "ACCEPTED")])

        # API v1 shows the same, and takes the same answers.
        status, body, _ = self.server.request("GET", f"/api/v1/bookings/{held}/schedule-changes?last_name=Hansen")
        self.assertEqual(status, 200, body)
        (change,) = body["schedule_changes"]
        _, doc, _ = self.server.request("GET", "/api/v1/openapi.json")
        validate(change, {"$ref": "#/components/schemas/ScheduleChange"}, doc)
        self.assertEqual((change["kind"], change["outcome"], change["answer"]), ("retimed", "stays", None))
        self.assertTrue(change["was_departure_local"].endswith("07:00"), change)
        self.assertTrue(change["now"]["departure_local"].endswith("07:30"), change)
        path = f"/api/v1/bookings/{held}/schedule-changes/{change['id']}"
        status, body, _ = self.server.request("POST", path, {"answer": "maybe", "last_name": "Hansen"})
        self.assertEqual((status, body["error"]["code"]), (422, "INVALID_ANSWER"))
        status, body, _ = self.server.request("POST", path, {"answer": "accept", "last_name": "Hansen"})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["status"], "HELD")
        status, body, _ = self.server.request("POST", path, {"answer": "refund", "last_name": "Hansen"})
        self.assertEqual((status, body["error"]["code"]), (409, "CHANGE_ANSWERED"))

        # The flight cancelled: both move to the nearest flight that day (noon, not evening), seats and all.
        self.cancel_flight(early)
        self.assertEqual(self.booked(early), (0, 0))
        self.assertEqual(self.booked(noon), (2, 1))
        self.assertEqual(self.booked(evening), (0, 0))
        moved = self.booking(family)
        self.assertEqual(moved["status"], "CONFIRMED")
        self.assertEqual([s["flight_id"] for s in moved["segments"]], [noon])
        self.assertEqual(moved["total"], self.booking(family)["total"])
        self.assertEqual(self.server.schedule_changes(family)[-1], ("MOVED", str(noon), ""))
        tickets_after = [t["number"] for t in moved["tickets"] if all(c["status"] == "O" for c in t["coupons"])]
        self.assertEqual(len(tickets_after), 2)
        self.assertFalse(set(tickets_after) & set(tickets_before), "the tickets are exchanged for new ones")
        history = " ".join(h["detail"] for h in moved.get("history", []))
        if history:
            self.assertIn("moved to X9952", history)
        self.assertEqual([s["flight_id"] for s in self.booking(held)["segments"]], [noon])
        self.assertEqual(self.server.mail_kinds(family).count("schedule_change"), 2)

    def test_with_no_flight_left_that_day_staff_see_the_booking_and_passengers_may_take_a_refund(self):
        day = (datetime.date.today() + datetime.timedelta(days=34)).isoformat()
        _, only = self.new_line(954, day, "09:00", "11:40")
        refunding = self.book(only, 1)
        waiting = self.book(only, 2, email="ole@example.dk")
        self.cancel_flight(only)
        self.assertEqual(self.server.schedule_changes(refunding)[0][0], "UNPLACED")
        staff = self.office.get("/schedule-changes")
        self.assertEqual(staff.status, 200)
        for locator in (refunding, waiting):
            self.assertIn(f'data-locator="{locator}"', staff.body)
        self.assertIn("no flight the same day", staff.body)
        # The seats stay where they were until someone acts: the booking is not lost.
        self.assertEqual(self.booked(only), (3, 0))

        browser, page = self.booking_page(refunding)
        self.assertNotIn('value="accept"', page.body)  # nothing to accept
        refund = next(f for f in page.forms if f["fields"].get("answer") == "refund")
        unconfirmed = browser.submit(refund, confirm=None)
        self.assertEqual(unconfirmed.status, 422)
        self.assertEqual(self.booking(refunding)["status"], "CONFIRMED")
        done = browser.submit(refund, confirm="yes")
        self.assertEqual(done.status, 303, done.body[:500])
        self.assertIn('data-answered="refund"', browser.follow(done).body)
        cancelled = self.booking(refunding)
        self.assertEqual(cancelled["status"], "CANCELLED")
        self.assertEqual(self.server.schedule_changes(refunding)[0][2], "REFUNDED")
        # A Classic fare is not refundable; an involuntary refund gives everything back anyway.
        refunds = self.server.data_rows("SELECT h.detail FROM booking_history h "
                                        "JOIN bookings b ON b.id = h.booking_id "
                                        f"WHERE b.locator = '{refunding}' AND h.action = 'REFUND'")
        self.assertEqual(len(refunds), 1)
        self.assertIn(f"{cancelled['total']['amount']}", refunds[0][0].replace(",", ""))
        self.assertEqual(self.booked(only), (2, 0))

        staff = self.office.get("/schedule-changes")
        self.assertNotIn(f'data-locator="{refunding}"', staff.body)
        resolve = next(f for f in staff.forms if f["action"].endswith("/resolve"))
        self.assertEqual(self.office.submit(resolve).status, 403)  # the planner may read bookings, not change them
        desk = self.server.office_browser(*AGENT)
        done = desk.submit(next(f for f in desk.get("/schedule-changes").forms if f["action"] == resolve["action"]))
        self.assertEqual(done.status, 303, done.body[:500])
        self.assertNotIn(f'data-locator="{waiting}"', desk.get("/schedule-changes").body)
        self.assertEqual(self.server.schedule_changes(waiting)[0][2], "RESOLVED")

    def test_a_smaller_aircraft_keeps_the_earliest_bookings_and_moves_the_rest(self):
        saved = self.office.submit(self.office.get("/aircraft").form("/aircraft"), code="TNY",
                                   aircraft_type="Tiny turboprop", seats_Y="4", overbooking_Y="0")
        self.assertEqual(saved.status, 303, saved.body[-500:])
        day = (datetime.date.today() + datetime.timedelta(days=35)).isoformat()
        line, flight = self.new_line(957, day, "06:00", "08:40")
        _, later = self.new_line(958, day, "12:00", "14:40")
        first, second, third = (self.book(flight, 2) for _ in range(3))
        preview = self.office.submit(self.office.get(line).form(line + "/preview"), config_id=self.config("TNY"))
        self.assertIn("data-reequipped>1 flight", preview.body)
        for locator in (first, second, third):
            self.assertIn(f'href="/bookings/{locator}"', preview.body)
        applied = self.office.post(line + "/apply", preview.form(line + "/preview")["fields"])
        self.assertEqual(applied.status, 303, applied.body[-800:])
        inventory = self.server.inventory(flight)
        self.assertEqual([(c["cabin"], c["capacity"]) for c in inventory["cabins"]], [("Y", 4)])
        self.assertEqual(self.booked(flight), (4, 0))
        self.assertEqual(self.booked(later), (2, 0))
        self.assertEqual(self.server.schedule_changes(first), [])  # nothing changed for them: nothing to tell
        self.assertEqual(self.server.schedule_changes(second), [])
        self.assertEqual(self.server.schedule_changes(third), [("MOVED", str(later), "")])
        self.assertEqual([s["flight_id"] for s in self.booking(third)["segments"]], [later])

    def test_a_retime_that_breaks_a_connection_moves_the_booking_to_a_flight_that_keeps_it(self):
        day = (datetime.date.today() + datetime.timedelta(days=36)).isoformat()
        status, found, _ = self.server.search("CPH", "HAM", day)
        feeder = next(o["segments"][0] for o in found["outbound"] if len(o["segments"]) == 1)
        lands = feeder["arrival_local"][11:16]  # the demo's morning CPH-HAM, landing about 10:35
        line, onward = self.new_line(961, day, "12:00", "14:40")
        _, too_early = self.new_line(962, day, "11:00", "13:40")
        _, afternoon = self.new_line(963, day, "14:30", "17:10")
        status, held, _ = self.server.hold([{"flight_id": feeder["flight_id"], "booking_class": "M"},
                                            {"flight_id": onward, "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201, held)
        # HAM's minimum connecting time (the default, 45 minutes) is kept at 12:00 and broken at 11:05.
        hours, minutes = map(int, lands.split(":"))
        self.assertLessEqual(hours * 60 + minutes + 45, 12 * 60)
        self.assertGreater(hours * 60 + minutes + 45, 11 * 60 + 5)
        preview = self.office.submit(self.office.get(line).form(line + "/preview"), departure="11:05",
                                     arrival="13:45")
        applied = self.office.post(line + "/apply", preview.form(line + "/preview")["fields"])
        self.assertEqual(applied.status, 303, applied.body[-800:])
        booking = self.booking(held["locator"])
        self.assertEqual([s["flight_id"] for s in booking["segments"]], [feeder["flight_id"], afternoon])
        self.assertEqual(self.server.schedule_changes(held["locator"]), [("MOVED", str(afternoon), "")])
        self.assertEqual(self.booked(onward), (0, 0))
        self.assertEqual(self.booked(too_early), (0, 0))
        self.assertEqual(self.booked(afternoon), (0, 1))


if __name__ == "__main__":
    unittest.main()
