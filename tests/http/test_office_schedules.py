"""The back office's schedule screens against the real binary on the engine under test: a new schedule line and
its flights; a line's days, times and aircraft changed after a preview; a change that moves or removes booked
flights refused until confirmed with the preview's own confirmation, and then applied without losing a seat (a
removed booked flight stays as CANCELLED, its passengers re-accommodated; a booked flight moves to a new aircraft
with its seats, or stays on its old one when passengers hold seat numbers); one date cancelled."""
import datetime
import re
import unittest

from jw import Server, adults, today_plus

PLANNER = ("planner@example.com", "timetables are my trade")


class OfficeSchedulesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True)
        cls.server.add_staff(PLANNER[0], "schedules", PLANNER[1])
        cls.server.start()
        cls.office = cls.server.office_browser(*PLANNER)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def new_line(self, number, first, last, departure="07:00", arrival="08:05", **extra):
        form = self.office.get("/schedules").form("/schedules")
        fields = dict(flight_number=str(number), origin="CPH", destination="HAM", valid_from=first, valid_to=last,
                      departure=departure, arrival=arrival, **{f"day{d}": "1" for d in range(1, 8)})
        fields.update(extra)
        return self.office.submit(form, **fields)

    def flights_of(self, number, first, last):
        """{date: (flight_id, departure_utc, status, economy capacity)} of flight X9<number> from the inventory."""
        listing = self.office.get(f"/flights?from={first}&to={last}&flight={number}")
        self.assertEqual(listing.status, 200)
        found = {}
        for flight_id in sorted(set(re.findall(r'href="/flights/(\d+)"', listing.body))):
            inventory = self.server.inventory(int(flight_id))
            economy = next(c for c in inventory["cabins"] if c["cabin"] == "Y")
            found[inventory["departure_date"]] = (int(flight_id), inventory["departure_utc"], inventory["status"],
                                                  economy["capacity"])
        return found

    def test_a_new_line_flies_every_day_of_its_period(self):
        first, last = today_plus(5), today_plus(11)
        created = self.new_line(901, first, last)
        self.assertEqual(created.status, 303, created.body[-800:])
        self.assertRegex(created.headers["Location"], r"^/schedules/\d+\?done=created$")
        flights = self.flights_of(901, first, last)
        self.assertEqual(len(flights), 7)
        status, body, _ = self.server.search("CPH", "HAM", first)
        self.assertIn("X9901", [s["flight_number"] for o in body["outbound"] for s in o["segments"]])
        bad = self.new_line(902, first, last, departure="25:00")
        self.assertEqual(bad.status, 422)
        self.assertIn('data-code="INVALID_TIME"', bad.body)
        no_days = self.new_line(902, first, last, **{f"day{d}": None for d in range(1, 8)})
        self.assertEqual(no_days.status, 422)
        self.assertIn('data-code="INVALID_DAYS"', no_days.body)

    def edit(self, line_path, **changes):
        form = self.office.get(line_path).form(line_path + "/preview")
        preview = self.office.submit(form, **changes)
        self.assertEqual(preview.status, 200, preview.body[-800:])
        return preview

    def test_changes_are_previewed_and_booked_flights_need_a_confirmation(self):
        first_day = datetime.date.today() + datetime.timedelta(days=20)
        first, last = first_day.isoformat(), (first_day + datetime.timedelta(days=13)).isoformat()
        listing = self.office.get("/schedules").body
        e95, dh4 = (re.search(rf'<option value="(\d+)">{code} ', listing).group(1) for code in ("E95", "DH4"))
        created = self.new_line(903, first, last, config_id=e95)  # with a seat map (passengers choose seats)
        line = created.headers["Location"].split("?")[0]
        before = self.flights_of(903, first, last)
        self.assertEqual(len(before), 14)

        # Nobody booked: fewer days and later times apply at once.
        preview = self.edit(line, departure="07:15", arrival="08:20", day2=None)
        self.assertIn("data-plan", preview.body)
        self.assertNotIn("data-touched", preview.body)
        applied = self.office.post(line + "/apply", {**preview.form(line + "/preview")["fields"]})
        self.assertEqual(applied.status, 303, applied.body[-800:])
        after = self.flights_of(903, first, last)
        self.assertEqual(len(after), 12)  # the two Tuesdays are gone
        for day, (flight_id, departure, status, _) in after.items():
            self.assertNotEqual(datetime.date.fromisoformat(day).isoweekday(), 2)
            self.assertEqual(flight_id, before[day][0])  # the same flights, moved
            self.assertNotEqual(departure, before[day][1])

        # A booking on a Wednesday: taking Wednesdays away needs the preview's confirmation.
        wednesday = next(d for d in sorted(after) if datetime.date.fromisoformat(d).isoweekday() == 3)
        flight_id = after[wednesday][0]
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "M"}], adults=2)
        self.assertEqual(status, 201, held)
        self.assertEqual(self.server.confirm(held["locator"], adults(2))[0], 200)
        preview = self.edit(line, day3=None)
        self.assertIn("data-touched", preview.body)
        self.assertIn(f'href="/bookings/{held["locator"]}"', preview.body)
        fields = preview.form(line + "/preview")["fields"]
        unconfirmed = self.office.post(line + "/apply", {**fields, "confirmation": ""})
        self.assertEqual(unconfirmed.status, 409)
        self.assertIn('data-code="CONFIRMATION_REQUIRED"', unconfirmed.body)
        self.assertEqual(len(self.flights_of(903, first, last)), 12)  # nothing changed
        applied = self.office.post(line + "/apply", fields)
        self.assertEqual(applied.status, 303, applied.body[-800:])
        kept = self.server.inventory(flight_id)
        self.assertEqual(kept["status"], "CANCELLED")
        # Its passengers are re-accommodated on the day's other CPH-HAM flight (test_reaccommodation has the rule):
        # the seats go with them, none is lost on the way.
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}?last_name=Hansen")
        self.assertEqual(booking["status"], "CONFIRMED")
        moved_to = booking["segments"][0]["flight_id"]
        self.assertNotEqual(moved_to, flight_id)
        self.assertEqual(self.server.inventory(moved_to)["departure_date"], wednesday)
        self.assertEqual(sum(k["sold"] for c in kept["cabins"] for k in c["classes"]), 0)
        self.assertGreaterEqual(sum(k["sold"] for c in self.server.inventory(moved_to)["cabins"]
                                    for k in c["classes"]), 2)
        status, body, _ = self.server.search("CPH", "HAM", wednesday)
        self.assertNotIn("X9903", [s["flight_number"] for o in body["outbound"] for s in o["segments"]])

        # A new aircraft: empty flights are rebuilt on it; a booked one moves to it with its seats carried over,
        # unless a passenger holds a seat number of the old seat map (it then keeps its old cabins).
        thursday, friday = (next(d for d in sorted(after) if datetime.date.fromisoformat(d).isoweekday() == weekday)
                            for weekday in (4, 5))
        status, held, _ = self.server.hold([{"flight_id": after[thursday][0], "booking_class": "Y"}], adults=1)
        self.assertEqual(status, 201, held)
        status, seated, _ = self.server.hold([{"flight_id": after[friday][0], "booking_class": "Y"}], adults=1)
        self.assertEqual(status, 201, seated)
        self.assertEqual(self.server.confirm(seated["locator"], adults(1))[0], 200)
        seats_path = f"/api/v1/bookings/{seated['locator']}/segments/1/seats"
        status, seat_map, _ = self.server.request("GET", seats_path + "?last_name=Hansen")
        self.assertEqual(status, 200, seat_map)
        free = next(s["seat"] for r in seat_map["rows"] for s in r["seats"]
                    if s["status"] == "free" and s["cabin"] == "Y" and not s["paid"] and not s["exit"])
        status, body, _ = self.server.request("POST", seats_path, {"seats": [{"passenger": 1, "seat": free}],
                                                                   "last_name": "Hansen"})
        self.assertEqual(status, 200, body)
        preview = self.edit(line, config_id=dh4, day3=None)
        self.assertIn(f'href="/bookings/{held["locator"]}"', preview.body)
        self.assertIn(f'href="/bookings/{seated["locator"]}"', preview.body)
        applied = self.office.post(line + "/apply", preview.form(line + "/preview")["fields"])
        self.assertEqual(applied.status, 303, applied.body[-800:])
        rebuilt = self.flights_of(903, first, last)
        capacities = {day: capacity for day, (_, _, status, capacity) in rebuilt.items() if status == "SCHEDULED"}
        self.assertEqual(capacities[friday], after[friday][3])  # the seated one stays as it was
        self.assertTrue(all(c != after[friday][3] for d, c in capacities.items() if d != friday), capacities)
        moved = self.server.inventory(after[thursday][0])
        self.assertEqual(sum(k["held"] for c in moved["cabins"] for k in c["classes"] if k["booking_class"] == "Y"), 1)

    def test_one_date_is_cancelled_after_seeing_its_bookings(self):
        day = today_plus(25)
        status, body, _ = self.server.search("CPH", "BGO", day)
        flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201)
        page = self.office.get(f"/flights/{flight_id}/cancel")
        self.assertEqual(page.status, 200)
        self.assertIn(f'href="/bookings/{held["locator"]}"', page.body)
        form = page.form(f"/flights/{flight_id}/cancel")
        refused = self.office.submit(form, confirmation="")
        self.assertEqual(refused.status, 409)
        self.assertEqual(self.server.inventory(flight_id)["status"], "SCHEDULED")
        done = self.office.submit(form)
        self.assertEqual(done.status, 303, done.body[-500:])
        self.assertEqual(self.server.inventory(flight_id)["status"], "CANCELLED")
        again = self.office.get(f"/flights/{flight_id}/cancel")
        self.assertEqual(again.status, 409)

    def test_an_airport_is_added_and_edited(self):
        listing = self.office.get("/airports")
        self.assertEqual(listing.status, 200)
        self.assertNotIn("data-done", listing.body)  # no "Saved." on a plain visit
        for code in ("CPH", "HAM", "BGO"):
            self.assertIn(f'href="/airports?code={code}"', listing.body)
        form = listing.form("/airports")
        fields = dict(code="qqx", icao="EKQQ", name="Test Field", city="Testby", country="Denmark",
                      time_zone="Europe/Copenhagen", latitude="55.2", longitude="9.26")
        saved = self.office.submit(form, **fields)
        self.assertEqual(saved.status, 303, saved.body[-600:])
        edit = self.office.get("/airports?code=QQX")
        self.assertIn('value="Test Field"', edit.body)
        self.assertIn('value="55.200000"', edit.body)
        renamed = self.office.submit(edit.form("/airports"), name="Test Field North")
        self.assertEqual(renamed.status, 303)
        self.assertIn('value="Test Field North"', self.office.get("/airports?code=QQX").body)
        for field, value, code in (("time_zone", "Mars/Olympus", "UNKNOWN_TIME_ZONE"), ("latitude", "95", "INVALID_POSITION"),
                                   ("latitude", "north", "INVALID_POSITION"), ("code", "Q1", "INVALID_AIRPORT"),
                                   ("icao", "EK", "INVALID_ICAO")):
            refused = self.office.submit(form, **{**fields, field: value})
            self.assertEqual(refused.status, 422, (field, value))
            self.assertIn(f'data-code="{code}"', refused.body)
        self.assertEqual(self.office.get("/airports?code=ZZZ").status, 404)

    def test_a_new_aircraft_configuration_builds_the_flights_of_a_new_line(self):
        page = self.office.get("/aircraft")
        self.assertEqual(page.status, 200)
        self.assertIn('data-config="DH4"', page.body)
        form = page.form("/aircraft")
        saved = self.office.submit(form, code="at7", aircraft_type="ATR 72-600", seats_Y="70", overbooking_Y="3")
        self.assertEqual(saved.status, 303, saved.body[-600:])
        self.assertIn('data-config="AT7"', self.office.get("/aircraft").body)
        for changes, code in (({"seats_Y": ""}, "INVALID_CONFIG"), ({"overbooking_Y": "40"}, "INVALID_OVERBOOKING"),
                              ({"code": "a t"}, "INVALID_CONFIG_CODE"), ({"seats_Y": "1000"}, "INVALID_CABIN_SEATS")):
            refused = self.office.submit(form, **{"code": "AT7", "aircraft_type": "ATR 72-600", "seats_Y": "70",
                                                  **changes})
            self.assertEqual(refused.status, 422, changes)
            self.assertIn(f'data-code="{code}"', refused.body)
        configs = self.office.get("/schedules").form("/schedules")["selects"]["config_id"]
        listing = self.office.get("/schedules")
        at7 = re.search(r'<option value="(\d+)">AT7 ', listing.body).group(1)
        self.assertIn(at7, configs)
        first, last = today_plus(30), today_plus(31)
        created = self.new_line(904, first, last, config_id=at7)
        self.assertEqual(created.status, 303, created.body[-600:])
        flights = self.flights_of(904, first, last)
        self.assertEqual([capacity for _, _, _, capacity in flights.values()], [70, 70])


if __name__ == "__main__":
    unittest.main()
