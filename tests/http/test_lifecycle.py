"""The booking spine end to end against the real binary: search, hold, confirm, retrieve, cancel, expire."""
import datetime
import json
import signal
import time
import unittest

from jw import Server, adults, card, class_counts, next_weekday, soon_flight, today_plus


class LifecycleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def direct_flight(self, origin="CPH", destination="HAM", days=10):
        status, body, _ = self.server.search(origin, destination, today_plus(days))
        self.assertEqual(status, 200, body)
        self.assertTrue(body["outbound"], "no direct flights found")
        return body["outbound"][0]["segments"][0]

    # --- reference data and search ----------------------------------------------------------------------------
    def test_health_and_readiness(self):
        self.assertEqual(self.server.request("GET", "/healthz")[0], 200)
        status, body, _ = self.server.request("GET", "/readyz")
        self.assertEqual((status, body["status"]), (200, "ready"))

    def test_airport_search(self):
        status, body, _ = self.server.request("GET", "/api/v1/airports?q=cph")
        self.assertEqual(status, 200)
        first = body["airports"][0]
        self.assertEqual((first["code"], first["time_zone"], first["country"]), ("CPH", "Europe/Copenhagen", "Denmark"))
        status, body, _ = self.server.request("GET", "/api/v1/airports?q=Aberdeen")
        self.assertIn("ABZ", [a["code"] for a in body["airports"]])

    def test_routes(self):
        status, body, _ = self.server.request("GET", "/api/v1/routes")
        self.assertEqual(status, 200)
        pairs = {(r["airline"], r["origin"], r["destination"]) for r in body["routes"]}
        self.assertIn(("X9", "CPH", "ABZ"), pairs)
        self.assertIn(("X9", "RIX", "CPH"), pairs)
        self.assertGreaterEqual(len(pairs), 16)

    def test_connections_are_found_sorted_and_respect_connection_time(self):
        status, body, _ = self.server.search("ABZ", "RIX", next_weekday(3), adults=2)  # both banks fly on Wednesdays
        self.assertEqual(status, 200, body)
        journeys = body["outbound"]
        self.assertGreaterEqual(len(journeys), 2)
        departures = [j["segments"][0]["departure_utc"] for j in journeys]
        self.assertEqual(departures, sorted(departures))
        for j in journeys:
            first, second = j["segments"]
            self.assertEqual((first["origin"], first["destination"], second["destination"]), ("ABZ", "CPH", "RIX"))
            arrive = datetime.datetime.fromisoformat(first["arrival_utc"].replace("Z", "+00:00"))
            leave = datetime.datetime.fromisoformat(second["departure_utc"].replace("Z", "+00:00"))
            self.assertGreaterEqual((leave - arrive).total_seconds(), 40 * 60)
            # Local times carry each airport's own offset: Aberdeen is one hour behind Copenhagen, Riga one ahead.
            dep_off = datetime.datetime.fromisoformat(first["departure_local"]).utcoffset()
            arr_off = datetime.datetime.fromisoformat(second["arrival_local"]).utcoffset()
            self.assertEqual((arr_off - dep_off).total_seconds(), 2 * 3600)
            for offer in j["offers"]:
                self.assertTrue(0 < offer["seats_available"] <= 9)
                self.assertEqual(offer["price"]["total"]["currency"], "EUR")
            totals = [float(o["price"]["total"]["amount"]) for o in j["offers"]]
            self.assertEqual(totals, sorted(totals))
            self.assertEqual({o["brand"] for o in j["offers"]} >= {"Light", "Classic", "Flex"}, True)

    def test_return_search(self):
        status, body, _ = self.server.search("CPH", "BGO", today_plus(12), return_date=today_plus(15))
        self.assertEqual(status, 200, body)
        self.assertTrue(body["outbound"])
        self.assertTrue(body["return"])
        self.assertEqual(body["return"][0]["segments"][0]["origin"], "BGO")

    def test_party_price_is_sum_of_passenger_types(self):
        status, body, _ = self.server.search("CPH", "HAM", today_plus(11), adults=2, children=1, infants=1)
        self.assertEqual(status, 200, body)
        offer = body["outbound"][0]["offers"][0]
        lines = {p["pax_type"]: p for p in offer["price"]["per_passenger_type"]}
        self.assertEqual(set(lines), {"ADT", "CHD", "INF"})
        cents = lambda m: round(float(m["amount"]) * 100)
        expected = sum((cents(p["fare"]) + cents(p["taxes"])) * p["count"] for p in lines.values())
        self.assertEqual(cents(offer["price"]["total"]), expected)
        self.assertLess(cents(lines["CHD"]["fare"]), cents(lines["ADT"]["fare"]))
        self.assertLess(cents(lines["INF"]["taxes"]), cents(lines["ADT"]["taxes"]))  # infants skip most taxes

    def test_prices_in_another_currency(self):
        eur = self.server.search("CPH", "HAM", today_plus(11))[1]["outbound"][0]["offers"][0]["price"]["total"]
        dkk = self.server.search("CPH", "HAM", today_plus(11), currency="DKK")[1]["outbound"][0]["offers"][0]["price"]["total"]
        self.assertEqual(dkk["currency"], "DKK")
        ratio = float(dkk["amount"]) / float(eur["amount"])
        self.assertAlmostEqual(ratio, 7.46, delta=0.05)

    def test_sold_out_class_is_not_offered(self):
        # The demo's revenue management sells out class L on Friday evening flights.
        friday = next_weekday(5)
        status, body, _ = self.server.search("CPH", "HAM", friday)
        evening = [j for j in body["outbound"] if j["segments"][0]["flight_number"].endswith("4")]
        self.assertTrue(evening)
        self.assertNotIn("L", [o["booking_class"] for o in evening[0]["offers"]])
        inv = self.server.inventory(evening[0]["segments"][0]["flight_id"])
        l_class = class_counts(inv, "L")
        self.assertEqual((l_class["authorized"], l_class["available"]), (0, 0))

    def test_next_day_arrival(self):
        friday = next_weekday(5)
        status, body, _ = self.server.search("CPH", "RIX", friday)
        late = [j for j in body["outbound"] if j["segments"][0]["departure_local"][11:16] == "22:55"]
        self.assertTrue(late, "the late Riga rotation should fly on Fridays")
        seg = late[0]["segments"][0]
        self.assertEqual(seg["arrival_local"][:10],
                         (datetime.date.fromisoformat(friday) + datetime.timedelta(days=1)).isoformat())

    # --- the booking lifecycle ---------------------------------------------------------------------------------
    def test_hold_confirm_retrieve_cancel(self):
        seg = self.direct_flight("CPH", "GOT", 20)
        before = class_counts(self.server.inventory(seg["flight_id"]), "M")
        status, held, headers = self.server.hold([{"flight_id": seg["flight_id"], "booking_class": "M"}], adults=2)
        self.assertEqual(status, 201, held)
        self.assertEqual(held["status"], "HELD")
        self.assertRegex(held["locator"], r"^[A-HJKMNP-Z2-9]{6}$")
        self.assertIsNotNone(held["hold_expires_at"])
        self.assertEqual(headers["Location"], f"/api/v1/bookings/{held['locator']}")
        after_hold = class_counts(self.server.inventory(seg["flight_id"]), "M")
        self.assertEqual(after_hold["held"], before["held"] + 2)

        locator = held["locator"]
        passengers = adults(2, last="Kierkegaard")
        status, confirmed, _ = self.server.confirm(locator, passengers, card())
        self.assertEqual(status, 200, confirmed)
        self.assertEqual(confirmed["status"], "CONFIRMED")
        self.assertIsNone(confirmed["hold_expires_at"])
        self.assertEqual(confirmed["total"], held["total"])
        self.assertEqual([p["status"] for p in confirmed["payments"]], ["APPROVED"])
        after_confirm = class_counts(self.server.inventory(seg["flight_id"]), "M")
        self.assertEqual((after_confirm["sold"], after_confirm["held"]), (before["sold"] + 2, before["held"]))

        status, got, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=kierkegaard")
        self.assertEqual(status, 200, got)
        self.assertEqual([p["last_name"] for p in got["passengers"]], ["KIERKEGAARD", "KIERKEGAARD"])
        self.assertEqual([h["action"] for h in got["history"]], ["HOLD", "PAYMENT", "CONFIRM", "TICKETED"])
        # Paid in full: an e-ticket per passenger, X9's accounting code and a 10-digit serial, one open coupon each.
        tickets = got["tickets"]
        self.assertEqual([t["passenger"] for t in tickets], [1, 2])
        for t in tickets:
            self.assertRegex(t["number"], r"^919\d{10}$")
            self.assertEqual([(c["flight_id"], c["status"]) for c in t["coupons"]], [(seg["flight_id"], "O")])
        self.assertEqual(int(tickets[1]["number"]), int(tickets[0]["number"]) + 1)
        self.assertTrue(all(h["channel"] == "api" for h in got["history"]))

        status, body, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Andersen")
        self.assertEqual((status, body["error"]["code"]), (404, "BOOKING_NOT_FOUND"))
        status, body, _ = self.server.request("GET", f"/api/v1/bookings/{locator}")
        self.assertEqual(status, 404)

        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/cancel", {"last_name": "Nobody"})
        self.assertEqual(status, 404)
        status, cancelled, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/cancel",
                                                   {"last_name": "KIERKEGAARD"})
        self.assertEqual(status, 200, cancelled)
        self.assertEqual(cancelled["status"], "CANCELLED")
        self.assertEqual([h["action"] for h in cancelled["history"]][-2:], ["CANCEL", "TICKETS_VOIDED"])
        self.assertEqual({c["status"] for t in cancelled["tickets"] for c in t["coupons"]}, {"V"})  # the same day
        after_cancel = class_counts(self.server.inventory(seg["flight_id"]), "M")
        self.assertEqual((after_cancel["sold"], after_cancel["held"]), (before["sold"], before["held"]))
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/cancel", {"last_name": "Kierkegaard"})
        self.assertEqual((status, body["error"]["code"]), (409, "INVALID_BOOKING_STATE"))

    def test_change_a_flight_for_another_day(self):
        first = self.direct_flight("CPH", "GOT", 22)
        later = self.direct_flight("CPH", "GOT", 23)
        before_first = class_counts(self.server.inventory(first["flight_id"]), "M")
        before_later = class_counts(self.server.inventory(later["flight_id"]), "M")
        status, held, _ = self.server.hold([{"flight_id": first["flight_id"], "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201, held)
        locator, token = held["locator"], {"X-Hold-Token": held["hold_token"]}
        change = {"segment": 1, "flight_id": later["flight_id"], "booking_class": "M"}
        # Without the hold's token the booking does not open; another route is refused; nothing moves.
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/change", change, stranger=True)
        self.assertEqual((status, body["error"]["code"]), (404, "BOOKING_NOT_FOUND"))
        other = self.direct_flight("CPH", "HAM", 23)
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/change",
                                              {**change, "flight_id": other["flight_id"]}, token)
        self.assertEqual((status, body["error"]["code"]), (422, "CHANGE_ROUTE_DIFFERS"))
        self.assertEqual(class_counts(self.server.inventory(first["flight_id"]), "M")["held"], before_first["held"] + 1)

        # A hold changes for the new price alone: the held seat moves.
        status, changed, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/change", change, token)
        self.assertEqual(status, 200, changed)
        self.assertEqual(changed["booking"]["segments"][0]["flight_id"], later["flight_id"])
        self.assertEqual(changed["change"]["fee"]["amount"], "0.00")
        self.assertEqual(changed["booking"]["history"][-1]["action"], "CHANGE")
        self.assertEqual(class_counts(self.server.inventory(first["flight_id"]), "M"), before_first)
        self.assertEqual(class_counts(self.server.inventory(later["flight_id"]), "M")["held"], before_later["held"] + 1)
        status, confirmed, _ = self.server.confirm(locator, adults(1, last="Blixen"), card())
        self.assertEqual((status, confirmed["total"]), (200, changed["booking"]["total"]), confirmed)

        # Paid by card, a change that costs more (the Classic fare's fee) is refused and changes nothing.
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/change",
                                              {**change, "flight_id": first["flight_id"], "last_name": "Blixen"})
        self.assertEqual((status, body["error"]["code"]), (409, "PAYMENT_REQUIRED"), body)
        self.assertIn("costs", body["error"]["message"])
        after = class_counts(self.server.inventory(later["flight_id"]), "M")
        self.assertEqual((after["sold"], after["held"]), (before_later["sold"] + 1, before_later["held"]))

    def test_cancel_one_flight_of_a_return_journey(self):
        out = self.direct_flight("CPH", "GOT", 24)
        back = self.direct_flight("GOT", "CPH", 26)
        before = class_counts(self.server.inventory(back["flight_id"]), "M")
        status, held, _ = self.server.hold([{"flight_id": out["flight_id"], "booking_class": "M"},
                                            {"flight_id": back["flight_id"], "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201, held)
        locator = held["locator"]
        status, confirmed, _ = self.server.confirm(locator, adults(1, last="Rifbjerg"), card())
        self.assertEqual(status, 200, confirmed)
        path = f"/api/v1/bookings/{locator}/segments/2/cancel"
        status, body, _ = self.server.request("POST", path, {"last_name": "Nobody"})
        self.assertEqual((status, body["error"]["code"]), (404, "BOOKING_NOT_FOUND"))
        status, body, _ = self.server.request("POST", path, {"last_name": "Rifbjerg"})
        self.assertEqual(status, 200, body)
        self.assertEqual([s["flight_id"] for s in body["booking"]["segments"]], [out["flight_id"]])
        self.assertEqual([h["action"] for h in body["booking"]["history"]][-2:], ["FLIGHT_CANCELLED", "COUPONS_REFUNDED"])
        coupons = {c["segment"]: c["status"] for t in body["booking"]["tickets"] for c in t["coupons"]}
        self.assertEqual(coupons, {1: "O", 2: "R"})
        after = class_counts(self.server.inventory(back["flight_id"]), "M")
        self.assertEqual((after["sold"], after["held"]), (before["sold"], before["held"]))
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/segments/1/cancel",
                                              {"last_name": "Rifbjerg"})
        self.assertEqual((status, body["error"]["code"]), (409, "LAST_FLIGHT"))

    def soon_flight(self, origin, destination):
        segment = soon_flight(self.server, origin, destination)
        if not segment:
            self.skipTest(f"no {origin}-{destination} flight in its check-in window now")
        return segment

    def test_web_check_in_gives_boarding_passes_whose_barcode_text_is_iata(self):
        segment = self.soon_flight("CPH", "HAM")
        status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201, held)
        locator = held["locator"]
        status, paid, _ = self.server.confirm(locator, adults(1, last="Dinesen"), card())
        self.assertEqual(status, 200, paid)
        path = f"/api/v1/bookings/{locator}/check-in"
        # Copenhagen to Hamburg crosses a border: no passport on file, no check-in.
        status, body, _ = self.server.request("POST", path, {"segment": 1, "last_name": "Dinesen"})
        self.assertEqual((status, body["error"]["code"]), (422, "DOCUMENT_REQUIRED"), body)
        _, unchanged, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Dinesen")
        self.assertEqual({c["status"] for t in unchanged["tickets"] for c in t["coupons"]}, {"O"})
        # The passport given at check-in: an expired one refused (nothing kept), a valid one kept and checked in.
        expired = {"type": "P", "number": "DK7654321", "issuing_country": "DK", "expiry": "2020-01-01"}
        status, body, _ = self.server.request("POST", path, {"segment": 1, "last_name": "Dinesen", "documents": [
            {"passenger": 1, "nationality": "DK", "document": expired}]})
        self.assertEqual((status, body["error"]["code"]), (422, "DOCUMENT_EXPIRED"), body)
        for junk in ("x", [{"passenger": 1, "document": "P"}], [{"document": expired}], [{"passenger": 9}]):
            status, body, _ = self.server.request("POST", path, {"segment": 1, "last_name": "Dinesen",
                                                                 "documents": junk})
            self.assertIn(status, (400, 422), (junk, body))
        _, unchanged, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Dinesen")
        self.assertNotIn("document", unchanged["passengers"][0])
        passport = {"type": "P", "number": "DK1234560", "issuing_country": "DK", "expiry": "2032-01-31"}
        status, body, _ = self.server.request("POST", path, {"segment": 1, "last_name": "Dinesen", "documents": [
            {"passenger": 1, "nationality": "dk", "document": passport}]})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["booking"]["passengers"][0]["document"], passport)
        self.assertEqual(body["booking"]["passengers"][0]["nationality"], "DK")
        # In the standard shape too: SSR DOCS with the countries as ISO alpha-3 (the adult's title MR: M).
        self.assertEqual(body["booking"]["passengers"][0]["docs"],
                         "SSR DOCS X9 HK1/P/DNK/DK1234560/DNK//M/31JAN32/DINESEN/JENSA")
        self.assertEqual(len(body["boarding_passes"]), 1)

        status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=1)
        locator = held["locator"]
        document = {"type": "P", "number": "DK1234567", "issuing_country": "DK", "expiry": "2031-06-30"}
        status, paid, _ = self.server.confirm(locator, [{**adults(1, last="Blixen")[0], "document": document}], card())
        self.assertEqual(status, 200, paid)
        path = f"/api/v1/bookings/{locator}/check-in"
        status, body, _ = self.server.request("POST", path, {"segment": 1, "last_name": "Nobody"})
        self.assertEqual(status, 404)
        status, seat_map, _ = self.server.request("GET", f"/api/v1/bookings/{locator}/segments/1/seats?last_name=Blixen")
        self.assertEqual(status, 200, seat_map)
        seat = next(s["seat"] for row in seat_map["rows"] for s in row["seats"]
                    if s["status"] == "free" and s["cabin"] == "Y" and not s["paid"])
        status, body, _ = self.server.request("POST", path, {"segment": 1, "last_name": "Blixen",
                                                             "seats": [{"passenger": 1, "seat": seat}]})
        self.assertEqual(status, 200, body)
        [boarding] = body["boarding_passes"]
        self.assertEqual(body["booking"]["seats"], [{"passenger": 1, "segment": 1, "seat": seat, "checked_in": True,
                                                     "sequence": boarding["sequence"]}])
        self.assertGreaterEqual(boarding["sequence"], 1)
        [ticket] = body["booking"]["tickets"]
        self.assertEqual([c["status"] for c in ticket["coupons"]], ["C"])
        # The barcode's text, read by its IATA Res. 792 positions.
        bcbp = boarding["bcbp"]
        departs = datetime.datetime.fromisoformat(segment["departure_local"])
        self.assertEqual(bcbp[0:2], "M1")
        self.assertEqual(bcbp[2:22].rstrip(), "BLIXEN/" + paid["passengers"][0]["first_name"])
        self.assertEqual(bcbp[22], "E")
        self.assertEqual(bcbp[23:30].rstrip(), locator)
        self.assertEqual(bcbp[30:36], "CPHHAM")
        self.assertEqual(bcbp[36:39], "X9 ")
        self.assertEqual(int(bcbp[39:43]), int(segment["flight_number"][2:]))
        self.assertEqual(int(bcbp[44:47]), departs.timetuple().tm_yday)
        self.assertEqual(bcbp[48:52], seat.rjust(4, "0"))
        self.assertEqual(int(bcbp[52:56]), boarding["sequence"])
        self.assertEqual(bcbp[57], "1")  # checked in
        self.assertIn(ticket["number"], bcbp)
        # The passes again, without checking in again: the same text.
        status, fetched, _ = self.server.request("GET", f"/api/v1/bookings/{locator}/segments/1/boarding-passes"
                                                        f"?last_name=Blixen")
        self.assertEqual((status, fetched["boarding_passes"]), (200, body["boarding_passes"]))
        # Again: the same pass; a checked-in booking does not cancel.
        status, again, _ = self.server.request("POST", path, {"segment": 1, "last_name": "Blixen"})
        self.assertEqual((status, again["boarding_passes"]), (200, body["boarding_passes"]))
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/cancel", {"last_name": "Blixen"})
        self.assertEqual((status, body["error"]["code"]), (409, "TICKET_IN_USE"))

    def test_seats_are_chosen_from_the_flights_seat_map_never_twice_and_freed_on_cancel(self):
        segment = self.direct_flight("CPH", "HAM", 12)
        bookings = []
        for last in ("Rifbjerg", "Ditlevsen"):
            status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=1)
            self.assertEqual(status, 201, held)
            status, paid, _ = self.server.confirm(held["locator"], adults(1, last=last), card())
            self.assertEqual(status, 200, paid)
            bookings.append((held["locator"], last))
        (first, first_name), (second, second_name) = bookings
        seats_path = f"/api/v1/bookings/{first}/segments/1/seats"
        status, seat_map, _ = self.server.request("GET", f"{seats_path}?last_name={first_name}")
        self.assertEqual(status, 200, seat_map)
        self.assertEqual((seat_map["segment"], seat_map["flight_id"], seat_map["cabin"]), (1, segment["flight_id"], "Y"))
        seats = [s for row in seat_map["rows"] for s in row["seats"]]
        self.assertTrue(any(s["paid"] for s in seats) and any(s["exit"] for s in seats), seats[:8])
        self.assertEqual({s["position"] for s in seats}, {"window", "aisle"})  # the demo's aircraft are 2-2
        free = [s["seat"] for s in seats if s["cabin"] == "Y" and s["status"] == "free" and not s["paid"] and
                not s["exit"]]
        paid_seat = next(s["seat"] for s in seats if s["cabin"] == "Y" and s["paid"] and s["status"] == "free")
        chosen = free[-1]
        status, body, _ = self.server.request("POST", seats_path, {"seats": [{"passenger": 1, "seat": chosen.lower()}],
                                                                   "last_name": first_name})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["seats"], [{"passenger": 1, "segment": 1, "seat": chosen, "checked_in": False}])
        status, seat_map, _ = self.server.request("GET", f"{seats_path}?last_name={first_name}")
        [mine] = [s for row in seat_map["rows"] for s in row["seats"] if s["seat"] == chosen]
        self.assertEqual((mine["status"], mine["passenger"]), ("yours", 1))

        other_path = f"/api/v1/bookings/{second}/segments/1/seats"
        for choice, expected in ((chosen, (409, "SEAT_TAKEN")), (paid_seat, (409, "SEAT_NOT_PAID")),
                                 ("99Z", (422, "SEAT_NOT_FOUND")), ("1A", (422, "SEAT_WRONG_CABIN"))):
            status, body, _ = self.server.request("POST", other_path, {"seats": [{"passenger": 1, "seat": choice}],
                                                                       "last_name": second_name})
            self.assertEqual((status, body["error"]["code"]), expected, choice)
        for bad_body, expected in (({"seats": "12A"}, 400), ({"seats": [{"seat": "12A"}]}, 400),
                                   ({"seats": [{"passenger": 0, "seat": "12A"}]}, 422),
                                   ({"seats": [{"passenger": 1, "seat": 12}]}, 400), ({}, 400)):
            status, body, _ = self.server.request("POST", other_path, {**bad_body, "last_name": second_name})
            self.assertEqual(status, expected, (bad_body, body))
        _, unchanged, _ = self.server.request("GET", f"/api/v1/bookings/{second}?last_name={second_name}")
        self.assertEqual(unchanged["seats"], [], "nothing refused was kept")
        # The paid seat is bought instead: an EMD-A for it, paid by card, and the seat is theirs.
        extras_path = f"/api/v1/bookings/{second}/extras"
        status, offered, _ = self.server.request("GET", f"{extras_path}?last_name={second_name}")
        price = next(e["price"] for e in offered["extras"] if e["code"] == "SEAT")
        status, body, _ = self.server.request("POST", extras_path, {
            "extras": [{"passenger": 1, "segment": 1, "code": "SEAT", "seat": free[0]}], "payment": card(),
            "last_name": second_name})
        self.assertEqual((status, body["error"]["code"]), (422, "SEAT_IS_FREE"), body)
        status, bought, _ = self.server.request("POST", extras_path, {
            "extras": [{"passenger": 1, "segment": 1, "code": "SEAT", "seat": paid_seat},
                       {"passenger": 1, "segment": 1, "code": "BAG"}], "payment": card(), "last_name": second_name})
        self.assertEqual(status, 200, bought)
        [seat_emd] = [e for e in bought["emds"] if e["code"] == "SEAT"]
        self.assertEqual((seat_emd["seat"], seat_emd["rfisc"], seat_emd["amount"], seat_emd["status"]),
                         (paid_seat, "0B5", price, "O"))
        self.assertNotIn(seat_emd["number"], [t["number"] for t in bought["tickets"]])
        self.assertEqual(bought["seats"][0]["seat"], paid_seat)
        self.assertEqual(bought["payments"][-1]["status"], "APPROVED")
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{second}/cancel", {"last_name": second_name})
        self.assertEqual({e["status"] for e in body["emds"]}, {"V"}, "voided with the booking the same day")
        status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=1)
        status, paid, _ = self.server.confirm(held["locator"], adults(1, last=second_name), card())
        second = held["locator"]
        other_path = f"/api/v1/bookings/{second}/segments/1/seats"
        status, body, _ = self.server.request("GET", f"/api/v1/bookings/{second}/segments/2/seats?last_name={second_name}")
        self.assertEqual((status, body["error"]["code"]), (404, "SEGMENT_NOT_FOUND"))
        status, body, _ = self.server.request("GET", f"{seats_path}?last_name=Nobody")
        self.assertEqual(status, 404)

        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{first}/cancel", {"last_name": first_name})
        self.assertEqual(status, 200, body)
        status, body, _ = self.server.request("POST", other_path, {"seats": [{"passenger": 1, "seat": chosen}],
                                                                   "last_name": second_name})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["seats"][0]["seat"], chosen)

    def test_extras_bought_with_the_booking_are_paid_with_it_and_issued_then(self):
        segment = self.direct_flight("CPH", "HAM", 14)
        status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201, held)
        locator = held["locator"]
        self.assertEqual(held["amount_due"], held["total"])
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/extras", {
            "extras": [{"passenger": 1, "segment": 1, "code": "BAG"}], "hold_token": held["hold_token"]})
        self.assertEqual((status, body["error"]["code"]), (409, "NAMES_REQUIRED"), body)
        status, offered, _ = self.server.request("GET", f"/api/v1/bookings/{locator}/extras?hold_token={held['hold_token']}")
        self.assertEqual(status, 200, offered)
        bag = next(e["price"] for e in offered["extras"] if e["code"] == "BAG")
        body = {"passengers": adults(1, last="Tafdrup"), "hold_token": held["hold_token"], "payment": card(),
                "contact": {"email": "pia@example.dk", "phone": "+45 32 31 32 31"},
                "extras": [{"passenger": 1, "segment": 1, "code": "BAG"}, {"passenger": 1, "segment": 1, "code": "BAG"},
                           {"passenger": 1, "segment": 1, "code": "BAG"}]}
        status, refused, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/confirm", body)
        self.assertEqual((status, refused["error"]["code"]), (409, "TOO_MANY_EXTRAS"), refused)
        status, refused, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/confirm",
                                                 {**body, "extras": [{"passenger": 1, "code": "BAG"}]})
        self.assertEqual((status, refused["error"]["code"]), (400, "MISSING_FIELD"), refused)
        status, paid, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/confirm",
                                              {**body, "extras": body["extras"][:2]})
        self.assertEqual(status, 200, paid)
        total = float(paid["total"]["amount"]) + 2 * float(bag["amount"])
        self.assertAlmostEqual(float(paid["payments"][-1]["amount"]["amount"]), total, places=2)
        self.assertEqual([(e["code"], e["status"]) for e in paid["emds"]], [("BAG", "O"), ("BAG", "O")])
        self.assertEqual((paid["extras_due"], paid["amount_due"]), ([], paid["total"]))
        # Once paid, extras are paid when bought: the payment is required.
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/extras", {
            "extras": [{"passenger": 1, "segment": 1, "code": "MEAL"}], "last_name": "Tafdrup"})
        self.assertEqual((status, body["error"]["code"]), (400, "MISSING_FIELD"), body)

    def test_cancel_held_booking_returns_seats(self):
        seg = self.direct_flight("CPH", "SVG", 21)
        before = class_counts(self.server.inventory(seg["flight_id"]), "H")
        status, held, _ = self.server.hold([{"flight_id": seg["flight_id"], "booking_class": "H"}], adults=3)
        self.assertEqual(status, 201, held)
        self.assertEqual(class_counts(self.server.inventory(seg["flight_id"]), "H")["held"], before["held"] + 3)
        status, body, _ = self.server.request("POST", f"/api/v1/bookings/{held['locator']}/cancel")
        self.assertEqual((status, body["status"]), (200, "CANCELLED"))
        self.assertEqual(class_counts(self.server.inventory(seg["flight_id"]), "H"), before)

    def test_declined_card_leaves_booking_held(self):
        seg = self.direct_flight("CPH", "TLL", 22)
        status, held, _ = self.server.hold([{"flight_id": seg["flight_id"], "booking_class": "K"}])
        self.assertEqual(status, 201, held)
        status, body, _ = self.server.confirm(held["locator"], adults(1), card("4000000000000002"))
        self.assertEqual((status, body["error"]["code"]), (402, "PAYMENT_DECLINED"))
        status, got, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}")
        self.assertEqual(got["status"], "HELD")
        self.assertEqual(got["history"][-1]["action"], "PAYMENT_DECLINED")
        self.assertEqual(class_counts(self.server.inventory(seg["flight_id"]), "K")["sold"], 0)
        status, confirmed, _ = self.server.confirm(held["locator"], adults(1), card())
        self.assertEqual((status, confirmed["status"]), (200, "CONFIRMED"))

    def test_family_with_child_and_infant(self):
        seg = self.direct_flight("CPH", "VNO", 30)
        status, held, _ = self.server.hold([{"flight_id": seg["flight_id"], "booking_class": "Y"}],
                                           adults=1, children=1, infants=1)
        self.assertEqual(status, 201, held)
        self.assertEqual(class_counts(self.server.inventory(seg["flight_id"]), "Y")["held"], 2)  # the infant has no seat
        travel_year = int(seg["departure_utc"][:4])
        passengers = [
            {"pax_type": "ADT", "title": "MRS", "first_name": "Ida", "last_name": "Berg"},
            {"pax_type": "CHD", "title": "MSTR", "first_name": "Ole", "last_name": "Berg",
             "date_of_birth": f"{travel_year - 6}-05-01"},
            {"pax_type": "INF", "title": "MISS", "first_name": "Liv", "last_name": "Berg",
             "date_of_birth": today_plus(-100), "infant_of": 1},
        ]
        bad = [dict(p) for p in passengers]
        bad[2]["infant_of"] = 2  # points at the child
        status, body, _ = self.server.confirm(held["locator"], bad)
        self.assertEqual((status, body["error"]["code"]), (422, "INFANT_WITHOUT_ADULT"))
        bad = [dict(p) for p in passengers]
        del bad[1]["date_of_birth"]
        status, body, _ = self.server.confirm(held["locator"], bad)
        self.assertEqual((status, body["error"]["code"]), (422, "DATE_OF_BIRTH_REQUIRED"))
        status, body, _ = self.server.confirm(held["locator"], passengers)
        self.assertEqual((status, body["status"]), (200, "CONFIRMED"), body)

    def test_the_hold_and_the_confirmation_answer_what_a_fresh_read_of_the_booking_shows(self):
        # The hold and the confirmation build their answers from what they wrote, not by reading the booking again:
        # each answer must be the booking as a later GET reads it. Two flights given out of time order, every
        # passenger type, a currency other than the airline's.
        out = self.direct_flight("CPH", "GOT", 27)
        back = self.direct_flight("GOT", "CPH", 29)
        status, held, _ = self.server.hold([{"flight_id": back["flight_id"], "booking_class": "M"},
                                            {"flight_id": out["flight_id"], "booking_class": "Y"}],
                                           adults=2, children=1, infants=1, currency="EUR")
        self.assertEqual(status, 201, held)
        self.assertEqual(held["total"]["currency"], "EUR")
        self.assertEqual([s["flight_id"] for s in held["segments"]], [out["flight_id"], back["flight_id"]])
        locator = held["locator"]
        status, read, _ = self.server.request("GET", f"/api/v1/bookings/{locator}")
        self.assertEqual(status, 200, read)
        read["hold_token"] = held["hold_token"]  # only the hold's own answer carries it
        self.assertEqual(held, read)

        travel_year = int(out["departure_utc"][:4])
        passengers = adults(2, last="Blixen") + [
            {"pax_type": "CHD", "title": "MSTR", "first_name": "Ole", "last_name": "Blixen",
             "date_of_birth": f"{travel_year - 6}-05-01"},
            {"pax_type": "INF", "title": "MISS", "first_name": "Liv", "last_name": "Blixen",
             "date_of_birth": today_plus(-100), "infant_of": 1}]
        status, confirmed, _ = self.server.confirm(locator, passengers)
        self.assertEqual(status, 200, confirmed)
        status, read, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=blixen")
        self.assertEqual(status, 200, read)
        self.assertEqual(len(read["tickets"]), 4)
        self.assertEqual(confirmed, read)

    def test_idempotent_hold(self):
        seg = self.direct_flight("CPH", "ABZ", 23)
        before = class_counts(self.server.inventory(seg["flight_id"]), "B")
        request = [{"flight_id": seg["flight_id"], "booking_class": "B"}]
        s1, first, h1 = self.server.hold(request, adults=2, key="retry-7f3a")
        s2, second, h2 = self.server.hold(request, adults=2, key="retry-7f3a")
        self.assertEqual((s1, s2), (201, 201))
        self.assertEqual(first["locator"], second["locator"])
        self.assertEqual(h2.get("Idempotent-Replayed"), "true")
        self.assertEqual(class_counts(self.server.inventory(seg["flight_id"]), "B")["held"], before["held"] + 2)
        status, body, _ = self.server.hold(request, adults=3, key="retry-7f3a")
        self.assertEqual((status, body["error"]["code"]), (422, "IDEMPOTENCY_KEY_REUSED"))
        # A confirm retried with the same key is charged once.
        c1 = self.server.confirm(first["locator"], adults(2), card(), key="pay-1")
        c2 = self.server.confirm(first["locator"], adults(2), card(), key="pay-1")
        self.assertEqual((c1[0], c2[0]), (200, 200))
        self.assertEqual(len(c2[1]["payments"]), 1)
        # The stored fingerprint holds no CVC and only the card number's last four digits (PCI DSS): a retry with
        # another CVC, or the number typed in groups, is the same request; another card is not.
        retyped = card("4242 4242 4242 4242")
        retyped["card"]["cvc"] = "987"
        c3 = self.server.confirm(first["locator"], adults(2), retyped, key="pay-1")
        self.assertEqual((c3[0], c3[2].get("Idempotent-Replayed")), (200, "true"), c3[1])
        c4 = self.server.confirm(first["locator"], adults(2), card("5555555555554444"), key="pay-1")
        self.assertEqual((c4[0], c4[1]["error"]["code"]), (422, "IDEMPOTENCY_KEY_REUSED"))

    def test_twenty_segments_and_no_more(self):
        status, body, _ = self.server.search("CPH", "HAM", today_plus(40))
        ids = []
        day = 40
        while len(ids) < 21:
            for origin, destination in (("CPH", "HAM"), ("HAM", "CPH"), ("CPH", "GOT"), ("GOT", "CPH")):
                status, body, _ = self.server.search(origin, destination, today_plus(day))
                ids += [j["segments"][0]["flight_id"] for j in body["outbound"] if len(j["segments"]) == 1]
            day += 1
        segments = [{"flight_id": i, "booking_class": "Y"} for i in ids[:20]]
        status, held, _ = self.server.hold(segments)
        self.assertEqual(status, 201, held)
        self.assertEqual(len(held["segments"]), 20)
        departures = [s["departure_utc"] for s in held["segments"]]
        self.assertEqual(departures, sorted(departures))
        status, body, _ = self.server.hold([{"flight_id": i, "booking_class": "Y"} for i in ids[:21]])
        self.assertEqual((status, body["error"]["code"]), (422, "TOO_MANY_SEGMENTS"))

    def test_seats_unavailable_when_class_is_full(self):
        seg = self.direct_flight("CPH", "BGO", 50)
        inv = self.server.inventory(seg["flight_id"])
        avail = class_counts(inv, "L")["available"]
        taken = 0
        while taken + 9 <= avail:
            self.assertEqual(self.server.hold([{"flight_id": seg["flight_id"], "booking_class": "L"}], adults=9)[0], 201)
            taken += 9
        status, body, _ = self.server.hold([{"flight_id": seg["flight_id"], "booking_class": "L"}], adults=9)
        self.assertEqual((status, body["error"]["code"]), (409, "SEATS_UNAVAILABLE"))
        # Nesting: the L seats count against every class above it in the nest.
        after = self.server.inventory(seg["flight_id"])
        self.assertEqual(class_counts(after, "K")["available"], class_counts(inv, "K")["available"] - taken)
        self.assertEqual(class_counts(after, "Y")["available"], class_counts(inv, "Y")["available"] - taken)


