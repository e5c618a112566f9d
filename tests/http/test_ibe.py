"""The passenger booking engine's pages against the real binary, as a browser without JavaScript uses them: the
journeys (one-way, return with an infant), a declined then an accepted card, validation errors, manage and
cancel, CSRF and tampered choices refused with nothing changed, languages, security headers and page weight."""
import datetime
import html
import re
import subprocess
import time
import unittest
import urllib.parse

import jw
from ibe_browser import Browser
from test_mail import outbox

DATE = jw.today_plus(12)
RETURN = jw.today_plus(16)


def search_path(**params):
    query = dict(origin="CPH", destination="HAM", date=DATE, adults=1, children=0, infants=0, currency="EUR",
                 trip="oneway")
    query.update(params)
    return "/search?" + urllib.parse.urlencode(query)


def flight_of(token):
    return int(token.split(".")[1].split("-")[0])


def class_of(token):
    return token.split(".")[2]


class IbeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = jw.Server(env={"JETWAY_WAF_MODE": "blocking"}).start()  # one check is the firewall's

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def booking(self, locator, link_token=None):
        """The booking through API v1: by a last name, or (before names) by the hold token the page's link carries."""
        headers = {"X-Hold-Token": link_token.split(".")[1]} if link_token else {}
        status, body, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Hansen", headers=headers)
        self.assertEqual(status, 200, body)
        return body

    def counts(self, token):
        c = jw.class_counts(self.server.inventory(flight_of(token)), class_of(token))
        return c["sold"], c["held"]

    def choose(self, browser, **search):
        """Searches, picks the cheapest fare each way and posts the choice; returns (passengers page, tokens)."""
        results = browser.get(search_path(**search))
        self.assertEqual(results.status, 200, results.body[:2000])
        form = results.form("/select")
        out = results.radios("out")[0]
        choice = {"out": out}
        if search.get("trip") == "return":
            choice["ret"] = results.radios("ret")[0]
        chosen = browser.submit(form, **choice)
        self.assertEqual(chosen.status, 303, chosen.body[:2000])
        self.assertRegex(chosen.headers["Location"], r"^/booking/[A-Z2-9]{6}/passengers\?t=\d+\.[0-9a-f]{32}\.[0-9a-f]{32}$")
        return browser.follow(chosen), choice

    def fill_passengers(self, page, **fields):
        form = page.form("/passengers")
        values = {"email": "ida.hansen@example.dk", "phone": "+45 32 31 32 31"}
        for i in range(10):
            if f"p{i}_title" in form["fields"]:
                values[f"p{i}_title"] = form["selects"][f"p{i}_title"][1]
                values[f"p{i}_first_name"] = f"Ida{chr(65 + i)}"
                values[f"p{i}_last_name"] = "Hansen"
        values.update(fields)
        return form, values

    def pay(self, browser, payment_page, number):
        year = str(datetime.date.today().year + 2)
        return browser.submit(payment_page.form("/pay"), card_number=number, card_expiry_month="12",
                              card_expiry_year=year, card_cvc="123", card_holder="IDA HANSEN")

    def fjordfly(self):
        """A browser on Fjordfly's booking site: the demo's Q9 answers on q9.localhost."""
        return Browser(self.server, headers={"Host": f"q9.localhost:{self.server.port}"})

    # --- hosted airlines -----------------------------------------------------------------------------------------
    def test_each_airline_has_its_own_site_by_host_name_with_its_own_look_and_flights(self):
        kattegat, fjordfly = Browser(self.server), self.fjordfly()
        home = kattegat.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("Kattegat Air", home.body)
        self.assertNotIn("Fjordfly", home.body)
        own = fjordfly.get("/")
        self.assertEqual(own.status, 200)
        self.assertIn("Fjordfly", own.body)
        self.assertNotIn("Kattegat Air", own.body)
        self.assertIn("logo-q9", own.body)
        self.assertIn('value="NOK" selected', own.body)  # its own default currency
        themes = [re.search(r'href="(/static/theme-[a-z0-9]+\.[0-9a-f]{16}\.css)"', p.body) for p in (home, own)]
        self.assertTrue(all(themes), "each site links its theme")
        self.assertNotEqual(themes[0].group(1), themes[1].group(1))
        for browser, theme in ((kattegat, themes[0].group(1)), (fjordfly, themes[1].group(1))):
            self.assertEqual(browser.get(theme).status, 200, theme)
        # Each sells its own flights only: Q9's OSL-TRD on Fjordfly's site, X9's CPH-HAM on Kattegat Air's.
        norway = search_path(origin="OSL", destination="TRD", currency="NOK")
        denmark = search_path()
        q9 = fjordfly.get(norway)
        self.assertEqual(q9.status, 200, q9.body[:2000])
        self.assertTrue(q9.radios("out"), "Fjordfly's site offers its own flights")
        self.assertIn("Q9", q9.body)
        for browser, path in ((kattegat, norway), (fjordfly, denmark)):
            page = browser.get(path)
            self.assertEqual(page.status, 200, page.body[:2000])
            self.assertEqual(page.radios("out"), [], path)
        x9 = kattegat.get(denmark)
        self.assertTrue(x9.radios("out"))
        # A choice signed on one site is not sold on the other, and holds nothing.
        token = q9.radios("out")[0]
        before = self.counts(token)
        moved = kattegat.submit(x9.form("/select"), out=token)
        self.assertEqual(moved.status, 422, moved.body[:500])
        self.assertIn("flights are not sold here", moved.body)
        self.assertEqual(self.counts(token), before)

    # --- journeys -----------------------------------------------------------------------------------------------
    def test_one_way_journey_with_a_declined_then_an_accepted_card(self):
        browser = Browser(self.server)
        home = browser.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn("Where would you like to fly?", home.body)
        passengers, choice = self.choose(browser)
        locator = re.search(r"/booking/([A-Z2-9]{6})/", passengers.form("/passengers")["action"]).group(1)
        link = passengers.form("/passengers")["fields"]["t"]
        self.assertEqual(self.booking(locator, link)["status"], "HELD")
        self.assertIn("Your seats are held until", passengers.body)
        sold_before, held_before = self.counts(choice["out"])

        form, values = self.fill_passengers(passengers)
        payment = browser.submit(form, **values)
        self.assertEqual(payment.status, 200, payment.body[:3000])
        self.assertIn("Test payments", payment.body)

        declined = self.pay(browser, payment, "4000 0000 0000 0002")
        self.assertEqual(declined.status, 402)
        self.assertIn("Your card was declined", declined.body)
        self.assertIn('role="alert"', declined.body)
        self.assertEqual(self.booking(locator, link)["status"], "HELD")
        self.assertEqual(self.counts(choice["out"]), (sold_before, held_before))

        accepted = self.pay(browser, declined, "4242 4242 4242 4242")
        self.assertEqual(accepted.status, 303, accepted.body[:3000])
        confirmation = browser.follow(accepted)
        self.assertEqual(confirmation.status, 200)
        self.assertIn("Your booking is confirmed", confirmation.body)
        self.assertIn(locator, confirmation.body)
        self.assertIn("MR IDAA HANSEN", confirmation.body)
        booking = self.booking(locator)
        self.assertEqual(booking["status"], "CONFIRMED")
        self.assertEqual(booking["channel"], "web")
        # The confirmation states what was bought: fare and taxes per passenger type, the brand and its conditions,
        # as kept with the booking (the API shows the same).
        [line] = booking["per_passenger_type"]
        self.assertEqual((line["pax_type"], line["count"]), ("ADT", 1))
        self.assertAlmostEqual(float(line["fare"]["amount"]) + float(line["taxes"]["amount"]),
                               float(booking["total"]["amount"]))
        segment = booking["segments"][0]
        self.assertEqual(segment["brand"], "Light")
        self.assertEqual(segment["conditions"]["refundable"], False)
        self.assertIn("Price breakdown", confirmation.body)
        self.assertIn("1 × Adult", confirmation.body)
        self.assertIn(f"EUR {line['taxes']['amount']}", confirmation.body)
        self.assertIn("Light · 0 checked bags · no changes · not refundable", confirmation.body)
        # The passenger's e-ticket, as a receipt writes it: 919-<serial> and its check digit.
        [ticket] = booking["tickets"]
        number = ticket["number"]
        shown = f"{number[:3]}-{number[3:]} {int(number[3:]) % 7}"
        self.assertIn(f"e-ticket <span data-eticket>{shown}</span>", confirmation.body)
        # The itinerary receipt as a PDF, behind the same signed link: the ticket number and the total in it.
        receipt_path = html.unescape(re.search(r'href="([^"]+)" download data-receipt', confirmation.body).group(1))
        receipt = browser.get(receipt_path)
        self.assertEqual(receipt.status, 200)
        self.assertEqual(receipt.headers["Content-Type"], "application/pdf")
        self.assertIn("no-store", receipt.headers["Cache-Control"])
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=receipt.raw, capture_output=True,
                              check=True).stdout.decode()
        for expected in (locator, shown, f"{booking['total']['amount']} EUR", "Itinerary receipt"):
            self.assertIn(expected, text)
        self.assertEqual(browser.get(receipt_path.split("?")[0]).status, 404)  # never without the link
        self.assertEqual(self.counts(choice["out"]), (sold_before + 1, held_before - 1))

        # Posting the same payment form again (a reload) does not pay twice.
        again = self.pay(browser, declined, "4242 4242 4242 4242")
        self.assertIn(again.status, (303, 200))
        self.assertEqual(len([p for p in self.booking(locator)["payments"] if p["status"] == "APPROVED"]), 1)

    def test_return_journey_with_an_infant(self):
        browser = Browser(self.server)
        passengers, choice = self.choose(browser, trip="return", return_date=RETURN, adults=1, infants=1)
        self.assertIn("Infant 1", passengers.body)
        infant_dob = (datetime.date.today() - datetime.timedelta(days=200)).isoformat()
        form, values = self.fill_passengers(passengers, p1_date_of_birth=infant_dob, p1_infant_of="1")
        payment = browser.submit(form, **values)
        self.assertEqual(payment.status, 200, payment.body[:3000])
        confirmation = browser.follow(self.pay(browser, payment, "4242424242424242"))
        self.assertIn("Your booking is confirmed", confirmation.body)
        locator = re.search(r"data-locator>([A-Z2-9]{6})<", confirmation.body).group(1)
        booking = self.booking(locator)
        self.assertEqual(booking["status"], "CONFIRMED")
        self.assertEqual(len(booking["segments"]), 2)
        self.assertEqual([p["pax_type"] for p in booking["passengers"]], ["ADT", "INF"])
        self.assertEqual(booking["segments"][0]["origin"], "CPH")
        self.assertEqual(booking["segments"][1]["origin"], "HAM")

    def test_an_airline_that_asks_nationality_and_birth_dates_gets_them_from_every_passenger(self):
        # The demo's Fjordfly (Q9) requires each passenger's nationality and date of birth; Kattegat Air asks neither.
        x9_page, _ = self.choose(Browser(self.server))
        self.assertNotIn('name="p0_nationality"', x9_page.body)
        browser = self.fjordfly()
        passengers, choice = self.choose(browser, origin="OSL", destination="TRD", currency="NOK")
        self.assertIn('name="p0_nationality"', passengers.body)
        self.assertRegex(passengers.body, r'<input id="p0_date_of_birth"[^>]* required')
        locator = re.search(r"/booking/([A-Z2-9]{6})/", passengers.form("/passengers")["action"]).group(1)
        form, values = self.fill_passengers(passengers)
        refused = browser.submit(form, **values)
        self.assertEqual(refused.status, 422, refused.body[:2000])
        self.assertIn('id="p0_nationality-error"', refused.body)
        self.assertIn('id="p0_date_of_birth-error"', refused.body)
        self.assertIn("The airline needs this for every passenger.", refused.body)
        self.assertEqual(self.booking(locator, passengers.form("/passengers")["fields"]["t"])["status"], "HELD")
        bad = browser.submit(form, **values, p0_nationality="Norway", p0_date_of_birth="1990-04-02")
        self.assertEqual(bad.status, 422)
        self.assertIn("Use the two-letter country code", bad.body)
        payment = browser.submit(form, **values, p0_nationality="no", p0_date_of_birth="1990-04-02")
        self.assertEqual(payment.status, 200, payment.body[:2000])
        paid = self.pay(browser, payment, "4242 4242 4242 4242")
        self.assertEqual(paid.status, 303, paid.body[:2000])
        booked = self.booking(locator)
        self.assertEqual(booked["status"], "CONFIRMED")
        self.assertEqual((booked["passengers"][0]["nationality"], booked["passengers"][0]["date_of_birth"]),
                         ("NO", "1990-04-02"))

    def test_validation_errors_are_shown_next_to_their_fields_and_nothing_typed_is_lost(self):
        browser = Browser(self.server)
        passengers, _ = self.choose(browser, adults=2)
        form, values = self.fill_passengers(passengers, p0_first_name="J0hn", p1_last_name="", email="not-an-email")
        values["p1_first_name"] = "Karen"
        page = browser.submit(form, **values)
        self.assertEqual(page.status, 422)
        self.assertIn('class="error-summary" role="alert"', page.body)
        self.assertIn('id="p0_first_name-error"', page.body)
        self.assertIn('id="p1_last_name-error"', page.body)
        self.assertIn('id="email-error"', page.body)
        self.assertNotIn('id="p0_last_name-error"', page.body)
        again = page.form("/passengers")["fields"]
        self.assertEqual(again["p0_first_name"], "J0hn")
        self.assertEqual(again["p1_first_name"], "Karen")
        self.assertEqual(again["email"], "not-an-email")
        self.assertEqual(again["p0_title"], values["p0_title"])

        home = browser.get(search_path(adults=1, infants=2))
        self.assertEqual(home.status, 422)
        self.assertIn("at most one infant per adult", home.body)
        self.assertIn('aria-invalid="true"', home.body)
        self.assertEqual(home.form("/search")["fields"]["infants"], "2")
        unknown = browser.get(search_path(origin="Atlantis"))
        self.assertEqual(unknown.status, 422)
        self.assertIn("We do not know that airport", unknown.body)
        by_city = browser.get(search_path(origin="Copenhagen", destination="hamburg"))
        self.assertEqual(by_city.status, 200, by_city.body[:2000])
        self.assertIn("CPH → HAM", by_city.body)

    def test_results_show_local_times_brands_and_a_strip_of_nearby_days(self):
        page = Browser(self.server).get(search_path(trip="return", return_date=RETURN))
        self.assertEqual(page.status, 200)
        status, api, _ = self.server.search("CPH", "HAM", DATE, currency="EUR")
        first = api["outbound"][0]
        local = first["segments"][0]["departure_local"][11:16]
        self.assertIn(f"{local} CPH", page.body)
        self.assertIn("Light", page.body)
        self.assertIn("Flex", page.body)
        self.assertEqual(page.body.count('aria-current="date"'), 2)
        # Each day of the strip as people read it, with the ISO date kept for machines.
        days = re.findall(r'<time class="day" datetime="(\d{4}-\d\d-\d\d)">([^<]+)</time>', page.body)
        self.assertEqual(len(days), 14)
        for iso, text in days:
            self.assertEqual(text, datetime.date.fromisoformat(iso).strftime("%a %-d %b %Y"))
        strip = [iso for iso, _ in days]
        self.assertIn(jw.today_plus(9), strip)
        self.assertIn(jw.today_plus(15), strip)
        cheapest = min(o["price"]["total"]["amount"] for j in api["outbound"] for o in j["offers"])
        self.assertIn(f"EUR {cheapest}", page.body.replace(",", ""))

    def test_a_results_page_kept_for_the_next_visitor_has_their_own_tokens_language_and_the_seats_as_they_are(self):
        path = search_path(date=jw.today_plus(23))
        first, second = Browser(self.server), Browser(self.server)
        for _ in range(3):  # both within one minute: the choices expire on a whole minute, so a page is the minute's
            minute = int(time.time() // 60)
            one, two = first.get(path), second.get(path)
            if int(time.time() // 60) == minute:
                break
        self.assertEqual((one.status, two.status), (200, 200), one.body[:2000])
        own = [page.form("/select")["fields"] for page in (one, two)]
        self.assertNotEqual(own[0]["csrf"], own[1]["csrf"])
        self.assertNotEqual(own[0]["nonce"], own[1]["nonce"])
        for fields in own:
            self.assertRegex(fields["csrf"], r"^[0-9a-f]{32,}$")
            self.assertRegex(fields["nonce"], r"^[0-9a-f]{32}$")
        without_holes = [re.sub(r'name="(csrf|nonce)" value="[^"]*"', "", page.body) for page in (one, two)]
        self.assertEqual(without_holes[0], without_holes[1])  # the rest is one page
        # The CSRF token in each visitor's page is the one bound to their own cookie: their choice holds.
        chosen = second.submit(two.form("/select"), out=two.radios("out")[0])
        self.assertEqual(chosen.status, 303, chosen.body[:2000])
        # Another language is another page.
        danish = Browser(self.server, {"Accept-Language": "da"}).get(path)
        self.assertEqual(danish.headers["Content-Language"], "da")
        self.assertIn('<html lang="da">', danish.body)
        self.assertIn('<html lang="en">', first.get(path).body)
        # The seats as they are: the first journey's cheapest class sold out, the next visitor is not offered it.
        token = one.radios("out")[0]
        flight, klass = flight_of(token), class_of(token)
        while (available := jw.class_counts(self.server.inventory(flight), klass)["available"]) > 0:
            status, body, _ = self.server.hold([{"flight_id": flight, "booking_class": klass}], adults=min(9, available))
            self.assertEqual(status, 201, body)
        after = Browser(self.server).get(path)
        self.assertEqual(after.status, 200)
        offered = [(flight_of(t), class_of(t)) for t in after.radios("out")]
        self.assertIn(flight, [f for f, _ in offered])
        self.assertNotIn((flight, klass), offered)

    # --- safety -------------------------------------------------------------------------------------------------
    def test_a_post_without_the_right_csrf_token_is_refused_and_changes_nothing(self):
        browser = Browser(self.server)
        results = browser.get(search_path())
        form = results.form("/select")
        out = results.radios("out")[0]
        before = self.counts(out)
        real = form["fields"]["csrf"]
        # One changed character (not "0" for a token that ends in "0", which made this flaky: 1 run in 16).
        for csrf in (None, "", "0" * 32, real[:-1] + ("0" if real[-1] != "0" else "1")):
            page = browser.submit(form, out=out, csrf=csrf)
            self.assertEqual(page.status, 403, csrf)
            self.assertIn("CSRF_FAILED", page.body)
        # Another browser's token does not fit this browser's session.
        other = Browser(self.server)
        other.get("/")
        self.assertEqual(other.submit(form, out=out).status, 403)
        self.assertEqual(self.counts(out), before)

        passengers, _ = self.choose(browser)
        form, values = self.fill_passengers(passengers)
        payment = browser.submit(form, **values)
        locator = re.search(r"/booking/([A-Z2-9]{6})/pay", payment.form("/pay")["action"]).group(1)
        refused = browser.submit(payment.form("/pay"), csrf="f" * 32, card_number="4242424242424242",
                                 card_expiry_month="12", card_expiry_year="2031", card_cvc="123", card_holder="X Y")
        self.assertEqual(refused.status, 403)
        link = payment.form("/pay")["fields"]["t"]
        self.assertEqual(self.booking(locator, link)["status"], "HELD")
        cancel = browser.get(f"/booking/{locator}?t=" + link).form("/cancel")
        self.assertEqual(browser.submit(cancel, csrf=None).status, 403)
        self.assertEqual(browser.submit(cancel, csrf=None, confirm="yes").status, 403)
        self.assertEqual(self.booking(locator, link)["status"], "HELD")
        self.assertEqual(browser.post("/manage", {"locator": locator, "last_name": "Hansen"}).status, 403)

    def test_a_tampered_price_or_flight_is_refused_and_changes_nothing(self):
        browser = Browser(self.server)
        results = browser.get(search_path(trip="return", return_date=RETURN))
        form = results.form("/select")
        out, ret = results.radios("out")[0], results.radios("ret")[0]
        before = self.counts(out)
        parts = out.split(".")
        cheaper = ".".join(parts[:3] + ["100"] + parts[4:])
        # Another flight of the page's (on a day with one flight out, a flight back).
        other = next(flight_of(t) for t in results.radios("out") + results.radios("ret")
                     if flight_of(t) != flight_of(out))
        other_flight = ".".join(parts[:1] + [str(other)] + parts[2:])
        bigger_party = ".".join(parts[:5] + ["1-0-0" if parts[5] != "1-0-0" else "2-0-0"] + parts[6:])
        for token in (cheaper, other_flight, bigger_party, out[:-1] + ("0" if out[-1] != "0" else "1"), "garbage"):
            page = browser.submit(form, out=token, ret=ret)
            self.assertEqual(page.status, 400, token)
            self.assertIn("TAMPERED_SELECTION", page.body)
        swapped = browser.submit(form, out=ret, ret=out)
        self.assertEqual(swapped.status, 400)
        self.assertEqual(self.counts(out), before)
        self.assertEqual(browser.get("/booking/ABCDEF?t=" + "0" * 32).status, 404)

    def test_seats_check_in_and_boarding_passes_on_the_booking_site(self):
        segment = jw.soon_flight(self.server, "CPH", "HAM")
        if not segment:
            self.skipTest("no CPH-HAM flight in its check-in window now")
        status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=2)
        self.assertEqual(status, 201, held)
        locator = held["locator"]
        status, paid, _ = self.server.confirm(locator, jw.adults(2), jw.card())
        self.assertEqual(status, 200, paid)
        browser = Browser(self.server)
        found = browser.submit(browser.get("/manage").form("/manage"), locator=locator, last_name="Hansen")
        page = browser.follow(found)
        self.assertIn("Seats and check-in", page.body)
        link = lambda body, mark: html.unescape(re.search(rf'href="([^"]+)" {mark}', body).group(1))

        # Seats: the map, a choice per passenger; saved, shown on the booking, kept by the service.
        seats = browser.get(link(page.body, "data-seats-link"))
        self.assertEqual(seats.status, 200, seats.body[:2000])
        self.assertIn('class="seat-map"', seats.body)
        form = seats.form("/seats")
        first, second = form["selects"]["p1_seat"][1], form["selects"]["p2_seat"][2]
        self.assertNotEqual(first, second)
        saved = browser.submit(form, p1_seat=first, p2_seat=second)
        self.assertEqual(saved.status, 303, saved.body[:2000])
        page = browser.follow(saved)
        self.assertIn("Your seats are saved.", page.body)
        self.assertIn(f": {first}", page.body)
        self.assertEqual({(s["passenger"], s["seat"]) for s in self.booking(locator)["seats"]}, {(1, first), (2, second)})
        # Both passengers in one seat: refused on the page, nothing changes.
        clash = browser.submit(browser.get(link(page.body, "data-seats-link")).form("/seats"), p1_seat=second)
        self.assertEqual(clash.status, 409, clash.body[:2000])
        self.assertIn('role="alert"', clash.body)
        self.assertEqual({(s["passenger"], s["seat"]) for s in self.booking(locator)["seats"]}, {(1, first), (2, second)})

        # Special assistance and meals, for every flight: asked for, changed, withdrawn.
        requests = browser.get(link(page.body, "data-requests-link"))
        self.assertEqual(requests.status, 200, requests.body[:2000])
        form = requests.form("/requests")
        self.assertIn("WCHS", form["selects"]["p1_wheelchair"])
        self.assertNotIn("BBML", form["selects"]["p1_meal"])  # a baby meal is for infants
        saved = browser.submit(form, p1_wheelchair="WCHS", p2_meal="VGML")
        self.assertEqual(saved.status, 303, saved.body[:2000])
        page = browser.follow(saved)
        self.assertIn("data-requests-saved", page.body)
        codes = lambda: sorted((r["passenger"], r["code"]) for r in self.booking(locator)["ssrs"])
        self.assertEqual(codes(), [(1, "WCHS"), (2, "VGML")])
        again = browser.get(link(page.body, "data-requests-link")).form("/requests")
        self.assertEqual((again["fields"]["p1_wheelchair"], again["fields"]["p2_meal"]), ("WCHS", "VGML"))
        self.assertEqual(browser.submit(again, p1_wheelchair="", p2_meal="KSML").status, 303)
        self.assertEqual(codes(), [(2, "KSML")])

        # Check-in: documents (a border is crossed) and the declaration are asked for; refusals keep nothing.
        check_in_path = link(page.body, "data-check-in-link")
        check_in = browser.get(check_in_path)
        self.assertEqual(check_in.status, 200, check_in.body[:2000])
        form = check_in.form("/check-in")
        self.assertIn("p2_document_number", form["fields"])
        documents = {}
        for p in (1, 2):
            documents.update({f"p{p}_nationality": "DK", f"p{p}_document_type": "P",
                              f"p{p}_document_number": f"DK00{p}2345", f"p{p}_document_issuing_country": "DK",
                              f"p{p}_document_expiry": "2031-05-31"})
        undeclared = browser.submit(form, **documents)
        self.assertEqual(undeclared.status, 422)
        self.assertIn("Please confirm the declaration", undeclared.body)
        expired = browser.submit(form, **dict(documents, p2_document_expiry="2021-05-31"), declaration="yes")
        self.assertEqual(expired.status, 422, expired.body[:2000])
        self.assertEqual({c["status"] for t in self.booking(locator)["tickets"] for c in t["coupons"]}, {"O"})
        checked = browser.submit(form, **documents, declaration="yes")
        self.assertEqual(checked.status, 303, checked.body[:3000])
        passes = browser.follow(checked)
        self.assertEqual(passes.status, 200)
        booking = self.booking(locator)
        self.assertEqual({c["status"] for t in booking["tickets"] for c in t["coupons"]}, {"C"})
        self.assertTrue(all(s["checked_in"] for s in booking["seats"]))
        codes = re.findall(r'data-bcbp="([^"]+)"', passes.body)
        self.assertEqual(len(codes), 2)
        self.assertEqual(html.unescape(codes[0])[48:52], first.rjust(4, "0"))
        self.assertEqual(passes.body.count("<svg"), 2)
        self.assertIn(f'data-seat>{second}<', passes.body)
        pdf = browser.get(link(passes.body, "download data-boarding-pdf"))
        self.assertEqual((pdf.status, pdf.headers["Content-Type"]), (200, "application/pdf"))
        self.assertIn("no-store", pdf.headers["Cache-Control"])
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.raw, capture_output=True,
                              check=True).stdout.decode()
        self.assertEqual(text.count("Boarding pass"), 2)
        self.assertIn(segment["flight_number"], text)
        # The passes by e-mail too; the booking page now leads to them, and check-in again leads there as well.
        self.assertIn(("boarding_pass", "en"), [(m["kind"], m["language"]) for m in outbox(self.server, locator)])
        page = browser.get(found.headers["Location"])
        self.assertIn("data-boarding-link", page.body)
        self.assertNotIn("data-seats-link", page.body)
        again = browser.get(check_in_path)
        self.assertEqual(again.status, 303)
        self.assertIn("/boarding-pass", again.headers["Location"])

    def test_manage_booking_then_cancel(self):
        browser = Browser(self.server)
        passengers, choice = self.choose(browser)
        form, values = self.fill_passengers(passengers)
        payment = browser.submit(form, **values)
        confirmation = browser.follow(self.pay(browser, payment, "4242424242424242"))
        locator = re.search(r"data-locator>([A-Z2-9]{6})<", confirmation.body).group(1)
        sold, held = self.counts(choice["out"])

        stranger = Browser(self.server)
        manage = stranger.get("/manage")
        self.assertEqual(manage.status, 200)
        wrong = stranger.submit(manage.form("/manage"), locator=locator, last_name="Jensen")
        self.assertEqual(wrong.status, 404)
        self.assertIn("No booking matches", wrong.body)
        found = stranger.submit(manage.form("/manage"), locator=locator.lower(), last_name="hansen")
        self.assertEqual(found.status, 303)
        page = stranger.follow(found)
        self.assertIn("Confirmed", page.body)
        # Every link and form on the page expires with the link that opened it: following links never renews one.
        expiry = found.headers["Location"].split("t=")[1].split(".")[0]
        carried = re.findall(r'name="t" value="(\d+)\.', page.body) + re.findall(r"[?&]t=(\d+)\.", page.body)
        self.assertTrue(carried)
        self.assertEqual(set(carried), {expiry})
        # The confirmation e-mail was queued with the booking, in the language of the pages; resending queues another.
        self.assertEqual([(m["kind"], m["language"]) for m in outbox(self.server, locator)],
                         [("booking_confirmation", "en")])
        self.assertEqual(stranger.submit(page.form("/resend"), csrf=None).status, 403)
        resent = stranger.follow(stranger.submit(page.form("/resend")))
        self.assertIn("The confirmation e-mail is on its way again.", resent.body)
        self.assertEqual(len(outbox(self.server, locator)), 2)
        page = resent
        self.assertIn('data-refund="not_refundable"', page.body)
        self.assertIn("Your fare is not refundable: cancelling refunds the taxes only.", page.body)
        # Cancelling asks first; only the answer cancels.
        asked = stranger.submit(page.form("/cancel"))
        self.assertEqual(asked.status, 200)
        self.assertIn("Do you really want to cancel this booking?", asked.body)
        self.assertIn('data-refund="not_refundable"', asked.body)
        self.assertEqual(self.booking(locator)["status"], "CONFIRMED")
        cancelled = stranger.follow(stranger.submit(asked.form("/cancel")))
        self.assertIn('data-status="CANCELLED"', cancelled.body)
        self.assertEqual(self.booking(locator)["status"], "CANCELLED")
        self.assertEqual(self.counts(choice["out"]), (sold - 1, held))

    def test_security_headers_and_cookies(self):
        page = Browser(self.server).get("/")
        csp = page.headers["Content-Security-Policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'"):
            self.assertIn(directive, csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(page.headers["X-Content-Type-Options"], "nosniff")
        self.assertIn("Referrer-Policy", page.headers)
        self.assertEqual(page.headers["X-Frame-Options"], "DENY")
        self.assertNotIn("<script>", page.body)
        self.assertNotIn(" style=", page.body)
        # Over HTTPS (JETWAY_TEST_TLS=1) the cookie is Secure and the answer carries HSTS; over plain HTTP neither.
        https = self.server.scheme == "https"
        [session] = page.cookies_set
        self.assertRegex(session, r"^jw_sid=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if https else "")
                         + "$")
        self.assertEqual(page.headers.get("Strict-Transport-Security"), "max-age=63072000" if https else None)
        secure = Browser(self.server, {"X-Forwarded-Proto": "https"}).get("/?lang=da")
        self.assertEqual(len(secure.cookies_set), 2)
        for cookie in secure.cookies_set:
            self.assertIn("HttpOnly", cookie)
            self.assertIn("SameSite=Lax", cookie)
            self.assertTrue(cookie.endswith("; Secure"), cookie)
        # The firewall refuses markup in a search...
        evil_search = search_path(origin='"><script>alert(1)</script>')
        self.assertEqual(Browser(self.server).get(evil_search).status, 403)
        # ...and behind its back, what a visitor typed comes back as text, never as markup.
        unguarded = jw.Server(env={"JETWAY_WAF_MODE": "detection"}).start()
        try:
            evil = Browser(unguarded).get(evil_search)
            self.assertEqual(evil.status, 422)
            self.assertNotIn("<script>alert(1)</script>", evil.body)
            self.assertIn("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;", evil.body)
            unguarded.wait_for_log("firewall would block")
        finally:
            unguarded.close()

    def test_language_is_chosen_remembered_and_negotiated(self):
        browser = Browser(self.server)
        danish = browser.get("/?lang=da")
        self.assertIn('<html lang="da">', danish.body)
        self.assertIn("Hvor vil du flyve hen?", danish.body)
        self.assertTrue(any(c.startswith("jw_lang=da;") and "Max-Age=" in c for c in danish.cookies_set))
        remembered = browser.get("/manage")
        self.assertIn("Administrer din booking", remembered.body)
        self.assertEqual(remembered.headers["Content-Language"], "da")
        prices = browser.get(search_path(currency="DKK"))
        self.assertRegex(prices.body, r"\d+,\d\d DKK")
        negotiated = Browser(self.server, {"Accept-Language": "da-DK,da;q=0.9,en;q=0.5"}).get("/")
        self.assertIn("Hvor vil du flyve hen?", negotiated.body)
        english = Browser(self.server, {"Accept-Language": "fr, de;q=0.8"}).get("/")
        self.assertIn("Where would you like to fly?", english.body)
        self.assertIn('href="/?lang=da"', english.body)

    def test_pages_are_light_and_link_only_our_own_hashed_assets(self):
        browser = Browser(self.server)
        for path in ("/", search_path(trip="return", return_date=RETURN), "/manage"):
            page = browser.get(path)
            assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.body)
            self.assertTrue(any(a.endswith(".css") for a in assets), path)
            total = len(page.body.encode())
            for asset in assets:
                if asset.endswith(".svg"):
                    continue  # the logo is not counted
                self.assertRegex(asset, r"\.[0-9a-f]{16}\.(css|js)$")
                status, body, headers = self.server.request("GET", asset)
                self.assertEqual(status, 200)
                self.assertEqual(headers["Cache-Control"], "public, max-age=31536000, immutable")
                total += len(body.encode() if isinstance(body, str) else body)
            self.assertLess(total, 100 * 1024, path)
            self.assertNotRegex(page.body, r'(?:href|src)="(?:https?:)?//', path)


if __name__ == "__main__":
    unittest.main()
