"""Departure control in the back office against the real binary: a flight's passenger list, desk check-in (with the
passport a border needs), boarding by a pasted barcode and by an uploaded PNG of the printed pass (read back by the
server with zxing), a second scan refused, offloading, closing with no-shows by their fares' rules, the manifest
(PDF, CSV) and the APIS list, and the permission that guards it all."""
import csv
import html
import io
import os
import re
import subprocess
import tempfile
import unittest

import jw
from ibe_browser import Browser

GATE = ("gate@example.com", "boarding passes all day long")
READER = ("reader@example.com", "reading is not changing")
PASSPORT = {"type": "P", "number": "DK4455667", "issuing_country": "DK", "expiry": "2032-03-31"}


class DepartureControlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = jw.Server(admin=True)
        cls.server.add_staff(*GATE[:1], "check_in", GATE[1])
        cls.server.add_staff(*READER[:1], "read_only", READER[1])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def book(self, segment, klass, adults, documents=True):
        status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": klass}], adults=adults)
        self.assertEqual(status, 201, held)
        passengers = [dict(p, document=PASSPORT) if documents else p for p in jw.adults(adults)]
        status, paid, _ = self.server.request(
            "POST", f"/api/v1/bookings/{held['locator']}/confirm",
            {"passengers": passengers, "contact": {"email": "ida@example.dk", "phone": "+45 32 31 32 31"},
             "payment": jw.card()}, {"X-Hold-Token": held["hold_token"]})
        self.assertEqual(status, 200, paid)
        return held["locator"]

    def light_class(self, segment):
        """A class of the flight sold under the Light brand (neither refundable nor changeable) with a seat left: the
        demo does not sell L on every flight, and which flight is the soon one depends on the time of day."""
        status, body, _ = self.server.search(segment["origin"], segment["destination"], segment["departure_local"][:10])
        self.assertEqual(status, 200, body)
        offers = [o for j in body["outbound"] if j["segments"][0]["flight_id"] == segment["flight_id"]
                  for o in j["offers"]]
        light = [o["booking_class"] for o in offers if o["brand"] == "Light" and o["seats_available"] >= 1]
        self.assertTrue(light, f"no Light class with a seat on flight {segment['flight_id']}: {offers}")
        return light[0]

    def coupons(self, locator):
        _, body, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Hansen")
        return [c["status"] for t in body["tickets"] for c in t["coupons"]]

    def printed_pass(self, locator, page_number):
        """Page `page_number` of the boarding-pass PDF as the passenger downloads it from the booking site, its barcode cropped to a PNG."""
        browser = Browser(self.server)
        found = browser.submit(browser.get("/manage").form("/manage"), locator=locator, last_name="Hansen")
        page = browser.follow(found)
        passes = browser.get(html.unescape(re.search(r'href="([^"]+)" data-boarding-link', page.body).group(1)))
        pdf = browser.get(html.unescape(re.search(r'href="([^"]+)" download data-boarding-pdf', passes.body).group(1)))
        self.assertEqual(pdf.status, 200)
        # The symbol sits 80 points under the second row of facts: 150 dpi, cropped to it (as a phone photo would be).
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "pass.pdf"), "wb") as f:
                f.write(pdf.raw)
            subprocess.run(["pdftoppm", "-png", "-gray", "-r", "150", "-f", str(page_number), "-l", str(page_number), "-singlefile",
                            "-x", "80", "-y", "560", "-W", "1000", "-H", "480", "pass.pdf", "crop"], cwd=tmp,
                           check=True)
            with open(os.path.join(tmp, "crop.png"), "rb") as f:
                return f.read()

    def test_a_flights_day_at_the_airport(self):
        segment = jw.soon_flight(self.server, "CPH", "HAM")
        if not segment:
            self.skipTest("no CPH-HAM flight in its check-in window now")
        family = self.book(segment, "M", 2)
        strict = self.book(segment, self.light_class(segment), 1, documents=False)
        late = self.book(segment, "M", 1)
        status, web, _ = self.server.request("POST", f"/api/v1/bookings/{family}/check-in",
                                             {"segment": 1, "last_name": "Hansen"})
        self.assertEqual(status, 200, web)
        codes = [p["bcbp"] for p in web["boarding_passes"]]
        status, asked, _ = self.server.request("POST", f"/api/v1/bookings/{family}/ssrs", {
            "ssrs": [{"passenger": 1, "code": "WCHS"}, {"passenger": 2, "code": "VGML"}], "last_name": "Hansen"})
        self.assertEqual(status, 200, asked)

        reader = self.server.office_browser(*READER)
        self.assertEqual(reader.get("/departures").status, 403)
        gate = self.server.office_browser(*GATE)
        day = gate.get(f"/departures?date={segment['departure_local'][:10]}")
        self.assertEqual(day.status, 200, day.body[:500])
        path = f"/departures/{segment['flight_id']}"
        self.assertIn(f'href="{path}"', day.body)
        flight = gate.get(path)
        self.assertEqual(flight.status, 200, flight.body[:500])
        self.assertEqual(flight.body.count('data-status="CHECKED_IN"'), 2)
        self.assertEqual(flight.body.count('data-status="NOT_CHECKED_IN"'), 2)
        self.assertIn("<td data-ssrs>WCHS</td>", flight.body)
        office_booking = gate.get(f"/bookings/{family}")  # the booking as staff see it: seats, requests
        self.assertEqual(office_booking.status, 200)
        self.assertIn("SSR WCHS X9 HK1 /P1", office_booking.body)
        self.assertRegex(office_booking.body, r"P1 · 1 [0-9]+[A-Z] · ")  # seat and check-in sequence

        # Desk check-in: the border needs a passport, given at the desk.
        row = next(f for f in flight.forms if f["action"].endswith("/check-in") and f["fields"]["locator"] == strict)
        refused = gate.submit(row)
        self.assertEqual(refused.status, 422, refused.body[:500])
        self.assertIn('data-code="DOCUMENT_REQUIRED"', refused.body)
        checked = gate.submit(row, nationality="DK", document_type="P", document_number="DK7788990",
                              document_country="DK", document_expiry="2031-01-31")
        self.assertEqual(checked.status, 303, checked.body[:500])
        self.assertEqual(self.coupons(strict), ["C"])
        row = next(f for f in gate.get(path).forms if f["action"].endswith("/check-in") and f["fields"]["locator"] == late)
        self.assertEqual(gate.submit(row).status, 303)

        # Boarding: the scanner's text pasted; the same pass again is refused; the printed pass's image uploaded.
        board = gate.get(path).form("/board")
        boarded = gate.submit(board, bcbp=codes[0])
        self.assertEqual(boarded.status, 303, boarded.body[:500])
        self.assertIn("data-boarded", gate.follow(boarded).body)
        again = gate.submit(gate.get(path).form("/board"), bcbp=codes[0])
        self.assertEqual(again.status, 409)
        self.assertIn('data-code="ALREADY_BOARDED"', again.body)
        self.assertEqual(gate.submit(gate.get(path).form("/board"), bcbp="M1NONSENSE").status, 422)
        png = self.printed_pass(family, 2)  # the second passenger's page
        self.assertTrue(png.startswith(b"\x89PNG"))
        self.assertLess(len(png), 64 * 1024)
        csrf = gate.get(path).form("/board")["fields"]["csrf"]
        uploaded = gate.post_multipart(f"{path}/board", {"csrf": csrf, "bcbp": ""}, {"image": ("pass.png", png)})
        self.assertEqual(uploaded.status, 303, re.findall(r"data-code=.{0,300}", uploaded.body))
        self.assertEqual(self.coupons(family), ["L", "L"])
        junk = gate.post_multipart(f"{path}/board", {"csrf": csrf}, {"image": ("pass.png", b"\x89PNG not really")})
        self.assertEqual(junk.status, 422)
        self.assertEqual(gate.post_multipart(f"{path}/board", {"csrf": "forged"}, {"image": ("p.png", png)}).status,
                         403)

        # Re-seated at the desk, checked in or not (a paid seat too: the airport gives seats).
        seat_form = next(f for f in gate.get(path).forms if f["action"].endswith("/seat") and
                         f["fields"]["locator"] == strict)
        self.assertEqual(gate.submit(seat_form, seat="99Z").status, 422)
        self.assertEqual(gate.submit(seat_form, seat="1A").status, 422)  # business class: not this ticket's cabin
        _, seat_map, _ = self.server.request("GET", f"/api/v1/bookings/{strict}/segments/1/seats?last_name=Hansen")
        free = next(x["seat"] for row in seat_map["rows"] for x in row["seats"]
                    if x["status"] == "free" and x["cabin"] == "Y")
        self.assertEqual(gate.submit(seat_form, seat=free).status, 303)
        _, after, _ = self.server.request("GET", f"/api/v1/bookings/{strict}?last_name=Hansen")
        self.assertEqual(after["seats"][0]["seat"], free)
        self.assertTrue(after["seats"][0]["checked_in"])
        # Offload the late passenger: back to open, and off the list of the checked in.
        offload = next(f for f in gate.get(path).forms if f["action"].endswith("/offload") and
                       f["fields"]["locator"] == late)
        self.assertEqual(gate.submit(offload).status, 303)
        self.assertEqual(self.coupons(late), ["O"])

        manifest = gate.get(f"{path}/manifest.csv")
        self.assertEqual(manifest.status, 200)
        rows = list(csv.DictReader(io.StringIO(manifest.body)))
        self.assertEqual(sorted(r["status"] for r in rows), ["BOARDED", "BOARDED", "CHECKED_IN", "NOT_CHECKED_IN"])
        self.assertEqual(sorted(r["ssrs"] for r in rows if r["booking"] == family), ["VGML", "WCHS"])
        apis = list(csv.DictReader(io.StringIO(gate.get(f"{path}/apis.csv").body)))
        self.assertEqual(len(apis), 2)
        self.assertEqual({a["document_number"] for a in apis}, {PASSPORT["number"]})
        self.assertEqual({a["document_country"] for a in apis}, {"DNK"})  # alpha-3, as APIS carries countries
        self.assertTrue(all(a["docs"].startswith(f"SSR DOCS X9 HK1/P/DNK/{PASSPORT['number']}/{a['nationality']}/") and
                            a["docs"].endswith("/31MAR32/" + a["surname"] + "/" + a["given_names"].replace(" ", "/"))
                            for a in apis), apis)

        # Closing: confirmed only; then the boarded have flown and the rest are no-shows by their fares' rules.
        self.assertEqual(gate.submit(gate.get(path).form("/close")).status, 422)
        closed = gate.submit(gate.get(path).form("/close"), confirm="yes")
        self.assertEqual(closed.status, 303, closed.body[:500])
        page = gate.follow(closed)
        self.assertIn('data-count="flown">2<', page.body)
        self.assertIn('data-count="no_shows">2<', page.body)
        self.assertNotIn('action="' + path + '/board"', page.body)
        self.assertEqual(self.coupons(family), ["F", "F"])
        self.assertEqual(self.coupons(strict), ["Z"])
        self.assertEqual(self.coupons(late), ["O"])
        late_pass = gate.post(f"{path}/board", {"csrf": csrf, "bcbp": codes[1]})
        self.assertEqual(late_pass.status, 409)
        pdf = gate.get(f"{path}/manifest.pdf")
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.raw, capture_output=True,
                              check=True).stdout.decode()
        self.assertIn("Manifest", text)
        self.assertEqual(text.count("no-show"), 2)
        self.assertEqual(text.count("flown"), 2)

    def test_a_path_that_names_no_flight_is_not_found(self):
        # Each desk action read the flight from the path as a number it assumed was there: "/departures/abc/close"
        # with the box ticked dereferenced an empty id (with the library's assertions on, the process aborts).
        gate = self.server.office_browser(*GATE)
        csrf = re.search(r'name="csrf" value="([^"]+)"', gate.get("/departures").body).group(1)
        for action, fields in [("close", {"confirm": "yes"}), ("board", {"bcbp": "M1HANSEN/IDA"}),
                               ("offload", {"locator": "ABC123", "passenger": "1"})]:
            answer = gate.post(f"/departures/abc/{action}", dict(fields, csrf=csrf))
            self.assertEqual(answer.status, 404, f"{action}: {answer.body[:300]}")
        self.assertEqual(self.server.request("GET", "/healthz")[0], 200)


if __name__ == "__main__":
    unittest.main()