class ExpiryTest(unittest.TestCase):
    def test_holds_expire_and_give_seats_back(self):
        server = Server(env={"JETWAY_HOLD_SECONDS": "2", "JETWAY_EXPIRY_INTERVAL_MS": "200"}).start()
        try:
            server.office_session()  # signed in to read inventory before the 2-second hold starts its clock
            status, body, _ = server.search("CPH", "HAM", today_plus(5))
            flight_id = body["outbound"][0]["segments"][0]["flight_id"]
            status, held, _ = server.hold([{"flight_id": flight_id, "booking_class": "M"}], adults=2)
            self.assertEqual(status, 201, held)
            self.assertEqual(class_counts(server.inventory(flight_id), "M")["held"], 2)
            deadline = time.time() + 15
            got = None
            while time.time() < deadline:
                got = server.request("GET", f"/api/v1/bookings/{held['locator']}")[1]
                if got["status"] == "EXPIRED":
                    break
                time.sleep(0.2)
            self.assertEqual(got["status"], "EXPIRED")
            self.assertEqual(got["history"][-1]["action"], "EXPIRE")
            self.assertEqual(got["history"][-1]["channel"], "system")
            self.assertEqual(class_counts(server.inventory(flight_id), "M")["held"], 0)
            status, body, _ = server.confirm(held["locator"], adults(2))
            self.assertEqual((status, body["error"]["code"]), (409, "HOLD_EXPIRED"))
        finally:
            server.close()


