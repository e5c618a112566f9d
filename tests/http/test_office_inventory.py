"""The back office's inventory screens against the real binary on the engine under test: the flights of a day, one
flight's cabins and classes, opening and closing a class, authorizations and capacity that may shrink to what is
booked but never below it (409, nothing changed), the same change over a period and chosen days of the week (all
flights or none), load factor by day and route, and every change in the audit log."""
import datetime
import json
import re
import unittest

from jw import Server, adults, class_counts, today_plus

REVENUE = ("revenue@example.com", "yield management all day")
READER = ("reader@example.com", "reading is not changing")
ADMIN = ("admin@example.com", "keeper of the audit trail")


class OfficeInventoryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True)
        for (email, password), role in ((REVENUE, "revenue"), (READER, "read_only"), (ADMIN, "administrator")):
            cls.server.add_staff(email, role, password)
        cls.server.start()
        cls.revenue = cls.server.office_browser(*REVENUE)
        cls.reader = cls.server.office_browser(*READER)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def flight_on(self, days_ahead, origin="CPH", destination="HAM", index=0):
        status, body, _ = self.server.search(origin, destination, today_plus(days_ahead))
        self.assertEqual(status, 200, body)
        return body["outbound"][index]["segments"][0]["flight_id"]

    def economy(self, flight_id):
        return next(c for c in self.server.inventory(flight_id)["cabins"] if c["cabin"] == "Y")

    def cabin_form(self, browser, flight_id):
        page = browser.get(f"/flights/{flight_id}")
        self.assertEqual(page.status, 200, page.body[:300])
        return page.form(f"/flights/{flight_id}/cabins/Y")

    def audit(self):
        return self.server.office_browser(*ADMIN).get("/audit").body

    def test_the_flights_of_a_day_link_to_each_flights_inventory(self):
        day = today_plus(12)
        flight_id = self.flight_on(12)
        page = self.reader.get(f"/flights?from={day}&origin=CPH&destination=HAM")
        self.assertEqual(page.status, 200, page.body[:300])
        self.assertIn(f'href="/flights/{flight_id}"', page.body)
        self.assertNotIn("BGO", page.body)
        flight = self.reader.get(f"/flights/{flight_id}")
        self.assertEqual(flight.status, 200)
        for klass in "YBMHKL":
            self.assertIn(f'data-class="{klass}"', flight.body)
        self.assertNotIn("<button type=\"submit\">", flight.body.split("</nav>", 1)[1])  # read-only: no save button
        refused = self.reader.submit(flight.form(f"/flights/{flight_id}/cabins/Y"), closed_M="1")
        self.assertEqual(refused.status, 403)
        self.assertFalse(class_counts(self.server.inventory(flight_id), "M")["closed"])
        self.assertEqual(self.reader.get("/flights?from=2026-02-30").status, 422)
        self.assertEqual(self.reader.get("/flights/99999999").status, 404)

    def test_closing_a_class_stops_its_sales_and_opening_it_again_restores_them(self):
        flight_id = self.flight_on(13)
        closed = self.revenue.submit(self.cabin_form(self.revenue, flight_id), closed_H="1")
        self.assertEqual(closed.status, 303, closed.body[:500])
        self.assertEqual(closed.headers["Location"], f"/flights/{flight_id}?done=saved")
        h = class_counts(self.server.inventory(flight_id), "H")
        self.assertTrue(h["closed"])
        self.assertEqual(h["available"], 0)
        status, body, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "H"}], adults=1)
        self.assertEqual(status, 409, body)
        self.assertEqual(body["error"]["code"], "SEATS_UNAVAILABLE")
        opened = self.revenue.submit(self.cabin_form(self.revenue, flight_id), closed_H=None)
        self.assertEqual(opened.status, 303)
        self.assertFalse(class_counts(self.server.inventory(flight_id), "H")["closed"])
        self.assertEqual(self.server.hold([{"flight_id": flight_id, "booking_class": "H"}], adults=1)[0], 201)
        audit = self.audit()
        self.assertIn("inventory.change", audit)
        self.assertIn(f"flight {flight_id} cabin Y", audit)

    def test_authorization_and_capacity_shrink_to_what_is_booked_but_never_below(self):
        flight_id = self.flight_on(14)
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "M"}], adults=3)
        self.assertEqual(status, 201, held)
        self.assertEqual(self.server.confirm(held["locator"], adults(3))[0], 200)
        economy = self.economy(flight_id)
        at_or_below_m = sum(c["sold"] + c["held"] for c in economy["classes"] if c["nest_rank"] >= 2)
        booked = sum(c["sold"] + c["held"] for c in economy["classes"])
        before = json.dumps(economy, sort_keys=True)

        refused = self.revenue.submit(self.cabin_form(self.revenue, flight_id), authorized_M=str(at_or_below_m - 1))
        self.assertEqual(refused.status, 409, refused.body[-800:])
        self.assertIn('data-code="AUTHORIZATION_BELOW_BOOKED"', refused.body)
        self.assertIn(f"{at_or_below_m} seats are booked in M", refused.body)
        self.assertEqual(json.dumps(self.economy(flight_id), sort_keys=True), before)  # nothing changed

        small = self.revenue.submit(self.cabin_form(self.revenue, flight_id), capacity="1")
        self.assertEqual(small.status, 409)
        self.assertIn('data-code="CAPACITY_BELOW_BOOKED"', small.body)
        self.assertIn(f"{booked} seats are booked", small.body)
        self.assertEqual(json.dumps(self.economy(flight_id), sort_keys=True), before)

        shrunk = self.revenue.submit(self.cabin_form(self.revenue, flight_id), authorized_M=str(at_or_below_m))
        self.assertEqual(shrunk.status, 303, shrunk.body[:500])
        m = class_counts(self.server.inventory(flight_id), "M")
        self.assertEqual((m["authorized"], m["available"]), (at_or_below_m, 0))
        self.assertEqual(self.server.hold([{"flight_id": flight_id, "booking_class": "M"}], adults=1)[0], 409)

        bad = self.revenue.submit(self.cabin_form(self.revenue, flight_id), overbooking_pct="90")
        self.assertEqual(bad.status, 422)
        self.assertIn('data-code="INVALID_OVERBOOKING"', bad.body)

    def test_a_form_left_open_does_not_undo_a_colleagues_change(self):
        flight_id = self.flight_on(15)
        stale = self.cabin_form(self.revenue, flight_id)  # shows K open
        self.assertEqual(self.revenue.submit(self.cabin_form(self.revenue, flight_id), closed_K="1").status, 303)
        self.assertEqual(self.revenue.submit(stale, closed_B="1").status, 303)  # changes B only
        inventory = self.server.inventory(flight_id)
        self.assertTrue(class_counts(inventory, "K")["closed"])
        self.assertTrue(class_counts(inventory, "B")["closed"])

    def test_one_change_over_a_period_on_chosen_days_of_the_week(self):
        first = datetime.date.today() + datetime.timedelta(days=20)
        last = first + datetime.timedelta(days=13)
        tuesday_and_thursday = {"day2": "1", "day4": "1"}
        form = self.revenue.get("/inventory/change").form("/inventory/change")
        for d in range(1, 8):
            form["fields"].pop(f"day{d}", None)
        page = self.revenue.submit(form, origin="CPH", destination="BGO", **{"from": first.isoformat()},
                                   to=last.isoformat(), cabin="Y", **{"class": "L"}, class_action="close",
                                   **tuesday_and_thursday)
        self.assertEqual(page.status, 200, page.body[-800:])
        self.assertIn('data-done="applied"', page.body)
        changed = set(int(x) for x in re.findall(r'<li><a href="/flights/(\d+)"', page.body))
        self.assertGreaterEqual(len(changed), 4)
        listing = self.reader.get(f"/flights?from={first}&to={last}&origin=CPH&destination=BGO").body
        all_ids = set(int(x) for x in re.findall(r'href="/flights/(\d+)"', listing))
        self.assertTrue(changed < all_ids)
        for flight_id in all_ids:
            status, inventory, _ = self.server.office_get(f"/flights/{flight_id}/inventory")
            weekday = datetime.date.fromisoformat(inventory["departure_date"]).isoweekday()
            self.assertEqual(class_counts(inventory, "L")["closed"], weekday in (2, 4), (flight_id, weekday))
            self.assertEqual(flight_id in changed, weekday in (2, 4))

        # A change one flight cannot take changes none of them.
        status, held, _ = self.server.hold([{"flight_id": min(changed), "booking_class": "Y"}], adults=2)
        self.assertEqual(status, 201, held)
        before = {i: json.dumps(self.server.office_get(f"/flights/{i}/inventory")[1], sort_keys=True) for i in changed}
        refused = self.revenue.submit(form, origin="CPH", destination="BGO", **{"from": first.isoformat()},
                                      to=last.isoformat(), cabin="Y", capacity="1", **{"class": ""},
                                      class_action="keep", **tuesday_and_thursday)
        self.assertEqual(refused.status, 409, refused.body[-800:])
        self.assertIn("refuse the change, so none was changed", refused.body)
        after = {i: json.dumps(self.server.office_get(f"/flights/{i}/inventory")[1], sort_keys=True) for i in changed}
        self.assertEqual(after, before)

        nothing = self.revenue.submit(form, origin="CPH", destination="BGO", **{"from": first.isoformat()},
                                      to=last.isoformat(), cabin="Y", **{"class": ""}, class_action="keep")
        self.assertEqual(nothing.status, 422)
        no_days = self.revenue.post("/inventory/change", {"csrf": form["fields"]["csrf"], "days": "chosen",
                                                          "from": first.isoformat(), "to": last.isoformat(),
                                                          "cabin": "Y", "class": "L", "class_action": "open"})
        self.assertEqual(no_days.status, 422)
        self.assertIn('data-code="INVALID_DAYS"', no_days.body)

    def test_load_factor_by_day_and_route_adds_up_the_flights(self):
        day = today_plus(16)
        flight_id = self.flight_on(16, "CPH", "BGO")
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "Y"}], adults=4)
        self.assertEqual(status, 201, held)
        self.assertEqual(self.server.confirm(held["locator"], adults(4))[0], 200)
        page = self.reader.get(f"/inventory/load-factor?from={day}&to={day}&origin=CPH&destination=BGO")
        self.assertEqual(page.status, 200, page.body[:300])
        listing = self.reader.get(f"/flights?from={day}&origin=CPH&destination=BGO").body
        capacity = sold = 0
        for i in set(re.findall(r'href="/flights/(\d+)"', listing)):
            inventory = self.server.office_get(f"/flights/{i}/inventory")[1]
            capacity += sum(c["capacity"] for c in inventory["cabins"])
            sold += sum(k["sold"] for c in inventory["cabins"] for k in c["classes"])
        self.assertGreaterEqual(sold, 4)
        row = re.search(r"<td>CPH–BGO</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", page.body)
        self.assertIsNotNone(row, page.body[-1500:])
        self.assertEqual((int(row.group(2)), int(row.group(3))), (capacity, sold))
        self.assertIn(f"{(sold * 100 + capacity // 2) // capacity}%", page.body)


if __name__ == "__main__":
    unittest.main()