class ShutdownTest(unittest.TestCase):
    def test_requests_in_flight_at_sigterm_are_answered(self):
        server = Server().start()
        try:
            path = f"/api/v1/availability?origin=ABZ&destination=RIX&date={today_plus(8)}&adults=1"
            conns = [server.connection() for _ in range(17)]
            for c in conns:  # keep-alive connections, established before the signal
                c.request("GET", path)
                self.assertEqual(c.getresponse().read()[:1], b"{")
            late = conns.pop()
            for c in conns:  # in flight when the signal arrives
                c.request("GET", path)
            server.proc.send_signal(signal.SIGTERM)
            statuses = []
            for i, c in enumerate(conns):
                try:
                    resp = c.getresponse()
                except OSError as error:  # seen once in CI (a reset), not reproduced since: say what the node did
                    time.sleep(1)
                    self.fail(f"in-flight request {i} of 16: {error!r} after {statuses}; the node's exit status a "
                              f"second later: {server.proc.poll()}; its log ends:\n{server.log()[-4000:]}")
                statuses.append(resp.status)
                self.assertEqual(json.loads(resp.read())["return"], [])
                c.close()
            self.assertEqual(statuses, [200] * 16)
            # While draining, a request on an open keep-alive connection is still served, and the client is asked
            # to close it so it reconnects elsewhere.
            deadline = time.time() + 10
            while "draining" not in server.log() and time.time() < deadline:
                time.sleep(0.01)
            late.request("GET", path)
            resp = late.getresponse()
            self.assertEqual((resp.status, resp.getheader("Connection")), (200, "close"))
            resp.read()
            late.close()
            self.assertEqual(server.proc.wait(timeout=30), 0)
            with self.assertRaises(OSError):
                server.request("GET", "/healthz", timeout=2)
        finally:
            server.close()

    def test_sigterm_stops_cleanly_and_data_survives_restart(self):
        server = Server().start()
        try:
            status, body, _ = server.search("CPH", "HAM", today_plus(6))
            flight_id = body["outbound"][0]["segments"][0]["flight_id"]
            status, held, _ = server.hold([{"flight_id": flight_id, "booking_class": "Y"}])
            self.assertEqual(status, 201)
            self.assertEqual(server.stop(), 0)
            log = server.log()
            self.assertIn('"msg":"stopping: draining in-flight requests"', log)
            self.assertIn('"msg":"stopped"', log)
            self.assertIn('"request_id"', log)
            server.start()
            status, got, _ = server.request("GET", f"/api/v1/bookings/{held['locator']}")
            self.assertEqual((status, got["status"]), (200, "HELD"))
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
