"""The partner API (AeroCRS v5-compatible, /aerocrs/v5/<method>) against the real binary on the engine under test,
written from ../shared/reference/aerocrs-api.md method by method: the envelope and its error shape, credentials
(missing, wrong id, wrong secret, a method or an airline the partner may not use), every documented field of the
answers with its type, the booking lifecycle for one adult and for a family on the agency's account (createBooking
holds 20 minutes, confirmBooking makes it OK, getBooking by id, confirmation or PNR with surname, cancelBooking
returns the seats), refusals that change nothing, a partner seeing no other partner's bookings, and malformed
bodies that never get a 5xx."""
import concurrent.futures
import datetime
import hashlib
import hmac
import http.server
import json
import re
import subprocess
import threading
import time
import unittest

from jw import JETWAY_BIN, Server, adults, card, class_counts, free_port, soon_flight, today_plus

STAFF = ("admin@airline.example", "the airline's long passphrase")
NORDLYS = {"code": "12345675", "name": "Nordlys Rejser", "contact_name": "Ida Hansen",
           "email": "booking@nordlys.example", "phone": "+45 33 12 34 56", "address_line1": "Vesterbrogade 10",
           "address_line2": "", "postcode": "1620", "city": "København V", "country": "dk", "currency": "DKK",
           "airlines": "X9", "settlement": "net"}
SOL = {**NORDLYS, "code": "23456786", "name": "Sol og Strand", "email": "info@sol.example"}
KILI = {**NORDLYS, "code": "34567890", "name": "Kili Safaris", "email": "desk@kili.example"}  # no credit line
# auth_id -> (secret, agency code or None, methods)
PARTNERS = {"SAFARI-TRIPS-0001": ("0f1e2d3c4b5a69788796a5b4c3d2e1f0", "12345675", ""),
            "META-SEARCH-0002": ("a1b2c3d4e5f60718293a4b5c6d7e8f90", None, "reference shopping"),
            "SOL-SYSTEM-0003": ("99887766554433221100ffeeddccbbaa", "23456786", ""),
            "TINY-QUOTA-0004": ("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a", "12345675", ""),
            "CARD-PAYER-0005": ("c0ffeec0ffeec0ffeec0ffeec0ffee00", None, ""),
            "X9-ONLY-PARTNER-8": ("8888888888888888aaaaaaaaaaaaaaaa", None, ""),
            "V1-QUOTA-PARTNER-9": ("9999999999999999bbbbbbbbbbbbbbbb", None, ""),
            "AGENCY-READER-11": ("aaaabbbbccccddddeeeeffff00001111", "12345675", "reference agents"),
            "AIRLINE-SYSTEM-12": ("1212121212121212121212121212abcd", None, "reference agents"),
            "REVENUE-SYSTEM-13": ("1313131313131313131313131313abcd", None, "reference shopping inventory"),
            "DEPOSIT-PAYER-14": ("1414141414141414141414141414abcd", "34567890", ""),
            "AIRPORT-DCS-15": ("1515151515151515151515151515abcd", None, "dcs")}
QUOTAS = {"TINY-QUOTA-0004": ["--searches-per-minute", "3", "--bookings-per-minute", "1"],
          "X9-ONLY-PARTNER-8": ["--airlines", "X9"],
          "V1-QUOTA-PARTNER-9": ["--searches-per-minute", "2"],
          "AIRPORT-DCS-15": ["--airlines", "X9"]}


def search_day():
    """A day well inside the sales window, as YYYY/MM/DD and YYYY-MM-DD."""
    iso = today_plus(20)
    return iso.replace("-", "/"), iso


class PartnerApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True)
        cls.server.add_staff(STAFF[0], "administrator", STAFF[1])
        cls.server.start()
        office = cls.server.office_browser(*STAFF)
        cls.agency = {}
        for details in (NORDLYS, SOL, KILI):
            added = office.submit(office.get("/agencies").form("/agencies"), **details)
            assert added.status == 303, added.body[:500]
            agency_id = int(re.search(r"/agencies/(\d+)", added.headers["Location"]).group(1))
            page = office.get(f"/agencies/{agency_id}")
            credit = "0.00" if details is KILI else "50000.00"
            limited = office.submit(page.form(f"/agencies/{agency_id}/credit-limit"), credit_limit=credit)
            assert limited.status == 303, limited.body[:300]
            cls.agency[details["code"]] = agency_id
        for auth_id, (secret, agency, methods) in PARTNERS.items():
            cls.add_partner(auth_id, secret, agency, methods)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    @classmethod
    def add_partner(cls, auth_id, secret, agency=None, methods="", expect=0):
        args = [JETWAY_BIN, "partner", "add", "--data-dir", cls.server.data_dir, "--auth-id", auth_id]
        if agency:
            args += ["--agency", agency]
        if methods:
            args += ["--methods", methods]
        args += QUOTAS.get(auth_id, [])
        added = subprocess.run(args, env=cls.server.env, input=secret + "\n", capture_output=True, text=True,
                               timeout=120)
        assert added.returncode == expect, added.stderr
        return added

    # ---- calling ------------------------------------------------------------------------------------------------
    def call(self, method, parms=None, partner="SAFARI-TRIPS-0001", verb="POST", query="", headers=None, raw=None):
        hdrs = {"auth_id": partner, "auth_password": PARTNERS[partner][0]} if partner in PARTNERS else {}
        hdrs.update(headers or {})
        path = f"/aerocrs/v5/{method}" + (f"?{query}" if query else "")
        body = None if verb == "GET" or raw is not None else {"aerocrs": {"parms": parms or {}}}
        status, answer, response_headers = self.server.request(verb, path, body, hdrs, raw=raw)
        self.assertLess(status, 500, answer)
        self.assertIsInstance(answer, dict, answer)
        self.assertEqual(list(answer), ["aerocrs"], answer)
        return status, answer["aerocrs"], response_headers

    def ok(self, method, parms=None, **kw):
        status, answer, _ = self.call(method, parms, **kw)
        self.assertEqual(status, 200, answer)
        self.assertIs(answer["success"], True, answer)
        return answer

    def refused(self, method, parms=None, status=200, **kw):
        got, answer, headers = self.call(method, parms, **kw)
        self.assertEqual(got, status, answer)
        self.assertIs(answer["success"], False, answer)
        details = answer["details"]["detail"]
        self.assertIsInstance(details, list)
        self.assertTrue(details and all(isinstance(d, str) and d for d in details), answer)
        return details[0], answer, headers

    def deeplink(self, adults=1, child=0, infant=0, frm="CPH", to="HAM", **kw):
        day, _ = search_day()
        return self.ok("getDeepLink", verb="GET",
                       query=f"from={frm}&to={to}&start={day}&end={day}&adults={adults}&child={child}&infant={infant}",
                       **kw)["flights"]

    def bookable(self, adults=1, child=0, infant=0, **kw):
        """The first direct flight of the search and its cheapest class."""
        flights = self.deeplink(adults, child, infant, **kw)
        flight = next(f for f in flights["flight"] if isinstance(f["fltid"], int))
        code, cls_ = next(iter(flight["classes"].items()))
        return flight, code, cls_

    def create(self, flight, cls_, adults=1, child=0, infant=0, partner="SAFARI-TRIPS-0001"):
        return self.ok("createBooking", {
            "triptype": "OW", "adults": adults, "child": child, "infant": infant, "chargetype": cls_["chargeTypeCode"],
            "bookflight": [{"fromcode": flight["fromcode"], "tocode": flight["tocode"], "flightid": cls_["flightid"],
                            "fareid": cls_["fareid"]}]}, partner=partner)["booking"]

    def held(self, flight_id, booking_class):
        return class_counts(self.server.inventory(flight_id), booking_class)

    # ---- the back office ------------------------------------------------------------------------------------------
    def test_staff_add_a_partner_and_see_its_calls(self):
        office = self.server.office_browser(*STAFF)
        page = office.get("/partners")
        self.assertEqual(page.status, 200, page.body[:300])
        self.assertIn('data-partner="SAFARI-TRIPS-0001"', page.body)
        refused = office.submit(page.form("/partners"), auth_id="SAFARI-TRIPS-0001", name="Twice")
        self.assertEqual(refused.status, 409, refused.body[:300])
        refused = office.submit(page.form("/partners"), auth_id="OFFICE-MADE-0007", name="Office", methods="everything")
        self.assertEqual(refused.status, 422, refused.body[:300])
        made = office.submit(page.form("/partners"), auth_id="OFFICE-MADE-0007", name="Made in the office",
                             agency=NORDLYS["code"], methods="reference shopping")
        self.assertEqual(made.status, 201, made.body[:500])
        secret = re.search(r"data-secret>([0-9a-f]{48})<", made.body).group(1)
        self.assertRegex(made.body, r"data-webhook-secret>[0-9a-f]{64}<")
        PARTNERS["OFFICE-MADE-0007"] = (secret, NORDLYS["code"], "reference shopping")
        try:
            self.ok("getAirlines", partner="OFFICE-MADE-0007")
            self.deeplink(partner="OFFICE-MADE-0007")
            self.refused("createBooking", {}, partner="OFFICE-MADE-0007")  # not granted
        finally:
            del PARTNERS["OFFICE-MADE-0007"]
        listed = office.get("/partners")
        partner_id = re.search(r'href="/partners/(\d+)">OFFICE-MADE-0007<', listed.body).group(1)
        today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        deadline = time.time() + 10  # the serving node adds its calls to the shared counts every 2 seconds
        while True:
            detail = office.get(f"/partners/{partner_id}")
            self.assertEqual(detail.status, 200)
            calls = {m: re.search(rf'data-usage="{today} {m}">.*?data-calls>(\d+)<', detail.body, re.S)
                     for m in ("getAirlines", "getDeepLink", "createBooking")}
            # The refused createBooking is never counted: the calls it went with are the sign of the flush.
            if (calls["getAirlines"] and calls["getDeepLink"]) or time.time() > deadline:
                break
            time.sleep(0.3)
        self.assertEqual({m: int(c.group(1)) if c else None for m, c in calls.items()},
                         {"getAirlines": 1, "getDeepLink": 1, "createBooking": None})  # refused: not its method
        self.assertEqual(office.get("/partners/999999").status, 404)
        clerk = self.server.office_browser(*self.clerk())
        self.assertEqual(clerk.get("/partners").status, 403)

    def test_staff_change_disable_and_renew_a_partner(self):
        office = self.server.office_browser(*STAFF)
        made = office.submit(office.get("/partners").form("/partners"), auth_id="OFFICE-KEPT-0008",
                             name="Kept by the office", methods="reference shopping")
        self.assertEqual(made.status, 201, made.body[:500])
        partner_id = re.search(r'href="/partners/(\d+)">OFFICE-KEPT-0008<', made.body).group(1)
        PARTNERS["OFFICE-KEPT-0008"] = (re.search(r"data-secret>([0-9a-f]{48})<", made.body).group(1), None, "")
        try:
            page = office.get(f"/partners/{partner_id}")
            form = page.form(f"/partners/{partner_id}")
            refused = office.submit(form, searches_per_minute="lots")
            self.assertEqual(refused.status, 422, refused.body[:300])
            self.assertIn('value="lots"', refused.body)
            saved = office.submit(form, name="Kept and changed", searches_per_minute="1", airlines="X9",
                                  methods="reference shopping booking")
            self.assertEqual(saved.status, 303, saved.body[:300])
            page = office.get(saved.headers["Location"])
            self.assertIn("Kept and changed", page.body)
            self.assertIn('data-done="saved"', page.body)
            # The change holds from the next call: one search a minute, X9 only, and booking granted.
            self.assertEqual([a["companycode"] for a in self.ok("getAirlines", partner="OFFICE-KEPT-0008")
                              ["airlines"]["airline"]], ["X9"])
            self.deeplink(partner="OFFICE-KEPT-0008")
            self.refused("getDeepLink", {"from": "CPH", "to": "HAM", "start": search_day()[0]}, status=429,
                         partner="OFFICE-KEPT-0008")
            _, answer, _ = self.refused("createBooking", {}, partner="OFFICE-KEPT-0008")
            self.assertEqual(answer["code"], "MISSING_PARAMETER")  # granted now: it reads the parameters

            # Disabled: every call is a wrong credential; enabled again: it works.
            disabled = office.submit(page.form(f"/partners/{partner_id}/status"))
            self.assertEqual(disabled.status, 303)
            self.assertEqual(self.refused("getAirlines", partner="OFFICE-KEPT-0008")[0], "Wrong credentials")
            page = office.get(f"/partners/{partner_id}")
            self.assertIn("data-status>disabled<", page.body)
            enabled = office.submit(page.form(f"/partners/{partner_id}/status"))
            self.assertEqual(enabled.status, 303)
            self.ok("getAirlines", partner="OFFICE-KEPT-0008")

            # A new secret: shown once, the old one refused at once.
            page = office.get(f"/partners/{partner_id}")
            renewed = office.submit(page.form(f"/partners/{partner_id}/secret"))
            self.assertEqual(renewed.status, 200, renewed.body[:300])
            secret = re.search(r"data-secret>([0-9a-f]{48})<", renewed.body).group(1)
            self.assertNotIn("data-webhook-secret", renewed.body)
            self.assertEqual(self.refused("getAirlines", partner="OFFICE-KEPT-0008")[0], "Wrong credentials")
            PARTNERS["OFFICE-KEPT-0008"] = (secret, None, "")
            self.ok("getAirlines", partner="OFFICE-KEPT-0008")
            hooked = office.submit(page.form(f"/partners/{partner_id}/webhook-secret"))
            self.assertRegex(hooked.body, r"data-webhook-secret>[0-9a-f]{64}<")
            self.assertNotIn("data-secret>", hooked.body)
        finally:
            del PARTNERS["OFFICE-KEPT-0008"]
        # Staff who may read agencies but not manage them see no forms and may not post.
        reader_email, reader_password = "finance.reader@airline.example", "reads the ledgers every day"
        self.server.add_staff(reader_email, "finance", reader_password)
        reader = self.server.office_browser(reader_email, reader_password)
        page = reader.get(f"/partners/{partner_id}")
        self.assertEqual(page.status, 200, page.body[:300])
        self.assertNotIn(f'action="/partners/{partner_id}/status"', page.body)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.body).group(1)  # the sign-out form's
        refused = reader.post(f"/partners/{partner_id}/status", {"status": "disabled", "csrf": csrf})
        self.assertEqual(refused.status, 403, refused.body[:300])
        self.ok("getAirlines")

    def partner_command(self, command, auth_id, stdin=""):
        return subprocess.run([JETWAY_BIN, "partner", command, "--data-dir", self.server.data_dir, "--auth-id", auth_id],
                              env=self.server.env, input=stdin, capture_output=True, text=True, timeout=120)

    def test_scripts_disable_enable_and_renew_a_partner(self):
        auth_id, secret = "SCRIPTED-PARTNER-10", "00112233445566778899aabbccddeeff"
        self.add_partner(auth_id, secret)
        PARTNERS[auth_id] = (secret, None, "")
        try:
            self.ok("getAirlines", partner=auth_id)
            done = self.partner_command("disable", auth_id)
            self.assertEqual((done.returncode, done.stdout.strip()), (0, f"partner {auth_id}: disabled"), done.stderr)
            self.assertEqual(self.refused("getAirlines", partner=auth_id)[0], "Wrong credentials")
            self.assertEqual(self.partner_command("enable", auth_id).returncode, 0)
            self.ok("getAirlines", partner=auth_id)
            weak = self.partner_command("new-secret", auth_id, "short\n")
            self.assertEqual(weak.returncode, 2)
            self.assertIn("WEAK_SECRET", weak.stderr)
            self.ok("getAirlines", partner=auth_id)  # a refused renewal changes nothing
            renewed = self.partner_command("new-secret", auth_id, "ffeeddccbbaa99887766554433221100\n")
            self.assertEqual(renewed.returncode, 0, renewed.stderr)
            self.assertEqual(self.refused("getAirlines", partner=auth_id)[0], "Wrong credentials")
            PARTNERS[auth_id] = ("ffeeddccbbaa99887766554433221100", None, "")
            self.ok("getAirlines", partner=auth_id)
        finally:
            del PARTNERS[auth_id]
        unknown = self.partner_command("disable", "NOBODY-AT-ALL-99")
        self.assertEqual(unknown.returncode, 2)
        self.assertIn("PARTNER_NOT_FOUND", unknown.stderr)

    def clerk(self):
        """A member of staff without agencies.read."""
        email, password = "planner@airline.example", "timetables all morning long"
        if not getattr(type(self), "clerk_added", False):
            self.server.add_staff(email, "schedules", password)
            type(self).clerk_added = True
        return email, password

    # ---- credentials and the envelope ---------------------------------------------------------------------------
    def test_wrong_credentials_answer_the_reference_error_and_nothing_else(self):
        for headers in ({}, {"auth_id": "SAFARI-TRIPS-0001"}, {"auth_password": PARTNERS["SAFARI-TRIPS-0001"][0]},
                        {"auth_id": "SAFARI-TRIPS-0001", "auth_password": "0f1e2d3c4b5a69788796a5b4c3d2e1fX"},
                        {"auth_id": "NOBODY-AT-ALL-9", "auth_password": PARTNERS["SAFARI-TRIPS-0001"][0]}):
            detail, answer, _ = self.refused("getAirlines", partner=None, headers=headers)
            self.assertEqual(detail, "Wrong credentials")
            self.assertEqual(set(answer), {"success", "details", "code"}, answer)

    def test_unknown_forbidden_and_unavailable_methods(self):
        detail, _, _ = self.refused("getairlines", status=404)
        self.assertIn("Unknown method", detail)
        detail, _, _ = self.refused("createBooking", partner="META-SEARCH-0002")
        self.assertEqual(detail, "You do not have permission to do this action")
        detail, answer, _ = self.refused("createOpenService", {"bookingconfirmation": "x"})
        self.assertIn("not available", detail)
        self.assertEqual(answer["code"], "METHOD_NOT_AVAILABLE")
        self.ok("getAirlines", partner="META-SEARCH-0002")

    def test_malformed_bodies_get_the_envelope_never_a_server_error(self):
        bodies = [b"{", b"[]", b"null", b'{"aerocrs":1}', b'{"aerocrs":{"parms":"x"}}', b'{"parms":{}}',
                  b'{"aerocrs":{"parms":{}},"aerocrs":{"parms":{}}}', b"\xff\xfe", b'{"aerocrs":{"parms":{"a":' +
                  b"[" * 100 + b"]" * 100 + b"}}}", b"<aerocrsapi><parms/></aerocrsapi>"]
        for body in bodies:
            with self.subTest(body=body[:40]):
                status, answer, _ = self.call("getBooking", raw=body)
                self.assertIn(status, (400, 415), answer)
                self.assertIs(answer["success"], False)
        for parms in ({"bookingid": "x"}, {"bookingid": -1}, {"bookingid": {"a": 1}}, {"bookingid": [1]},
                      {"bookingconfirmation": ["x"]}, {"bookingid": 1e300}):
            with self.subTest(parms=parms):
                self.refused("getBooking", parms)

    def test_every_method_refuses_junk_parameters_with_the_envelope(self):
        junk = [{}, {"bookingid": "x", "flightcode": [], "action": 7, "bookflight": "x", "amount": {"a": 1}},
                {"bookingid": 1e300, "bookingconfirmation": {"x": 1}, "leg": -1, "bookflight": [{}] * 3,
                 "customerid": "12x", "currency": "EURO", "start": "2026/13/45"},
                {"bookingid": 1, "action": "amend", "chargetype": "ALL", "amount": "NaN",
                 "bookflight": {"fromcode": "C?H", "tocode": "x" * 5000, "flightid": True, "fareid": None}}]
        # (Injection- and script-shaped values are the firewall's to stop before they reach a method: test_waf.)
        for method in ("changeBooking", "assessChangeFees", "useDeposit", "makePayment", "confirmBooking",
                       "createBooking", "getItinerary", "cancelBooking", "getDeepLink", "getAvailability",
                       "getFlight", "getFlights", "getFares", "getFareRules", "getSchedule", "getSeatMap",
                       "makeSeatReservation", "createSSR", "getAncillaries", "createAncillary", "getAirlineAncillaries",
                       "getSeatMapFare", "confirmExtrasReservation"):
            for parms in junk + [{"bookingid": 1, "companycode": "X9", "flightid": "1",
                                  "flights": [{"seat": {"seat": [7, None, {}]}, "flightnumber": ["x"]}]}]:
                with self.subTest(method=method, parms=str(parms)[:60]):
                    status, answer, _ = self.call(method, parms)
                    self.assertIn(status, (200, 400, 403, 404, 409, 422), answer)
                    if answer["success"] is False:
                        self.assertTrue(answer["details"]["detail"] and answer["code"], answer)

    def test_credentials_are_refused_when_weak_or_taken(self):
        weak = self.add_partner("WEAK-SECRET-0004", "password", expect=2)
        self.assertIn("WEAK_SECRET", weak.stderr)
        taken = self.add_partner("SAFARI-TRIPS-0001", "another-secret-that-is-long-enough", expect=2)
        self.assertIn("AUTH_ID_TAKEN", taken.stderr)
        unknown = self.add_partner("NO-AGENCY-0005", "another-secret-that-is-long-enough", agency="99999990",
                                   expect=2)
        self.assertIn("AGENCY_NOT_FOUND", unknown.stderr)

    # ---- reference data -----------------------------------------------------------------------------------------
    def test_get_airlines_has_every_documented_field(self):
        airlines = self.ok("getAirlines", verb="GET")["airlines"]["airline"]
        self.assertIsInstance(airlines, list)
        x9 = next(a for a in airlines if a["companycode"] == "X9")
        for key in ("companyname", "companycode", "companyiatacode", "country", "countryiso", "logourl"):
            self.assertIsInstance(x9[key], str, key)
        for key in ("mandatoryage", "mandatoryphone", "mandatorynationality", "mandatorydocumentnumber",
                    "mandatorydocumentexpiry", "mandatorydocumentissueingcountry", "mandatoryplaceofbirth",
                    "mandatorydateofbirth", "mandatorydateofbirthforchild", "onlinecheckinavailable",
                    "airlineacceptsapicreditcardpayments"):
            self.assertIsInstance(x9[key], bool, key)
        self.assertEqual(x9["companyname"], "Kattegat Air")
        self.assertTrue(x9["mandatorydateofbirthforchild"])

    def test_get_destinations(self):
        destinations = self.ok("getDestinations")["destinations"]["destination"]
        codes = {d["code"] for d in destinations}
        self.assertTrue({"CPH", "HAM"} <= codes, codes)
        for d in destinations:
            for key in ("name", "code", "iatacode", "icaocode", "country", "countryiso"):
                self.assertIsInstance(d[key], str, key)
        self.assertEqual(self.ok("getDestinations", {"companycode": "ZZ"})["destinations"]["destination"], [])

    # ---- availability ---------------------------------------------------------------------------------------------
    def test_get_deep_link_by_get_and_post(self):
        day, iso = search_day()
        flights = self.deeplink(2, 1, 1)
        self.assertEqual(flights["count"], len(flights["flight"]))
        self.assertGreater(flights["count"], 0)
        for f in flights["flight"]:
            self.assertTrue(isinstance(f["fltid"], int) or all(isinstance(i, int) for i in f["fltid"]))
            for key in ("airlineDesignator", "airlineICAOcode", "airlineName", "fltnum", "fromcode", "tocode",
                        "aircraftType", "aircraftTypeIataCode", "via", "STD", "STA", "STDinUTC", "STAinUTC",
                        "airlineLogo", "deeplink", "direction"):
                self.assertIsInstance(f[key], str, key)
            for key in ("CompanyChildAgeStart", "CompanyChildAgeEnd"):
                self.assertIsInstance(f[key], int, key)
            self.assertIsInstance(f["companyINFchargeTAX"], bool)
            self.assertIsInstance(f["websiteDiscount"], (int, float))
            self.assertRegex(f["STD"], r"^\d{4}/\d\d/\d\d \d\d:\d\d$")
            self.assertRegex(f["STAinUTC"], r"^\d{4}/\d\d/\d\d \d\d:\d\d$")
            self.assertTrue(f["STD"].startswith(day), f["STD"])
            self.assertEqual((f["fromcode"], f["tocode"], f["direction"]), ("CPH", "HAM", "outbound"))
            self.assertIn(f"date={iso}", f["deeplink"])
            self.assertTrue(f["classes"])
            for code, c in f["classes"].items():
                self.assertRegex(code, r"^[A-Z](/.+)?$")
                for key in ("flightid", "fareid", "freeseats"):
                    self.assertIsInstance(c[key], int, key)
                for key in ("currency", "chargeType", "chargeTypeCode"):
                    self.assertIsInstance(c[key], str, key)
                self.assertGreaterEqual(c["freeseats"], 3)
                for key in ("adultFare", "childFare", "infantFare", "tax"):
                    self.assertRegex(c["fare"][key], r"^\d+\.\d\d$", key)
        posted = self.ok("getDeepLink", {"from": "CPH", "to": "HAM", "start": day, "end": day, "adults": 2,
                                         "child": 1, "infant": 1})["flights"]
        self.assertEqual(posted["count"], flights["count"])
        detail, _, _ = self.refused("getDeepLink", {"from": "QQQ", "to": "HAM", "start": day})
        self.assertEqual(detail, "Wrong destinations input")
        detail, _, _ = self.refused("getDeepLink", {"from": "CPH", "to": "HAM"})
        self.assertIn("start", detail)
        empty = self.ok("getDeepLink", {"from": "CPH", "to": "HAM", "start": "2001/01/01"})["flights"]
        self.assertEqual((empty["count"], empty["flight"]), (0, []))

    def test_a_deep_link_opens_that_search_on_the_booking_site(self):
        flight = self.deeplink()["flight"][0]
        link = flight["deeplink"]
        self.assertRegex(link, r"^https?://[^/]+/search\?trip=oneway&")
        status, page, _ = self.server.request("GET", link[link.index("/search"):])
        self.assertEqual(status, 200, str(page)[:300])
        self.assertIn(flight["fltnum"], page)
        self.assertNotIn('class="error', page)

    def test_get_availability_by_route_and_by_flight_number(self):
        day, _ = search_day()
        found = self.ok("getAvailability", {"from": "CPH", "to": "HAM", "start": day, "end": day})
        self.assertEqual(found["count"], len(found["flight"]))
        self.assertGreater(found["count"], 0)
        nested = self.ok("getAvailability", {"destinations": {"from": "cph", "to": "ham"},
                                             "dates": {"start": day, "end": day}})
        self.assertEqual(nested, found)
        offered = {f["fltid"]: f for f in self.deeplink()["flight"] if isinstance(f["fltid"], int)}
        for f in found["flight"]:
            for key in ("airlineDesignator", "airlineICAOcode", "airlinename", "fltnum", "fromCode", "toCode", "std",
                        "sta", "flighttype"):
                self.assertIsInstance(f[key], str, key)
            self.assertRegex(f["std"], r"^\d{4}/\d\d/\d\d \d\d:\d\d$")
            self.assertTrue(f["std"].startswith(day))
            self.assertEqual(f["numberOfLegs"], 1 if f["flighttype"] == "Direct" else len(f["flights"]))
            for code, seats in f["classes"].items():
                self.assertRegex(code, r"^[A-Z]$")
                self.assertIsInstance(seats, int)
                self.assertTrue(0 < seats <= 9, seats)
            if f["flighttype"] == "Direct" and f["fltid"] in offered:
                # The same seats getDeepLink offers one adult, class by class.
                classes = offered[f["fltid"]]["classes"]
                for code, seats in f["classes"].items():
                    self.assertEqual(seats, max(c["freeseats"] for k, c in classes.items() if k.split("/")[0] == code))
            else:
                for leg in f["flights"]:
                    self.assertEqual(set(leg), {"airlineName", "fltid", "fltnum", "fromcode", "tocode", "STD", "STA",
                                                "legNumber"})
        direct = next(f for f in found["flight"] if f["flighttype"] == "Direct")
        by_number = self.ok("getAvailability", {"fltnum": direct["fltnum"], "start": day})
        self.assertEqual([f["fltid"] for f in by_number["flight"]], [direct["fltid"]])
        digits = re.sub(r"^[A-Z0-9]{2}", "", direct["fltnum"])
        self.assertIn(direct["fltid"], [f["fltid"] for f in self.ok("getAvailability", {
            "fltnum": digits, "start": day})["flight"]])
        for parms, code in (({"start": day}, "MISSING_PARAMETER"), ({"from": "CPH", "start": day}, "MISSING_PARAMETER"),
                            ({"from": "QQQ", "to": "HAM"}, "WRONG_DESTINATIONS"),
                            ({"from": "CPH", "to": "HAM", "start": day, "end": "2001/01/01"}, "INVALID_DATES"),
                            ({"fltnum": direct["fltnum"], "start": day, "end": today_plus(40).replace("-", "/")},
                             "INVALID_DATES")):
            with self.subTest(parms=parms):
                _, answer, _ = self.refused("getAvailability", parms)
                self.assertEqual(answer["code"], code)

    def test_get_flight_prices_the_chosen_flight_and_fare_again(self):
        day, _ = search_day()
        out_flight, code, cls_ = self.bookable(2, 1, 1)
        back = self.deeplink(2, 1, 1, frm="HAM", to="CPH")
        back_flight = next(f for f in back["flight"] if isinstance(f["fltid"], int))
        back_code, back_cls = next(iter(back_flight["classes"].items()))
        parms = {"triptype": "RT", "fromcode": "CPH", "tocode": "HAM", "adults": 2, "child": 1, "infant": 1,
                 "flightid1": cls_["flightid"], "fareid1": cls_["fareid"],
                 "flightid2": back_cls["flightid"], "fareid2": back_cls["fareid"]}
        flights = self.ok("getFlight", parms)["flights"]["flight"]
        self.assertEqual([f["direction"] for f in flights], ["outbound", "inbound"])
        for f, chosen, key in ((flights[0], cls_, code), (flights[1], back_cls, back_code)):
            for k in ("airline", "airlinelogo", "from", "to", "fromcode", "tocode", "flightdate", "depart", "arrive",
                      "number", "via"):
                self.assertIsInstance(f[k], str, k)
            for k in ("airlineid", "childagefrom", "childageto", "totalminutes", "flightcode", "flightid", "fareid"):
                self.assertIsInstance(f[k], int, k)
            self.assertIs(f["bookable"], True)
            self.assertIs(f["chargetaxoninfant"], False)
            self.assertEqual((f["flightid"], f["fareid"], f["class"]), (chosen["flightid"], chosen["fareid"], key))
            self.assertEqual(f["classes"][key]["fare"], chosen["fare"])
            self.assertGreater(f["totalminutes"], 0)
        self.assertEqual(flights[0]["flightdate"], day)
        # A partner that may not book sees the flight as not bookable.
        meta = self.ok("getFlight", {**parms, "triptype": "OW"}, partner="META-SEARCH-0002")["flights"]["flight"]
        self.assertEqual([f["bookable"] for f in meta], [False])
        _, answer, _ = self.refused("getFlight", {**parms, "fareid1": 999999})
        self.assertEqual(answer["code"], "FLIGHT_OR_FARE_NOT_FOUND")
        _, answer, _ = self.refused("getFlight", {**parms, "fromcode": "HAM", "tocode": "CPH"})
        self.assertEqual(answer["code"], "WRONG_DESTINATIONS")
        _, answer, _ = self.refused("getFlight", {k: v for k, v in parms.items() if k != "fareid2"})
        self.assertEqual(answer["code"], "MISSING_PARAMETER")

    def test_get_flights_the_v4_search_both_ways(self):
        day, iso = search_day()
        back_day = today_plus(23).replace("-", "/")
        flights = self.ok("getFlights", {"triptype": "RT", "fromcode": "CPH", "tocode": "HAM", "flightdate1": day,
                                         "flightdate2": back_day, "adults": 1, "child": 0})["flights"]["flight"]
        directions = [f["direction"] for f in flights]
        self.assertIn("outbound", directions)
        self.assertIn("inbound", directions)
        self.assertEqual(directions, sorted(directions, key=["outbound", "inbound"].index))
        for f in flights:
            self.assertEqual(f["flightdate"], day if f["direction"] == "outbound" else back_day)
            self.assertIn("trip=return", f["linktowebsite"])
            self.assertTrue(f["classes"])
            if f["via"]:
                self.assertEqual(len(f["flights"]), 2)
        status, page, _ = self.server.request("GET", flights[0]["linktowebsite"][flights[0]["linktowebsite"]
                                                                               .index("/search"):])
        self.assertEqual(status, 200)
        self.assertNotIn('class="error', page)
        _, answer, _ = self.refused("getFlights", {"triptype": "RT", "fromcode": "CPH", "tocode": "HAM",
                                                   "flightdate1": day, "adults": 1, "child": 0})
        self.assertEqual(answer["code"], "MISSING_PARAMETER")

    def test_get_fares_and_fare_rules_are_the_fares_search_prices_with(self):
        day, _ = search_day()
        flight, code, cls_ = self.bookable()
        sheet = self.ok("getFares", {"from": "CPH", "to": "HAM", "start": day, "end": day})
        self.assertEqual(sheet["count"], len(sheet["fare"]))
        row = next(r for r in sheet["fare"] if r["fareid"] == cls_["fareid"])
        for key in ("airlineDesignator", "airlineICAOcode", "airlinename", "fromCode", "toCode", "fromDate", "toDate",
                    "class", "type", "currency", "adultFareOW", "chargeTaxOnReturnTrip", "notification",
                    "chargeType", "chargeTypeCode", "faretype"):
            self.assertIsInstance(row[key], str, key)
        self.assertEqual((row["fromCode"], row["toCode"]), ("CPH", "HAM"))
        self.assertTrue(row["fromDate"] <= day <= row["toDate"], row)  # the fare's validity holds the day
        self.assertEqual(row["class"] + ("/" + row["type"] if row["type"] else ""), code)
        if row["currency"] == cls_["currency"]:
            self.assertEqual(row["adultFareOW"], cls_["fare"]["adultFare"])
            taxes = [row[f"tax{i}OW"] for i in range(1, 5) if row[f"tax{i}OW"] is not None]
            self.assertEqual(sum(float(t) for t in taxes), float(cls_["fare"]["tax"]))
        self.assertEqual(list(row["classes"]), [row["class"]])
        # The agency's partner is priced in the agency's currency (DKK); one without an agency asks for any.
        self.assertTrue(all(r["currency"] == "DKK" for r in sheet["fare"]))
        for currency in ("DKK", "EUR"):
            converted = self.ok("getFares", {"from": "CPH", "to": "HAM", "start": day, "currency": currency},
                                partner="META-SEARCH-0002")
            self.assertEqual({r["currency"] for r in converted["fare"]}, {currency})
            self.assertEqual(converted["count"], sheet["count"])
        _, answer, _ = self.refused("getFares", {"from": "CPH", "to": "HAM", "start": day, "currency": "XXX"},
                                    partner="META-SEARCH-0002")
        self.assertEqual(answer["code"], "UNSUPPORTED_CURRENCY")
        _, answer, _ = self.refused("getFares", {"from": "CPH", "to": "HAM", "start": day, "currency": "EUR"})
        self.assertEqual(answer["code"], "CURRENCY_MISMATCH")
        everything = self.ok("getFares", {"start": day})
        self.assertGreater(everything["count"], sheet["count"])

        rules = self.ok("getFareRules", {"fromcode": "CPH", "tocode": "HAM",
                                         "flights": [{"flightid": cls_["flightid"]}]})["Flights"]
        mine = [r for r in rules if r["fareid"] == cls_["fareid"]]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["flightcode"], cls_["flightid"])
        self.assertRegex(mine[0]["rules"][0]["text"], r"^(Non-)?[Rr]efundable\.")
        _, answer, _ = self.refused("getFareRules", {"fromcode": "HAM", "tocode": "CPH",
                                                     "flights": {"flightid": cls_["flightid"]}})
        self.assertEqual(answer["code"], "WRONG_DESTINATIONS")
        _, answer, _ = self.refused("getFareRules", {"fromcode": "CPH", "tocode": "HAM",
                                                     "flights": {"flightid": 99999999}})
        self.assertEqual(answer["code"], "FLIGHT_NOT_FOUND")

    def test_get_schedule_and_ticket_terms(self):
        lines = self.ok("getSchedule", {"companycode": "X9"})["flight"]
        self.assertTrue(lines)
        for line in lines:
            for key in ("fltnumber", "airlinename", "airlinedesignator", "fromdestination", "todestination", "std",
                        "sta", "accode", "fltsfromperiod", "fltstoperiod"):
                self.assertIsInstance(line[key], str, key)
            self.assertEqual(line["airlinedesignator"], "X9")
            self.assertRegex(line["std"], r"^\d\d:\d\d$")
            self.assertRegex(line["fltsfromperiod"], r"^\d{4}/\d\d/\d\d$")
            days = [line[f"weekday{d}"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
            self.assertTrue(all(isinstance(d, bool) for d in days) and any(days), line)
        icao = self.ok("getSchedule", {"companycode": "X9", "codeformat": "ICAO"})["flight"]
        self.assertEqual(len(icao), len(lines))
        self.assertTrue(all(re.fullmatch(r"[A-Z]{4}", l["fromdestination"]) for l in icao), icao[:2])
        self.assertEqual(self.ok("getSchedule", {"fltsFROMperiod": "2001/01/01", "fltsTOperiod": "2001/01/31"})
                         ["flight"], [])
        seen = {l["airlinedesignator"] for l in self.ok("getSchedule", {}, partner="X9-ONLY-PARTNER-8")["flight"]}
        self.assertEqual(seen, {"X9"})
        # As SSIM: one data set of the airlines the partner sees (Chapter 7 records, the carrier's legs).
        records = self.ok("getSchedule", {"ssim": True, "companycode": "X9"})["ssim"].splitlines()
        self.assertTrue(records[0].startswith("1AIRLINE STANDARD SCHEDULE DATA SET"))
        self.assertTrue(all(len(r) == 200 for r in records))
        self.assertEqual({r[2:5] for r in records if r[0] in "235"}, {"X9 "})
        carriers = {r[2:5] for r in self.ok("getSchedule", {"ssim": "true"}, partner="X9-ONLY-PARTNER-8")["ssim"]
                    .splitlines() if r[0] == "2"}
        self.assertEqual(carriers, {"X9 "})
        _, answer, _ = self.refused("getSchedule", {"ssim": True, "companycode": "Q9"}, partner="X9-ONLY-PARTNER-8")
        self.assertEqual(answer["code"], "AIRLINE_NOT_FOUND")
        _, answer, _ = self.refused("getSchedule", {"codeformat": "IATAX"})
        self.assertEqual(answer["code"], "INVALID_PARAMETER")

        terms = self.ok("getTicketTerms")["airlines"]["airline"]
        self.assertEqual({t["name"] for t in terms}, {"Kattegat Air", "Fjordfly"})
        for t in terms:
            self.assertIsInstance(t["airlineid"], int)
            self.assertIn("20 minutes", t["ticketTerms"])
            self.assertTrue(t["ticketTerms"].startswith("<h2>"))

    # ---- API v1 with partner credentials ----------------------------------------------------------------------------
    def v1(self, verb, path, body=None, partner="SAFARI-TRIPS-0001", secret=None, headers=None):
        hdrs = dict(headers or {})
        if partner:
            hdrs["Authorization"] = f"Bearer {partner}:{secret or PARTNERS[partner][0]}"
        status, answer, response_headers = self.server.request(verb, path, body, hdrs)
        self.assertLess(status, 500, answer)
        return status, answer, response_headers

    def v1_offer(self, origin, destination, partner="SAFARI-TRIPS-0001"):
        _, iso = search_day()
        status, found, _ = self.v1("GET", f"/api/v1/availability?origin={origin}&destination={destination}&date={iso}",
                                   partner=partner)
        self.assertEqual(status, 200, found)
        journey = next(j for j in found["outbound"] if len(j["segments"]) == 1 and j["offers"])
        return journey["segments"][0]["flight_id"], journey["offers"][0]["booking_class"]

    def test_api_v1_takes_partner_credentials_as_bearer_tokens(self):
        _, iso = search_day()
        # Wrong credentials of every kind: 401 with the challenge, nothing else.
        for headers in ({"Authorization": "Bearer SAFARI-TRIPS-0001:not-the-secret-at-all-0000"},
                        {"Authorization": "Bearer no-colon-here"}, {"Authorization": "Bearer "},
                        {"auth_id": "SAFARI-TRIPS-0001"}):
            with self.subTest(headers=headers):
                status, answer, got = self.v1("GET", f"/api/v1/availability?origin=CPH&destination=HAM&date={iso}",
                                              partner=None, headers=headers)
                self.assertEqual((status, answer["error"]["code"]), (401, "WRONG_CREDENTIALS"), answer)
                self.assertEqual(answer["error"]["message"], "Wrong credentials")
                self.assertTrue(got["WWW-Authenticate"].startswith("Bearer"))
        # The partner API's headers are taken too.
        status, _, _ = self.v1("GET", "/api/v1/routes", partner=None,
                               headers={"auth_id": "SAFARI-TRIPS-0001", "auth_password": PARTNERS["SAFARI-TRIPS-0001"][0]})
        self.assertEqual(status, 200)

        # A partner sees only its airlines; a passenger sees both.
        _, anyone, _ = self.server.request("GET", f"/api/v1/availability?origin=OSL&destination=TRD&date={iso}")
        self.assertTrue(anyone["outbound"])
        status, x9_only, _ = self.v1("GET", f"/api/v1/availability?origin=OSL&destination=TRD&date={iso}",
                                     partner="X9-ONLY-PARTNER-8")
        self.assertEqual((status, x9_only["outbound"]), (200, []))
        _, routes, _ = self.v1("GET", "/api/v1/routes", partner="X9-ONLY-PARTNER-8")
        self.assertEqual({r["airline"] for r in routes["routes"]}, {"X9"})

        # Grants: a search-only credential may not hold.
        flight_id, booking_class = self.v1_offer("CPH", "HAM")
        status, answer, _ = self.v1("POST", "/api/v1/bookings", {
            "segments": [{"flight_id": flight_id, "booking_class": booking_class}],
            "passengers": {"adults": 1, "children": 0, "infants": 0}}, partner="META-SEARCH-0002")
        self.assertEqual((status, answer["error"]["code"]), (403, "METHOD_NOT_ALLOWED"), answer)
        # Its agency sells X9 only.
        q9_flight, q9_class = self.v1_offer("OSL", "TRD", partner="CARD-PAYER-0005")
        status, answer, _ = self.v1("POST", "/api/v1/bookings", {
            "segments": [{"flight_id": q9_flight, "booking_class": q9_class}],
            "passengers": {"adults": 1, "children": 0, "infants": 0}})
        self.assertEqual((status, answer["error"]["code"]), (403, "AIRLINE_NOT_SOLD"), answer)

        # An agency's partner is priced and charged in the agency's currency only.
        status, answer, _ = self.v1("POST", "/api/v1/bookings", {
            "segments": [{"flight_id": flight_id, "booking_class": booking_class}], "currency": "EUR",
            "passengers": {"adults": 1, "children": 0, "infants": 0}})
        self.assertEqual((status, answer["error"]["code"]), (422, "CURRENCY_MISMATCH"), answer)
        # Hold, confirm on the agency's account, read and cancel by the partner's credential alone.
        before = self.held(flight_id, booking_class)
        status, held, _ = self.v1("POST", "/api/v1/bookings", {
            "segments": [{"flight_id": flight_id, "booking_class": booking_class}],
            "passengers": {"adults": 1, "children": 0, "infants": 0}})
        self.assertEqual(status, 201, held)
        self.assertEqual(held["total"]["currency"], "DKK")
        locator = held["locator"]
        status, answer, _ = self.server.request("POST", f"/api/v1/bookings/{locator}/confirm", {
            "passengers": [{"pax_type": "ADT", "title": "MRS", "first_name": "Amina", "last_name": "Salim"}],
            "contact": {"email": "ops@agency.example", "phone": "+45 33 12 34 56"},
            "payment": {"method": "on_account"}}, {"X-Hold-Token": held["hold_token"]})
        self.assertEqual((status, answer["error"]["code"]), (403, "PAYMENT_METHOD_NOT_ALLOWED"), answer)
        status, confirmed, _ = self.v1("POST", f"/api/v1/bookings/{locator}/confirm", {
            "passengers": [{"pax_type": "ADT", "title": "MRS", "first_name": "Amina", "last_name": "Salim"}],
            "contact": {"email": "ops@agency.example", "phone": "+45 33 12 34 56"},
            "payment": {"method": "on_account"}})
        self.assertEqual((status, confirmed["status"]), (200, "CONFIRMED"), confirmed)
        self.assertEqual(self.held(flight_id, booking_class)["sold"], before["sold"] + 1)
        status, read, _ = self.v1("GET", f"/api/v1/bookings/{locator}")
        self.assertEqual((status, read["locator"]), (200, locator))
        status, _, _ = self.v1("GET", f"/api/v1/bookings/{locator}", partner="SOL-SYSTEM-0003")
        self.assertEqual(status, 404)
        status, _, _ = self.server.request("GET", f"/api/v1/bookings/{locator}", stranger=True)
        self.assertEqual(status, 404)
        # The same booking through the partner API, for the partner that made it.
        got = self.ok("getBooking", {"bookingconfirmation": locator, "passengerlastname": "Salim"})["booking"]
        self.assertEqual(got["status"], "OK")
        status, cancelled, _ = self.v1("POST", f"/api/v1/bookings/{locator}/cancel", {})
        self.assertEqual((status, cancelled["status"]), (200, "CANCELLED"), cancelled)
        after = self.held(flight_id, booking_class)
        self.assertEqual((after["sold"], after["held"]), (before["sold"], before["held"]))

    def test_api_v1_partner_quotas_are_the_partner_apis(self):
        _, iso = search_day()
        path = f"/api/v1/availability?origin=CPH&destination=HAM&date={iso}"
        for _ in range(2):
            status, _, _ = self.v1("GET", path, partner="V1-QUOTA-PARTNER-9")
            self.assertEqual(status, 200)
        status, answer, headers = self.v1("GET", path, partner="V1-QUOTA-PARTNER-9")
        self.assertEqual((status, answer["error"]["code"]), (429, "QUOTA_EXCEEDED"), answer)
        self.assertGreaterEqual(int(headers["Retry-After"]), 1)
        # The AeroCRS door counts against the same quota.
        detail, _, headers = self.refused("getDeepLink", {"from": "CPH", "to": "HAM", "start": iso.replace("-", "/")},
                                          status=429, partner="V1-QUOTA-PARTNER-9")
        self.assertIn("a minute", detail)
        # A passenger is not metered.
        self.assertEqual(self.server.request("GET", path)[0], 200)

    # ---- passengers' travel data ------------------------------------------------------------------------------------
    def test_each_airlines_passenger_rules_are_announced_and_enforced_at_every_door(self):
        airlines = {a["companycode"]: a for a in self.ok("getAirlines")["airlines"]["airline"]}
        self.assertEqual((airlines["Q9"]["countryiso"], airlines["X9"]["countryiso"]), ("NO", "DK"))
        for flag, q9 in (("mandatorynationality", True), ("mandatorydateofbirth", True),
                         ("mandatorydocumentnumber", False), ("mandatoryplaceofbirth", False)):
            self.assertEqual((airlines["Q9"][flag], airlines["X9"][flag]), (q9, False), flag)
        # The partner API: Fjordfly's booking without a nationality is refused, and stays as it was.
        flight = next(f for f in self.deeplink(frm="OSL", to="TRD", partner="CARD-PAYER-0005")["flight"]
                      if isinstance(f["fltid"], int))
        code, cls_ = next(iter(flight["classes"].items()))
        held = self.create(flight, cls_, partner="CARD-PAYER-0005")
        passenger = {"paxtitle": "Mr.", "firstname": "Ola", "lastname": "Nordmann", "paxphone": "+4791234567",
                     "paxemail": "ola@example.no", "paxbirthdate": "1979/05/17"}
        detail, answer, _ = self.refused("confirmBooking", {
            "bookingid": held["bookingid"], "agentconfirmation": "Q9-RULES", "sendemail": 0,
            "passenger": passenger}, partner="CARD-PAYER-0005")
        self.assertEqual(answer["code"], "PASSENGER_DATA_REQUIRED")
        self.assertIn("nationality", detail)
        self.assertEqual(self.ok("getBooking", {"bookingid": held["bookingid"]}, partner="CARD-PAYER-0005")
                         ["booking"]["status"], "HN")
        pending = self.ok("confirmBooking", {
            "bookingid": held["bookingid"], "agentconfirmation": "Q9-RULES", "sendemail": 0,
            "passenger": {**passenger, "paxnationailty": "no"}}, partner="CARD-PAYER-0005")
        self.assertEqual(pending["status"], "PN")
        got = self.ok("getBooking", {"bookingid": held["bookingid"]}, partner="CARD-PAYER-0005")["booking"]
        self.assertEqual(got["passengers"]["passenger"][0]["nationality"], "NO")

        # Documents are kept as given (PP -> passport) and must be valid on the day of travel.
        flight, code, cls_ = self.bookable()
        booking = self.create(flight, cls_)
        documented = {"paxtitle": "Mrs.", "firstname": "Amina", "lastname": "Salim", "paxphone": "+255700000001",
                      "paxnationailty": "TZ", "paxdoctype": "PP", "paxdocnumber": "AB 1234567", "paxdocissuer": "tz",
                      "paxdocexpiry": "2001/05/20", "paxbirthplace": "Dar es Salaam"}
        _, answer, _ = self.refused("confirmBooking", {"bookingid": booking["bookingid"], "agentconfirmation": "DOC",
                                                       "sendemail": 0, "passenger": documented})
        self.assertEqual(answer["code"], "DOCUMENT_EXPIRED")
        _, answer, _ = self.refused("confirmBooking", {"bookingid": booking["bookingid"], "agentconfirmation": "DOC",
                                                       "sendemail": 0, "passenger": {**documented, "paxdoctype": "XX"}})
        self.assertEqual(answer["code"], "INVALID_PASSENGER")
        confirmed = self.ok("confirmBooking", {"bookingid": booking["bookingid"], "agentconfirmation": "DOC",
                                               "sendemail": 0, "passenger": {**documented, "paxdocexpiry": "2031/05/20"}})
        self.assertEqual(confirmed["status"], "OK")
        pax = self.ok("getBooking", {"bookingid": booking["bookingid"]})["booking"]["passengers"]["passenger"][0]
        self.assertEqual({k: pax[k] for k in ("nationality", "paxdoctype", "paxdocnumber", "paxdocissuer",
                                              "paxdocexpiry", "paxbirthplace")},
                         {"nationality": "TZ", "paxdoctype": "PP", "paxdocnumber": "AB1234567", "paxdocissuer": "TZ",
                          "paxdocexpiry": "2031/05/20", "paxbirthplace": "Dar es Salaam"})

        # API v1: the same rule, with the field named; the document given back.
        _, iso = search_day()
        status, found, _ = self.server.request("GET", f"/api/v1/availability?origin=OSL&destination=TRD&date={iso}")
        segment = next(j for j in found["outbound"] if len(j["segments"]) == 1 and j["offers"])
        status, v1_held, _ = self.server.hold([{"flight_id": segment["segments"][0]["flight_id"],
                                             "booking_class": segment["offers"][0]["booking_class"]}])
        self.assertEqual(status, 201, v1_held)
        ola = {"pax_type": "ADT", "title": "MR", "first_name": "Ola", "last_name": "Nordmann",
               "date_of_birth": "1979-05-17"}
        status, answer, _ = self.server.confirm(v1_held["locator"], [ola])
        self.assertEqual((status, answer["error"]["code"], answer["error"]["field"]),
                         (422, "PASSENGER_DATA_REQUIRED", "passengers[0].nationality"), answer)
        document = {"type": "I", "number": "NO1234567", "issuing_country": "NO", "expiry": "2030-01-31"}
        status, answer, _ = self.server.confirm(v1_held["locator"], [{**ola, "nationality": "NO",
                                                                      "document": document}])
        self.assertEqual(status, 200, answer)
        self.assertEqual((answer["passengers"][0]["nationality"], answer["passengers"][0]["document"]),
                         ("NO", document))

    def test_staff_set_what_their_airline_requires_of_passengers(self):
        office = self.server.office_browser(*STAFF)
        page = office.get("/settings")
        form = page.form("/settings/profile")
        self.assertEqual(form["fields"].get("country"), "DK")
        refused = office.submit(form, country="Denmark")
        self.assertEqual(refused.status, 422, refused.body[:300])
        saved = office.submit(form, country="DK", rule_document="1", rule_document_expiry="1")
        self.assertEqual(saved.status, 303, saved.body[:300])
        try:
            x9 = next(a for a in self.ok("getAirlines")["airlines"]["airline"] if a["companycode"] == "X9")
            self.assertEqual((x9["mandatorydocumentnumber"], x9["mandatorydocumentexpiry"], x9["mandatorynationality"]),
                             (True, True, False))
            page = office.get("/settings")
            self.assertIn('id="rule-document" name="rule_document" value="1" checked', page.body)
            flight, code, cls_ = self.bookable()
            booking = self.create(flight, cls_)
            _, answer, _ = self.refused("confirmBooking", {
                "bookingid": booking["bookingid"], "agentconfirmation": "NODOC", "sendemail": 0,
                "passenger": {"paxtitle": "Mr.", "firstname": "Juma", "lastname": "Salim", "paxphone": "+255700000002"}})
            self.assertEqual(answer["code"], "PASSENGER_DATA_REQUIRED")
        finally:
            fields = {k: v for k, v in office.get("/settings").form("/settings/profile")["fields"].items()
                      if not k.startswith("rule_")}
            restored = office.post("/settings/profile", fields)
            self.assertEqual(restored.status, 303)
        x9 = next(a for a in self.ok("getAirlines")["airlines"]["airline"] if a["companycode"] == "X9")
        self.assertFalse(x9["mandatorydocumentnumber"])

    # ---- agents -------------------------------------------------------------------------------------------------------
    def test_get_agency_by_exact_name_or_email(self):
        detail, _, _ = self.refused("getAgency", {"agencies": {"agency": ["Nordlys Rejser"]}})
        self.assertEqual(detail, "You do not have permission to do this action")  # agents only when granted
        found = self.ok("getAgency", {"agencies": {"agency": ["Nordlys Rejser", "INFO@SOL.EXAMPLE", "Nobody"]}},
                        partner="AIRLINE-SYSTEM-12")["Agencies"]["Agency"]
        self.assertEqual(sorted(a["agencyname"] for a in found), ["Nordlys Rejser", "Sol og Strand"])
        nordlys = next(a for a in found if a["agencyname"] == "Nordlys Rejser")
        for key in ("agencyemail", "agencyname", "phonenumber", "addphonenumber", "contact", "addcontact", "address1",
                    "address2", "zipcode", "city", "bookinglimit", "defaultcurrency", "createdate", "agentgroup"):
            self.assertIsInstance(nordlys[key], str, key)
        self.assertEqual((nordlys["agencyemail"], nordlys["bookinglimit"], nordlys["defaultcurrency"], nordlys["city"]),
                         ("booking@nordlys.example", "50000.00", "DKK", "København V"))
        self.assertEqual(nordlys["deposit"]["currency"], "DKK")
        self.assertRegex(nordlys["deposit"]["amount"], r"^-?\d+\.\d\d$")
        self.assertRegex(nordlys["createdate"], r"^\d{4}/\d\d/\d\d$")
        # One booking for an agency sees that agency only.
        own = self.ok("getAgency", {"agencies": {"agency": ["Nordlys Rejser", "Sol og Strand"]}},
                      partner="AGENCY-READER-11")["Agencies"]["Agency"]
        self.assertEqual([a["agencyname"] for a in own], ["Nordlys Rejser"])
        for parms in ({}, {"agencies": {"agency": []}}, {"agencies": {"agency": ["O'Brien Travel"]}},
                      {"agencies": {"agency": [{"x": 1}]}}):
            with self.subTest(parms=parms):
                self.refused("getAgency", parms, partner="AIRLINE-SYSTEM-12")

    # ---- the airline's own: on the back office's listener ------------------------------------------------------------
    def office_call(self, method, parms, partner):
        """A partner-API call on the back office's listener (where the airline-side methods are served)."""
        conn = self.server.connection(port=self.server.admin_port)
        try:
            conn.request("POST", f"/aerocrs/v5/{method}", body=json.dumps({"aerocrs": {"parms": parms}}),
                         headers={"auth_id": partner, "auth_password": PARTNERS[partner][0],
                                  "Content-Type": "application/json"})
            response = conn.getresponse()
            answer = json.loads(response.read())["aerocrs"]
        finally:
            conn.close()
        self.assertLess(response.status, 500, answer)
        return answer

    def balance(self, agency="Nordlys Rejser"):
        found = self.ok("getAgency", {"agencies": {"agency": [agency]}}, partner="AIRLINE-SYSTEM-12")
        return found["Agencies"]["Agency"][0]["deposit"]["amount"]

    def test_create_deposit_tops_up_an_agencys_account_all_or_nothing(self):
        nordlys = {"agencyemail": "booking@nordlys.example", "currency": "DKK", "amount": "1000.00",
                   "additionalinfo": "wire 4711"}
        detail, answer, _ = self.refused("createDeposit", {"deposits": {"deposit": [nordlys]}},
                                         partner="AIRLINE-SYSTEM-12")
        self.assertEqual(answer["code"], "METHOD_NOT_AVAILABLE")
        self.assertIn("back-office address", detail)
        before = self.balance()
        for element, text in (({"currency": "DKK", "amount": "5"}, "Please send customer/agency credential on segment 1"),
                              ({**nordlys, "agencyid": 1}, "Please choose to add deposit to customer or agent on segment 1"),
                              ({"customerid": 7, "currency": "DKK", "amount": "5"}, "Customer not found on segment 1"),
                              ({**nordlys, "amount": "0"}, "The amount parameter must be greater than zero on segment 1"),
                              ({"agencyemail": "booking@nordlys.example", "amount": "5"},
                               "mandatory fields misssing: currency on segment 1"),
                              ({**nordlys, "currency": "EUR"}, "The agency's account is kept in DKK, not EUR, on segment 1")):
            with self.subTest(element=element):
                answer = self.office_call("createDeposit", {"deposits": {"deposit": [element]}}, "AIRLINE-SYSTEM-12")
                self.assertIs(answer["success"], False, answer)
                self.assertEqual(answer["details"]["detail"], [text])
        # A refused element refuses the batch: the first top-up is not recorded either.
        answer = self.office_call("createDeposit", {"deposits": {"deposit": [
            nordlys, {"agencyemail": "nobody@example.com", "currency": "DKK", "amount": "5"}]}}, "AIRLINE-SYSTEM-12")
        self.assertEqual(answer["details"]["detail"], ["Agency not found on segment 2"])
        self.assertEqual(self.balance(), before)
        done = self.office_call("createDeposit", {"deposits": {"deposit": [nordlys]}}, "AIRLINE-SYSTEM-12")
        self.assertIs(done["success"], True, done)
        after = f"{float(before) + 1000:.2f}"
        self.assertEqual(done["depositBalance"], [{"agencyemail": "booking@nordlys.example", "curencyname": "DKK",
                                                   "amount": after}])
        self.assertEqual(self.balance(), after)
        # One booking for an agency tops up only its own.
        sol = {"agencyemail": "info@sol.example", "currency": "DKK", "amount": "10"}
        answer = self.office_call("createDeposit", {"deposit": sol}, "AGENCY-READER-11")
        self.assertEqual(answer["details"]["detail"], ["Agency not found on segment 1"])
        office = self.server.office_browser(*STAFF)
        page = office.get(f"/agencies/{self.agency[NORDLYS['code']]}")
        self.assertIn("wire 4711", page.body)  # the ledger row, as the back office shows it

    def test_an_agency_without_credit_pays_a_pending_booking_from_its_deposit(self):
        payer = "DEPOSIT-PAYER-14"
        flight, code, cls_ = self.bookable(partner=payer)
        booking = self.create(flight, cls_, partner=payer)
        pending = self.ok("confirmBooking", {
            "bookingid": booking["bookingid"], "agentconfirmation": "KILI-1", "sendemail": 0,
            "confirmationemail": "desk@kili.example",
            "passenger": {"paxtitle": "Mr.", "firstname": "Baraka", "lastname": "Mollel", "paxphone": "+255700000004"}},
            partner=payer)
        # No credit line and nothing paid in: the booking waits, PN, for its money.
        self.assertEqual((pending["status"], pending["topay"]), ("PN", booking["totalprice"]))
        # A bag added before paying (as direct-contract partners must): paid with the booking, issued then.
        flightcode = self.ok("getBooking", {"bookingid": booking["bookingid"]}, partner=payer)["booking"]["flights"][
            "flight"][0]["flightcode"]
        bag = self.ok("createAncillary", {"ancillaries": {"ancillary": [
            {"itemid": "bag", "bookingid": booking["bookingid"], "flightid": flightcode, "paxnum": 0}]}}, partner=payer)
        self.assertEqual([(a["itemid"], a["success"]) for a in bag["Ancillary"]], [("BAG", True)], bag)
        self.assertGreater(float(bag["topay"]), float(pending["topay"]))
        status, due, _ = self.server.request("GET", f"/api/v1/bookings/{pending['pnrref']}?last_name=Mollel")
        self.assertEqual((due["amount_due"]["amount"], [e["code"] for e in due["extras_due"]], due["emds"]),
                         (bag["topay"], ["BAG"], []), due)
        self.assertEqual(self.refused("createAncillary", {"itemid": "BAG", "bookingid": booking["bookingid"],
                                                          "flightid": flightcode, "paxnum": 3}, partner=payer)[1]["code"],
                         "INVALID_PASSENGER")
        self.assertEqual(self.refused("createAncillary", {"itemid": "SEAT", "bookingid": booking["bookingid"],
                                                          "flightid": flightcode, "paxnum": 0}, partner=payer)[1]["code"],
                         "SEAT_REQUIRED")
        self.assertEqual(self.refused("createAncillary", {"itemid": "BAG", "bookingid": booking["bookingid"],
                                                          "flightid": 1, "paxnum": 0}, partner=payer)[1]["code"],
                         "SEGMENT_NOT_FOUND")
        pending = {**pending, "topay": bag["topay"]}
        use = {"bookingid": booking["bookingid"], "amount": pending["topay"], "currency": pending["currency"]}
        detail, answer, _ = self.refused("useDeposit", use, partner=payer)
        self.assertEqual(answer["code"], "CREDIT_LIMIT_EXCEEDED")
        self.assertEqual(self.refused("useDeposit", {**use, "amount": "1.00"}, partner=payer)[1]["code"],
                         "PARTIAL_PAYMENT_NOT_AVAILABLE")
        self.assertEqual(self.refused("useDeposit", {**use, "amount": "0"}, partner=payer)[1]["code"],
                         "INVALID_AMOUNT")
        kili = self.ok("getAgency", {"agencies": {"agency": ["Kili Safaris"]}},
                       partner="AIRLINE-SYSTEM-12")["Agencies"]["Agency"][0]
        self.assertIn("Customer not found",
                      self.refused("useDeposit", {**use, "customerid": kili["agencyid"] + 1}, partner=payer)[0])
        self.assertIn("Customer not found",
                      self.refused("useDeposit", use, partner="CARD-PAYER-0005")[0])  # books for no agency
        self.assertEqual(self.ok("getBooking", {"bookingid": booking["bookingid"]}, partner=payer)["booking"]["status"],
                         "PN")
        # The airline records the agency's payment; the partner pays the booking from it.
        topped = self.office_call("createDeposit", {"deposits": {"deposit": [
            {"agencyid": kili["agencyid"], "currency": kili["defaultcurrency"], "amount": pending["topay"],
             "additionalinfo": "bank transfer"}]}}, "AIRLINE-SYSTEM-12")
        self.assertIs(topped["success"], True, topped)
        before = self.held(cls_["flightid"], code.split("/")[0])
        paid = self.ok("useDeposit", {**use, "customerid": kili["agencyid"]}, partner=payer)
        self.assertEqual((paid["status"], paid["topay"], paid["custid"]), ("OK", "0.00", kili["agencyid"]))
        self.assertEqual(paid["totalDeposit"][0]["dpcurrencyamount"], "0.00")
        after = self.held(cls_["flightid"], code.split("/")[0])
        self.assertEqual((after["sold"], after["held"]), (before["sold"] + 1, before["held"] - 1))
        self.assertEqual(self.refused("useDeposit", use, partner=payer)[1]["code"], "BOOKING_NOT_PENDING")
        status, got, _ = self.server.request("GET", f"/api/v1/bookings/{paid['pnrref']}?last_name=Mollel")
        self.assertEqual((status, [(e["code"], e["status"]) for e in got["emds"]], got["extras_due"]),
                         (200, [("BAG", "O")], []), got)
        self.assertEqual(got["payments"][-1]["amount"]["amount"], pending["topay"])

    def test_departure_control_lists_details_and_updates_a_flights_passengers(self):
        segment = soon_flight(self.server, "CPH", "HAM")
        if segment is None:
            self.skipTest("no CPH-HAM flight in its check-in window now")
        status, held, _ = self.server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=1)
        self.assertEqual(status, 201, held)
        locator = held["locator"]
        status, paid, _ = self.server.confirm(locator, adults(1, last="Mollel"), card())
        self.assertEqual(status, 200, paid)
        dcs = "AIRPORT-DCS-15"
        day = segment["departure_local"][:10]
        # The airline's own: answered on the back office's listener, for a credential granted `dcs` only.
        self.assertIn("back-office address", self.refused("getPassengersByFlight", {"flights": []}, partner=dcs)[0])
        self.assertEqual(self.office_call("getPassengersByFlight", {"flights": [{"flightnumber": "X9101",
                                                                               "flightdate": day}]},
                                          "AIRLINE-SYSTEM-12")["code"], "METHOD_NOT_ALLOWED")
        listed = self.office_call("getPassengersByFlight", {
            "flights": [{"flightnumber": segment["flight_number"], "flightdate": day}], "showbaggages": "true"}, dcs)
        self.assertIs(listed["success"], True, listed)
        [flight] = listed["flight"]
        self.assertEqual(flight["flightid"], segment["flight_id"])
        [pax] = [p for p in flight["paxDetails"] if p["pnrref"] == locator]
        self.assertEqual((pax["lastname"], pax["status"], pax["pnrstatus"], pax["paxtoken"]),
                         ("MOLLEL", "NOT_CHECKED_IN", "OK", f"{locator}-1"))
        self.assertIn("baggages", pax)
        ids = self.office_call("getPassengerIdentifiersByBookingReference",
                               {"flightid": segment["flight_id"], "bookingref": locator.lower()}, dcs)
        self.assertEqual(ids["pax"], [{"paxtoken": f"{locator}-1", "fltid": segment["flight_id"]}])
        self.assertEqual(self.office_call("getPassengerIdentifiersByBookingReference",
                                          {"flightid": segment["flight_id"], "bookingref": "ZZZZZZ"}, dcs)["code"],
                         "BOOKING_NOT_FOUND")
        # Check-in at the airport's system: a passport (countries as AeroCRS sends them, or alpha-3), then CHECKED_IN.
        token = {"flightid": segment["flight_id"], "paxtoken": pax["paxtoken"]}
        refused = self.office_call("updatePassenger", {**token, "status": "CHECKED_IN"}, dcs)
        self.assertEqual(refused["code"], "DOCUMENT_REQUIRED", refused)
        updated = self.office_call("updatePassenger", {
            **token, "nationality": "DNK", "doctype": "PP", "docnumber": "dk1234567", "passportissuer": "DK",
            "passportexpiry": "2032-01-31", "status": "CHECKED_IN"}, dcs)
        self.assertIs(updated["success"], True, updated)
        self.assertEqual(updated["passenger"]["status"], "CHECKED_IN")
        self.assertGreater(updated["passenger"]["sequencenumber"], 0)
        seat = updated["passenger"]["seat"]
        self.assertTrue(seat)
        [detail] = self.office_call("getPassengerDetail", {"requestdetails": [token]}, dcs)["paxdetails"]
        self.assertEqual((detail["email"], detail["seat"], detail["status"]), ("ida.hansen@example.dk", seat, "CHECKED_IN"))
        self.assertEqual(detail["apisdata"]["docs"], "SSR DOCS X9 HK1/P/DNK/DK1234567/DNK//M/31JAN32/MOLLEL/JENSA")
        self.assertEqual((detail["apisdata"]["nationality"], detail["apisdata"]["type"]), ("DK", "PP"))
        status, got, _ = self.server.request("GET", f"/api/v1/bookings/{locator}?last_name=Mollel")
        self.assertEqual({c["status"] for t in got["tickets"] for c in t["coupons"]}, {"C"})
        # Offloaded: the coupon open again, no seat, no sequence.
        off = self.office_call("updatePassenger", {**token, "status": "OFFLOADED"}, dcs)
        self.assertEqual((off["passenger"]["status"], off["passenger"]["sequencenumber"]), ("NOT_CHECKED_IN", 0), off)
        for wrong, code in (({**token, "paxtoken": f"{locator}-9"}, "PASSENGER_NOT_FOUND"),
                            ({**token, "status": "BOARDED"}, "INVALID_PARAMETER"),
                            ({**token, "doctype": "XX", "docnumber": "A12345"}, "INVALID_PARAMETER"),
                            ({**token, "flightid": 99999999}, "FLIGHT_NOT_FOUND")):
            self.assertEqual(self.office_call("updatePassenger", wrong, dcs)["code"], code, wrong)
        for method in ("getPassengersByFlight", "getPassengerIdentifiersByBookingReference", "getPassengerDetail",
                       "updatePassenger"):
            for junk in ({}, {"flights": "x"}, {"flights": [{"flightnumber": ["x"], "flightdate": "2026/13/45"}] * 11},
                         {"flightid": "x", "paxtoken": {}}, {"requestdetails": [{"flightid": -1}]},
                         {"flightid": segment["flight_id"], "paxtoken": token["paxtoken"], "seat": 7,
                          "passportexpiry": "soon"}):
                answer = self.office_call(method, junk, dcs)  # never a server error
                self.assertIs(answer["success"], False, (method, junk, answer))

    def test_update_class_opens_and_closes_classes_on_a_dated_flight(self):
        day = today_plus(26).replace("-", "/")
        found = self.ok("getAvailability", {"from": "CPH", "to": "HAM", "start": day}, partner="REVENUE-SYSTEM-13")
        flight = next(f for f in found["flight"] if f["flighttype"] == "Direct" and len(f["classes"]) >= 2)
        lowest = sorted(flight["classes"])[-1] if "L" not in flight["classes"] else "L"
        target = {"flightnumber": flight["fltnum"], "flightdate": day, "fromcode": "CPH", "tocode": "HAM"}

        def classes_now():
            again = self.ok("getAvailability", {"fltnum": flight["fltnum"], "start": day}, partner="REVENUE-SYSTEM-13")
            return next(f for f in again["flight"] if f["fltid"] == flight["fltid"])["classes"]

        answer = self.refused("updateClass", {"Flights": {"Flight": [{**target, "class": [{"code": lowest,
                                                                                             "type": "C"}]}]}},
                              partner="REVENUE-SYSTEM-13")[1]
        self.assertEqual(answer["code"], "METHOD_NOT_AVAILABLE")
        closed = self.office_call("updateClass", {"Flights": {"Flight": [{**target, "class": [{"code": lowest,
                                                                                               "type": "C"}]}]}},
                                  "REVENUE-SYSTEM-13")
        self.assertIs(closed["success"], True, closed)
        self.assertNotIn(lowest, classes_now())
        opened = self.office_call("updateClass", {"Flights": {"Flight": {**target, "class": {"code": lowest, "type": "O",
                                                                                             "qty": 2}}}},
                                  "REVENUE-SYSTEM-13")
        self.assertIs(opened["success"], True, opened)
        self.assertEqual(classes_now()[lowest], 2)
        for change, code in (({"code": lowest, "type": "O"}, "MISSING_PARAMETER"),
                             ({"code": lowest, "type": "X"}, "INVALID_PARAMETER"),
                             ({"code": "Q", "type": "C"}, "UNKNOWN_BOOKING_CLASS")):
            with self.subTest(change=change):
                answer = self.office_call("updateClass", {"Flights": {"Flight": [{**target, "class": [change]}]}},
                                          "REVENUE-SYSTEM-13")
                self.assertEqual((answer["success"], answer["code"]), (False, code), answer)
        answer = self.office_call("updateClass", {"Flights": {"Flight": [{**target, "flightdate": "2001/01/01",
                                                                          "class": [{"code": lowest, "type": "C"}]}]}},
                                  "REVENUE-SYSTEM-13")
        self.assertEqual(answer["code"], "FLIGHT_NOT_FOUND")
        self.assertEqual(classes_now()[lowest], 2)  # the refusals changed nothing
        answer = self.office_call("updateClass", {"Flights": {"Flight": [{**target, "class": [{"code": lowest,
                                                                                               "type": "C"}]}]}},
                                  "AIRLINE-SYSTEM-12")  # not granted the inventory group
        self.assertEqual(answer["details"]["detail"], ["You do not have permission to do this action"])

    def test_update_fares_changes_filed_fares_by_their_details(self):
        day = today_plus(27).replace("-", "/")
        sheet = self.ok("getFares", {"from": "CPH", "to": "GOT", "start": day, "currency": None},
                        partner="REVENUE-SYSTEM-13")
        row = next(r for r in sheet["fare"] if r["childFareOW"] is not None)
        details = {"fromcode": "CPH", "tocode": "GOT", "classcode": row["class"], "fromdate": row["fromDate"],
                   "todate": row["toDate"], "currency": row["currency"]}
        raised = f"{float(row['adultFareOW']) + 10:.2f}"
        update = {"fares": {"fare": [{"fareDetails": details, "newDetails": {
            "owadl": raised, "owchd": row["childFareOW"], "baggage": 23, "scheme": 0}}]}}
        answer = self.refused("updateFares", update, partner="REVENUE-SYSTEM-13")[1]
        self.assertEqual(answer["code"], "METHOD_NOT_AVAILABLE")
        done = self.office_call("updateFares", update, "REVENUE-SYSTEM-13")
        self.assertIs(done["success"], True, done)
        self.assertIn(row["fareid"], done["fareids"])
        after = next(r for r in self.ok("getFares", {"from": "CPH", "to": "GOT", "start": day},
                                        partner="REVENUE-SYSTEM-13")["fare"] if r["fareid"] == row["fareid"])
        self.assertEqual((after["adultFareOW"], after["childFareOW"]), (raised, row["childFareOW"]))
        self.assertIn("1 checked bag(s)", after["notification"])
        for changes, text in (({"owadl": "abc"}, "owadl is not an amount on fare 1"),
                              ({"rtadl": "100.00"}, "rtadl is not supported"),
                              ({"classcode": "Q"}, "a fare's classcode stays"),
                              ({"owadl": "-1"}, "owadl is not an amount on fare 1")):
            with self.subTest(changes=changes):
                answer = self.office_call("updateFares", {"fares": {"fare": [{"fareDetails": details,
                                                                              "newDetails": changes}]}},
                                          "REVENUE-SYSTEM-13")
                self.assertIs(answer["success"], False, answer)
                self.assertIn(text, answer["details"]["detail"][0])
        answer = self.office_call("updateFares", {"fares": {"fare": [{"fareDetails": {**details, "fromdate": "2001/01/01"},
                                                                      "newDetails": {"owadl": "1.00"}}]}},
                                  "REVENUE-SYSTEM-13")
        self.assertEqual(answer["details"]["detail"], ["Fare not found on fare 1"])
        unchanged = next(r for r in self.ok("getFares", {"from": "CPH", "to": "GOT", "start": day},
                                            partner="REVENUE-SYSTEM-13")["fare"] if r["fareid"] == row["fareid"])
        self.assertEqual(unchanged["adultFareOW"], raised)  # the refusals changed nothing
        # Every change is in the fare's history, as the back office shows it.
        office = self.server.office_browser(*STAFF)
        history = office.get(f"/fares/{row['fareid']}")
        self.assertEqual(history.status, 200, history.body[:300])
        self.assertIn("partner", history.body)

    # ---- hosted airlines ----------------------------------------------------------------------------------------
    def test_two_hosted_airlines_each_partner_sees_and_books_its_own(self):
        both = {a["companycode"]: a for a in self.ok("getAirlines")["airlines"]["airline"]}
        self.assertEqual(set(both), {"X9", "Q9"})
        self.assertEqual(both["Q9"]["companyname"], "Fjordfly")
        only = [a["companycode"] for a in self.ok("getAirlines", partner="X9-ONLY-PARTNER-8")["airlines"]["airline"]]
        self.assertEqual(only, ["X9"])
        codes = {d["code"] for d in self.ok("getDestinations", partner="X9-ONLY-PARTNER-8")["destinations"]
                 ["destination"]}
        self.assertNotIn("OSL", codes)
        day, _ = search_day()
        self.assertEqual(self.ok("getDeepLink", {"from": "OSL", "to": "TRD", "start": day},
                                 partner="X9-ONLY-PARTNER-8")["flights"]["count"], 0)
        q9 = self.deeplink(frm="OSL", to="TRD", partner="CARD-PAYER-0005")
        self.assertGreater(q9["count"], 0)
        q9_flight = q9["flight"][0]
        q9_code, q9_class = next(iter(q9_flight["classes"].items()))
        self.assertEqual((q9_flight["airlineDesignator"], q9_class["currency"]), ("Q9", "NOK"))
        x9_flight, x9_code, x9_class = self.bookable(partner="CARD-PAYER-0005")
        before = self.held(q9_class["flightid"], q9_code.split("/")[0])
        legs = [{"fromcode": f["fromcode"], "tocode": f["tocode"], "flightid": c["flightid"], "fareid": c["fareid"]}
                for f, c in ((x9_flight, x9_class), (q9_flight, q9_class))]
        detail, answer, _ = self.refused("createBooking", {"triptype": "RT", "adults": 1, "child": 0,
                                                            "chargetype": "ALL", "bookflight": legs},
                                         partner="CARD-PAYER-0005")
        self.assertEqual(answer["code"], "TWO_AIRLINES", detail)
        # A partner restricted to X9 cannot name Q9's flight; one booking for an agency selling X9 only is refused.
        for partner, code in (("X9-ONLY-PARTNER-8", "FLIGHT_OR_FARE_NOT_FOUND"),
                              ("SAFARI-TRIPS-0001", "AIRLINE_NOT_SOLD")):
            detail, answer, _ = self.refused("createBooking", {"triptype": "OW", "adults": 1, "child": 0,
                                                                "chargetype": "ALL", "bookflight": legs[1:]},
                                             partner=partner)
            self.assertEqual(answer["code"], code, detail)
        self.assertEqual(self.held(q9_class["flightid"], q9_code.split("/")[0]), before)
        # Q9's own booking, priced in kroner.
        booking = self.create(q9_flight, q9_class, partner="CARD-PAYER-0005")
        self.assertEqual(booking["currency"], "NOK")
        self.assertEqual(booking["items"]["flight"][0]["airline"], "Fjordfly")
        self.ok("cancelBooking", {"bookingid": booking["bookingid"]}, partner="CARD-PAYER-0005")

    # ---- the booking lifecycle ----------------------------------------------------------------------------------
    def test_one_adult_books_on_account_then_reads_and_cancels(self):
        flight, code, cls_ = self.bookable()
        booking_class = code.split("/")[0]
        before = self.held(cls_["flightid"], booking_class)
        booking = self.create(flight, cls_)
        self.assertIsInstance(booking["bookingid"], int)
        item = booking["items"]["flight"][0]
        for key in ("airline", "from", "to", "flightdate", "depart", "arrive", "number", "class", "invpricing",
                    "Adultfare", "Childfare", "Infantfare", "tax", "net_fare", "rack_fare", "totaltax", "currency",
                    "terms"):
            self.assertIsInstance(item[key], str, key)
        for key in ("airlineid", "invid", "flightid"):
            self.assertIsInstance(item[key], int, key)
        self.assertEqual(item["Adultfare"], cls_["fare"]["adultFare"])
        self.assertEqual(item["invpricing"], booking["totalprice"])
        held = self.held(cls_["flightid"], booking_class)
        self.assertEqual(held["held"], before["held"] + 1)
        # The hold lasts 20 minutes, as the reference documents.
        ttl = datetime.datetime.strptime(booking["pnrttl"], "%Y/%m/%d %H:%M").replace(tzinfo=datetime.timezone.utc)
        minutes = (ttl - datetime.datetime.now(datetime.timezone.utc)).total_seconds() / 60
        self.assertTrue(18 <= minutes <= 21, minutes)

        confirmed = self.ok("confirmBooking", {
            "bookingid": booking["bookingid"], "agentconfirmation": "AGT-88412", "sendemail": 0,
            "confirmationemail": "ops@agency.example",
            "passenger": {"paxtitle": "Mrs.", "firstname": "Amina", "lastname": "Salim", "paxphone": "+255700000001"}})
        self.assertEqual(confirmed["status"], "OK")
        self.assertEqual(confirmed["bookingid"], booking["bookingid"])
        self.assertRegex(confirmed["bookingconfirmation"], r"^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-")
        self.assertRegex(confirmed["pnrref"], r"^[A-Z0-9]{6}$")
        for key in ("linktobooking", "topay", "currency", "pnrptl", "pnrttl"):
            self.assertIsInstance(confirmed[key], str, key)
        self.assertEqual(self.held(cls_["flightid"], booking_class)["sold"], before["sold"] + 1)
        # Paid on account: ticketed at once, X9's accounting code (919) and a 10-digit serial.
        ticketed = self.ok("ticketBooking", {"bookingid": booking["bookingid"]})
        self.assertRegex(ticketed["ticketnumber"], r"^919\d{10}$")
        self.assertEqual(ticketed["passengers"][0]["e-ticket"], ticketed["ticketnumber"])

        by_id = self.ok("getBooking", {"bookingid": booking["bookingid"]})["booking"]
        self.assertEqual(by_id["ticketnumber"], ticketed["ticketnumber"])
        self.assertEqual(by_id["passengers"]["passenger"][0]["e-ticket"], ticketed["ticketnumber"])
        by_confirmation = self.ok("getBooking", {"bookingconfirmation": confirmed["bookingconfirmation"]})["booking"]
        by_pnr = self.ok("getBooking", {"bookingconfirmation": confirmed["pnrref"],
                                        "passengerlastname": "salim"})["booking"]
        self.assertEqual(by_id, by_confirmation)
        self.assertEqual(by_id, by_pnr)
        self.assertEqual((by_id["status"], by_id["pnrref"]), ("OK", confirmed["pnrref"]))
        pax = by_id["passengers"]["passenger"]
        self.assertEqual([(p["paxtitle"], p["firstname"], p["lastname"], p["paxtype"]) for p in pax],
                         [("MRS", "AMINA", "SALIM", "ADULT")])
        leg = by_id["flights"]["flight"][0]
        for key in ("airline", "airlineDesignator", "airlineICAOcode", "from", "fromcode", "to", "tocode", "class",
                    "flightdate", "depart", "arrive", "number", "invpricing", "aircraftType", "aircraftTypeIataCode",
                    "departureTerminal", "arrivalTerminal", "totaltaxes"):
            self.assertIsInstance(leg[key], str, key)
        for key in ("invid", "flightcode", "flightid"):
            self.assertIsInstance(leg[key], int, key)
        self.assertIsInstance(leg["taxes"], dict)
        itinerary = self.ok("getItinerary", {"bookingconfirmation": confirmed["pnrref"],
                                             "passengerlastname": "Salim"})["booking"]
        for key in ("source", "agencyname", "linktobooking", "pnrref", "bookingconfirmation", "ticketnumber", "status",
                    "journeytype", "linktoticket", "bookingcreateddate", "name", "title", "email", "country", "mobile",
                    "phone", "totalprice", "topay", "currency"):
            self.assertIsInstance(itinerary[key], str, key)
        self.assertEqual((itinerary["bookingid"], itinerary["status"], itinerary["journeytype"]),
                         (booking["bookingid"], "OK", "OW"))
        self.assertEqual((itinerary["agencyname"], itinerary["name"], itinerary["email"]),
                         ("Nordlys Rejser", "AMINA SALIM", "ops@agency.example"))
        self.assertRegex(itinerary["bookingcreateddate"], r"^\d\d/\d\d/\d{4} \d\d:\d\d$")
        self.assertEqual(itinerary["topay"], "0.00")
        self.assertEqual(itinerary["flights"], by_id["flights"])
        self.assertEqual(itinerary["passengers"], by_id["passengers"])
        self.assertEqual([c["status"] for c in itinerary["checkin"]], ["not checked in"])
        self.assertEqual([(p["method"], p["amount"]) for p in itinerary["payments"]],
                         [("on_account", booking["totalprice"])])
        self.refused("getItinerary", {"bookingconfirmation": confirmed["pnrref"], "passengerlastname": "Hansen"})
        self.refused("getItinerary", {"bookingid": booking["bookingid"]}, partner="SOL-SYSTEM-0003")
        # Never without the surname; a wrong one finds nothing.
        detail, _, _ = self.refused("getBooking", {"bookingconfirmation": confirmed["pnrref"]})
        self.assertIn("passengerlastname", detail)
        self.refused("getBooking", {"bookingconfirmation": confirmed["pnrref"], "passengerlastname": "Hansen"})

        cancelled = self.ok("cancelBooking", {"bookingid": booking["bookingid"]})
        self.assertEqual((cancelled["bookingid"], cancelled["status"], cancelled["pnrref"]),
                         (booking["bookingid"], "XX", confirmed["pnrref"]))
        after = self.held(cls_["flightid"], booking_class)
        self.assertEqual((after["sold"], after["held"]), (before["sold"], before["held"]))
        self.assertEqual(self.ok("getBooking", {"bookingid": booking["bookingid"]})["booking"]["status"], "XX")
        self.refused("cancelBooking", {"bookingid": booking["bookingid"]})

    def test_a_family_with_a_child_and_an_infant(self):
        flight, code, cls_ = self.bookable(2, 1, 1)
        booking = self.create(flight, cls_, 2, 1, 1)
        item = booking["items"]["flight"][0]
        self.assertEqual(item["Childfare"], cls_["fare"]["childFare"])
        self.assertEqual(item["Infantfare"], cls_["fare"]["infantFare"])
        born = lambda years: (datetime.date.today() - datetime.timedelta(days=int(365.25 * years))).strftime("%Y/%m/%d")
        confirmed = self.ok("confirmBooking", {
            "bookingid": booking["bookingid"], "agentconfirmation": "AGT-FAMILY", "sendemail": "0",
            "passenger": [
                {"paxtitle": "Mrs.", "firstname": "Amina", "lastname": "Salim", "paxnationailty": "TZ",
                 "paxdoctype": "PP", "paxdocnumber": "AB1234567", "paxdocissuer": "TZ", "paxdocexpiry": "2031/05/20",
                 "paxbirthdate": "1988/02/11", "paxphone": "+255700000001", "paxemail": "amina@example.tz",
                 "paxcarringinfant": 1},
                {"paxtitle": "Mr.", "firstname": "Juma", "lastname": "Salim", "paxbirthdate": "1985/07/30",
                 "paxcarringinfant": 0},
                {"paxtitle": "Child", "firstname": "Neema", "lastname": "Salim", "paxage": "7",
                 "paxbirthdate": born(7.3)},
                {"paxtitle": "INFANT", "firstname": "Zara", "lastname": "Salim", "paxbirthdate": born(0.5)}]})
        self.assertEqual(confirmed["status"], "OK")
        got = self.ok("getBooking", {"bookingconfirmation": confirmed["bookingconfirmation"]})["booking"]
        self.assertEqual([p["paxtype"] for p in got["passengers"]["passenger"]], ["ADULT", "ADULT", "CHILD", "INFANT"])
        self.assertEqual(got["status"], "OK")

    def test_refusals_change_nothing(self):
        flight, code, cls_ = self.bookable()
        booking_class = code.split("/")[0]
        before = self.held(cls_["flightid"], booking_class)
        base = {"triptype": "OW", "adults": 1, "child": 0, "chargetype": "ALL"}
        leg = {"fromcode": flight["fromcode"], "tocode": flight["tocode"], "flightid": cls_["flightid"],
               "fareid": cls_["fareid"]}
        cases = {
            "unknown flight": {**base, "bookflight": [{**leg, "flightid": 999999999}]},
            "unknown fare": {**base, "bookflight": [{**leg, "fareid": 999999999}]},
            "wrong destinations": {**base, "bookflight": [{**leg, "tocode": "ARN"}]},
            "more than 20 flights": {**base, "bookflight": [leg] * 21},
            "no flights": {**base, "bookflight": []},
            "no chargetype": {k: v for k, v in {**base, "bookflight": [leg]}.items() if k != "chargetype"},
            "no adults": {**base, "adults": 0, "bookflight": [leg]},
            "a coupon": {**base, "couponcode": "SUMMER", "bookflight": [leg]},
        }
        for name, parms in cases.items():
            with self.subTest(name):
                self.refused("createBooking", parms)
        detail, _, _ = self.refused("createBooking", cases["more than 20 flights"])
        self.assertIn("at most 20 flights", detail)
        detail, _, _ = self.refused("createBooking", cases["wrong destinations"])
        self.assertIn("Wrong destinations input", detail)
        self.assertEqual(self.held(cls_["flightid"], booking_class), before)

        booking = self.create(flight, cls_, adults=2, infant=1)
        pax = [{"paxtitle": "Mr.", "firstname": "Juma", "lastname": "Salim", "paxphone": "+255700000002"},
               {"paxtitle": "Mrs.", "firstname": "Amina", "lastname": "Salim"},
               {"paxtitle": "INFANT", "firstname": "Zara", "lastname": "Salim",
                "paxbirthdate": (datetime.date.today() - datetime.timedelta(days=100)).strftime("%Y/%m/%d")}]
        confirm = {"bookingid": booking["bookingid"], "agentconfirmation": "AGT-1", "sendemail": 0,
                   "confirmationemail": "ops@agency.example"}
        refusals = {
            "infant without a carrying adult": {**confirm, "passenger": pax},
            "missing last name": {**confirm, "passenger": [pax[0], {**pax[1], "lastname": ""},
                                                           {**pax[2]}]},
            "one passenger short": {**confirm, "passenger": [{**pax[0], "paxcarringinfant": 1}, pax[2]]},
            "no agent reference": {k: v for k, v in confirm.items() if k != "agentconfirmation"} |
                                  {"passenger": [{**pax[0], "paxcarringinfant": 1}, pax[1], pax[2]]},
            "holdBooking": {**confirm, "holdBooking": True, "passenger": [{**pax[0], "paxcarringinfant": 1}, pax[1],
                                                                          pax[2]]},
            "bad title": {**confirm, "passenger": [{**pax[0], "paxtitle": "Sir", "paxcarringinfant": 1}, pax[1],
                                                   pax[2]]},
        }
        for name, parms in refusals.items():
            with self.subTest(name):
                self.refused("confirmBooking", parms)
        detail, _, _ = self.refused("confirmBooking", refusals["infant without a carrying adult"])
        self.assertIn("carrying adult", detail)
        still = self.ok("getBooking", {"bookingid": booking["bookingid"]})["booking"]
        self.assertEqual((still["status"], still["passengers"]["passenger"]), ("HN", []))
        self.ok("cancelBooking", {"bookingid": booking["bookingid"]})
        self.assertEqual(self.held(cls_["flightid"], booking_class), before)

    def classic_on(self, days_ahead):
        """A direct CPH-HAM flight `days_ahead` days out and its Classic class (changes for a fee)."""
        day = today_plus(days_ahead).replace("-", "/")
        flights = self.ok("getDeepLink", verb="GET",
                          query=f"from=CPH&to=HAM&start={day}&end={day}&adults=1&child=0&infant=0")["flights"]
        for flight in flights["flight"]:
            if isinstance(flight["fltid"], int):
                for code, cls_ in flight["classes"].items():
                    if code.endswith("/Classic"):
                        return flight, code, cls_
        self.fail(f"no Classic class on CPH-HAM {day}")

    def test_seat_map_and_seat_reservations_for_a_partners_booking(self):
        flight, code, cls_ = self.classic_on(23)
        bookings = []
        for last in ("Mwita", "Otieno"):
            booking = self.create(flight, cls_)
            confirmed = self.ok("confirmBooking", {
                "bookingid": booking["bookingid"], "agentconfirmation": f"AGT-SEAT-{last}", "sendemail": 0,
                "confirmationemail": "ops@agency.example",
                "passenger": {"paxtitle": "Mr.", "firstname": "Baraka", "lastname": last, "paxphone": "+255700000003"}})
            self.assertEqual(confirmed["status"], "OK")
            bookings.append(booking["bookingid"])
        seat_map = self.ok("getSeatMap", {"flightid": cls_["flightid"]})["seatmap"]
        seats = [s for row in seat_map["row"] for s in row["seats"]["seat"]]
        self.assertTrue(seats)
        free = next(s["seatname"] for s in seats if s["seatstatus"] == "F" and s["seatclass"] == "Y" and
                    not s["seatpref"]["attributes"]["preferredseating"] and not s["seatpref"]["attributes"]["exitrow"])
        paid = next(s["seatname"] for s in seats if s["seatpref"]["attributes"]["preferredseating"])
        self.assertTrue(any(s["seatpref"]["attributes"]["window"] for s in seats))
        itinerary = self.ok("getBooking", {"bookingid": bookings[0]})["booking"]["flights"]["flight"][0]
        leg = {"flightnumber": flight["fltnum"], "flightdate": flight["STD"][:10], "fromcode": "CPH", "tocode": "HAM",
               "class": code.split("/")[0]}
        reserved = self.ok("makeSeatReservation", {"bookingid": bookings[0], "companycode": "X9",
                                                   "flights": [{**leg, "seat": [free]}]})
        [result] = reserved["flights"][0]["seat"]
        self.assertEqual((result["status"], result["seat"], result["fare"]), (True, free, "0.00"), reserved)
        taken = next(s for row in self.ok("getSeatMap", {"flightid": cls_["flightid"]})["seatmap"]["row"]
                     for s in row["seats"]["seat"] if s["seatname"] == free)
        self.assertEqual(taken["seatstatus"], "T")
        # Partial success, seat by seat: the same seat for the other booking, a paid seat, one seat too many.
        answer = self.ok("makeSeatReservation", {"bookingid": bookings[1], "companycode": "X9",
                                                 "flights": [{**leg, "seat": [free, paid]}]})
        statuses = [(r["status"], r["seat"]) for r in answer["flights"][0]["seat"]]
        self.assertEqual(statuses, [(False, free), (False, paid)], answer)
        self.assertIn("taken", answer["flights"][0]["seat"][0]["msg"])
        wrong_flight = self.ok("makeSeatReservation", {"bookingid": bookings[1], "companycode": "X9",
                                                       "flights": [{**leg, "flightnumber": "9999", "seat": [free]}]})
        self.assertFalse(wrong_flight["flights"][0]["seat"][0]["status"])
        self.refused("makeSeatReservation", {"bookingid": 0, "companycode": "X9", "flights": [{**leg, "seat": [free]}]})
        self.refused("makeSeatReservation", {"bookingid": 99999999, "companycode": "X9",
                                             "flights": [{**leg, "seat": [free]}]})
        self.refused("getSeatMap", {"flightid": 99999999})
        self.assertTrue(itinerary)

        # Special service requests: the codes, then one for a passenger named as the reference names them.
        codes = {c["code"]: c for c in self.ok("getSSRs")["ssrs"]["ssr"]}
        self.assertEqual(codes["WCHR"]["group"], "wheelchair")
        self.assertTrue(codes["OTHS"]["textrequired"])
        asked = self.ok("createSSR", {"firstname": "Baraka", "lastname": "Mwita", "paxtitle": "Mr.", "code": "wchr",
                                      "bookingid": bookings[0], "flights": {"flightid": [itinerary["flightcode"]]}})
        self.assertEqual(asked["ssrItem"]["code"], "WCHR")
        self.ok("createSSR", {"firstname": "Baraka", "lastname": "Mwita", "paxtitle": "Mr.", "code": "VGML",
                              "bookingid": bookings[0], "applyToAllFlights": True})
        for wrong in ({"code": "KSML", "applyToAllFlights": True},               # a second meal
                      {"code": "WCHR", "applyToAllFlights": True},               # asked already
                      {"code": "XXXX", "applyToAllFlights": True},               # no such code
                      {"code": "BLND"},                                          # which flights?
                      {"code": "BLND", "lastname": "Nobody", "applyToAllFlights": True}):
            self.refused("createSSR", {"firstname": "Baraka", "lastname": "Mwita", "paxtitle": "Mr.",
                                       "bookingid": bookings[0], **wrong})
        status, got, _ = self.server.request("GET", f"/api/v1/bookings/{self.ok('getBooking', {'bookingid': bookings[0]})['booking']['pnrref']}?last_name=Mwita")
        self.assertEqual(sorted(r["code"] for r in got["ssrs"]), ["VGML", "WCHR"], got)

        # The extras the booking may buy, in its currency.
        catalogue = self.ok("getAncillaries", {"bookingid": bookings[0], "flightid": itinerary["flightcode"],
                                               "currency": got["total"]["currency"]})["ancillaries"]["ancillary"]
        self.assertEqual({a["name"] for a in catalogue}, {"BAG", "MEAL", "SEAT"})
        bag = next(a for a in catalogue if a["name"] == "BAG")["items"][0]
        self.assertEqual((bag["quantityforitem"], bag["currency"], bag["soldAfterTicket"]),
                         (2, got["total"]["currency"], True))
        self.assertGreater(float(bag["fare"]), 0)  # the airline's price converted to the booking's currency
        self.refused("getAncillaries", {"bookingid": bookings[0], "flightid": itinerary["flightcode"], "currency": "JPY"})
        self.refused("getAncillaries", {"bookingid": bookings[0], "flightid": 1, "currency": "EUR"})
        # Bought after the booking was paid (on the agency's account): on the account too, an EMD at once.
        bought = self.ok("createAncillary", {"itemid": "MEAL", "bookingid": bookings[0],
                                             "flightid": itinerary["flightcode"], "paxnum": 0})
        self.assertEqual((bought["Ancillary"][0]["success"], bought["topay"]), (True, "0.00"), bought)
        status, got, _ = self.server.request("GET", f"/api/v1/bookings/{got['locator']}?last_name=Mwita")
        self.assertEqual([(e["code"], e["status"]) for e in got["emds"]], [("MEAL", "O")])
        self.refused("createAncillary", {"itemid": "MEAL", "bookingid": bookings[0],
                                         "flightid": itinerary["flightcode"], "paxnum": 0})  # one meal a flight
        trip = self.ok("getItinerary", {"bookingconfirmation": got["locator"], "passengerlastname": "Mwita"})["booking"]
        self.assertEqual([(a["itemid"], a["rph"], a["status"]) for a in trip["ancillaries"]], [("MEAL", 1, "O")])
        self.assertEqual(trip["ancillaries"][0]["emd"], got["emds"][0]["number"])
        self.assertEqual([(c["status"], c["seat"]) for c in trip["checkin"]], [("not checked in", free)])
        # The seats with their prices: the paid ones at the price of a seat with more room, the rest free.
        fares = self.ok("getSeatMapFare", {"companycode": "X9", "currency": "EUR", "flightnumber": leg["flightnumber"],
                                           "flightdate": leg["flightdate"], "fromcode": "CPH", "tocode": "HAM"})
        cabins = {c["cabinclass"]: c for c in fares["seatmapfare"]["classes"]}
        paid_rows = [r for r in cabins["Y"]["paidSeats"] if any(x["seat"] == paid for x in r["seats"])]
        self.assertEqual(len(paid_rows), 1, cabins["Y"])
        self.assertGreater(float(paid_rows[0]["seatfare"]), 0)
        taken = [x["status"] for r in cabins["Y"]["freeSeats"] for x in r["seats"] if x["seat"] == free]
        self.assertEqual(taken, ["T"])  # reserved above
        self.assertEqual(fares["seatmapfare"]["currency"], "EUR")
        for wrong in ({"tocode": "ABZ"}, {"flightnumber": "9999"}, {"flightdate": "2020/01/01"}):
            self.refused("getSeatMapFare", {"companycode": "X9", "flightnumber": leg["flightnumber"],
                                            "flightdate": leg["flightdate"], "fromcode": "CPH", "tocode": "HAM",
                                            **wrong})
        # Seats and ancillaries confirmed on the other booking, passenger by passenger: the paid seat and a bag, each
        # an EMD on the agency's account; a name not in the booking is refused on its own.
        other = self.ok("getBooking", {"bookingid": bookings[1]})["booking"]
        confirmed = self.ok("confirmExtrasReservation", {
            "bookingid": bookings[1], "pnrref": other["pnrref"], "companycode": "X9",
            "confirmationemail": "ops@agency.example",
            "flights": [{"flightnumber": leg["flightnumber"], "flightdate": leg["flightdate"], "passengers": [
                {"type": "ADT", "firstname": "Baraka", "lastname": "Otieno", "seat": paid, "ancillaries": "bag"},
                {"type": "ADT", "firstname": "Nobody", "lastname": "Here", "seat": "", "ancillaries": "MEAL"}]}]})
        [ok, unknown] = confirmed["flights"][0]["passengers"]
        self.assertEqual((ok["status"], ok["seat"], ok["ancillaries"]), (True, [paid], ["BAG"]), confirmed)
        self.assertEqual((unknown["status"], unknown["msg"]), (False, "No passenger of that name in this booking"))
        self.assertEqual((confirmed["reference"], confirmed["amount"]), (other["pnrref"], "0.00"))
        status, theirs, _ = self.server.request("GET", f"/api/v1/bookings/{other['pnrref']}?last_name=Otieno")
        self.assertEqual(sorted((e["code"], e["seat"] if "seat" in e else "") for e in theirs["emds"]),
                         [("BAG", ""), ("SEAT", paid)])
        self.assertEqual(theirs["seats"][0]["seat"], paid)
        self.refused("confirmExtrasReservation", {"bookingid": bookings[1], "pnrref": "ZZZZZZ", "companycode": "X9",
                                                  "confirmationemail": "ops@agency.example", "flights": []})
        # The catalogue before booking, for the airline and its flights.
        before = self.ok("getAirlineAncillaries", {"companycode": "X9", "currency": "EUR", "flights": [leg]})
        items = {a["name"]: a["items"][0] for a in before["ancillaries"]["ancillary"]}
        self.assertEqual(set(items), {"BAG", "MEAL", "SEAT"})
        self.assertEqual((items["BAG"]["currency"], items["BAG"]["soldBeforeTicket"]), ("EUR", True))
        self.refused("getAirlineAncillaries", {"companycode": "ZZ", "currency": "EUR", "flights": [leg]})

    def test_assess_then_change_a_flight_for_another_day(self):
        flight, code, cls_ = self.classic_on(20)
        booking_class = code.split("/")[0]
        booking = self.create(flight, cls_)
        confirmed = self.ok("confirmBooking", {
            "bookingid": booking["bookingid"], "agentconfirmation": "AGT-CHG-1", "sendemail": 0,
            "confirmationemail": "ops@agency.example",
            "passenger": {"paxtitle": "Mr.", "firstname": "Baraka", "lastname": "Mwita", "paxphone": "+255700000003"}})
        self.assertEqual(confirmed["status"], "OK")
        flightcode = self.ok("getBooking", {"bookingid": booking["bookingid"]})["booking"]["flights"]["flight"][0][
            "flightcode"]
        assessed = self.ok("assessChangeFees", {"bookingconfirmation": confirmed["pnrref"],
                                                "passengerlastname": "Mwita", "action": "all",
                                                "flightcode": flightcode})
        for part in ("cancel", "checkAmand"):
            self.assertIsInstance(assessed[part]["price"], str, assessed)
            self.assertIsInstance(assessed[part]["text"], str, assessed)
        self.assertEqual(assessed["flightcode"], flightcode)
        self.assertIsNone(assessed["err"])
        self.assertGreater(float(assessed["checkAmand"]["price"]), 0)  # Classic changes for a fee
        self.assertGreater(float(assessed["cancel"]["price"]), 0)  # and is not refundable
        self.refused("assessChangeFees", {"bookingid": booking["bookingid"], "action": "all", "flightcode": 1})
        self.refused("assessChangeFees", {"bookingid": booking["bookingid"], "action": "some",
                                          "flightcode": flightcode})

        later, later_code, later_cls = self.classic_on(21)
        later_class = later_code.split("/")[0]
        before_old = self.held(cls_["flightid"], booking_class)
        before_new = self.held(later_cls["flightid"], later_class)
        balance = float(self.balance())
        change = {"bookingconfirmation": confirmed["bookingconfirmation"], "action": "amend", "chargetype": "ALL",
                  "sendemail": 0, "bookflight": {"fromcode": "CPH", "tocode": "HAM",
                                                 "flightid": later_cls["flightid"], "fareid": later_cls["fareid"]}}
        # Refusals change nothing: another route, cancelling one flight, a wrong leg, a foreign partner.
        back = self.deeplink(frm="HAM", to="CPH")
        back_cls = next(iter(next(f for f in back["flight"] if isinstance(f["fltid"], int))["classes"].values()))
        wrong_route = {**change, "bookflight": {"fromcode": "HAM", "tocode": "CPH", "flightid": back_cls["flightid"],
                                                "fareid": back_cls["fareid"]}}
        detail, _, _ = self.refused("changeBooking", wrong_route)
        self.assertIn("HAM-CPH", detail)
        detail, _, _ = self.refused("changeBooking", {**change, "action": "cancel"})
        self.assertIn("only flight", detail)  # one flight of one: cancelBooking cancels bookings
        self.refused("changeBooking", {**change, "leg": 2})
        self.refused("changeBooking", {k: v for k, v in change.items() if k != "chargetype"})
        self.refused("changeBooking", {**change, "bookingconfirmation": None, "bookingid": booking["bookingid"]},
                     partner="SOL-SYSTEM-0003")
        self.assertEqual(self.held(cls_["flightid"], booking_class), before_old)
        self.assertEqual(float(self.balance()), balance)

        changed = self.ok("changeBooking", change)
        answer = changed["booking"]
        self.assertEqual((answer["bookingid"], answer["pnrref"], answer["status"]),
                         (booking["bookingid"], confirmed["pnrref"], "OK"))
        item = answer["items"]["flight"][0]
        self.assertEqual(item["flightid"], later_cls["flightid"])
        self.assertEqual(item["class"], later_code)
        cost = answer["change"]
        self.assertEqual(cost["changefee"], assessed["checkAmand"]["price"])
        self.assertEqual(cost["currency"], answer["currency"])
        # The seats moved and the agency's account paid what the change cost.
        after_old = self.held(cls_["flightid"], booking_class)
        after_new = self.held(later_cls["flightid"], later_class)
        self.assertEqual(after_old["sold"], before_old["sold"] - 1)
        self.assertEqual(after_new["sold"], before_new["sold"] + 1)
        self.assertAlmostEqual(float(self.balance()), balance - float(cost["topay"]) + float(cost["refund"]), 2)
        now = self.ok("getBooking", {"bookingid": booking["bookingid"]})["booking"]
        self.assertEqual(now["flights"]["flight"][0]["flightid"], later_cls["flightid"])
        self.assertEqual(now["totalprice"], answer["totalprice"])
        # The same change again is no change.
        self.refused("changeBooking", change)
        self.ok("cancelBooking", {"bookingid": booking["bookingid"]})
        self.assertEqual(self.held(later_cls["flightid"], later_class), before_new)
        cancelled = self.ok("assessChangeFees", {"bookingid": booking["bookingid"], "action": "all",
                                                 "flightcode": later_cls["flightid"]})
        self.assertIn("CANCELLED", cancelled["err"])  # a cancelled booking does not change
        self.assertIsNone(cancelled["checkAmand"]["price"])

    def test_cancel_one_flight_of_a_return_trip(self):
        out, out_code, out_cls = self.classic_on(22)
        back = self.ok("getDeepLink", verb="GET", query="from=HAM&to=CPH&start={0}&end={0}&adults=1".format(
            today_plus(24).replace("-", "/")))["flights"]["flight"]
        back_cls = next(iter(next(f for f in back if isinstance(f["fltid"], int))["classes"].values()))
        booking = self.ok("createBooking", {
            "triptype": "RT", "adults": 1, "child": 0, "chargetype": "ALL",
            "bookflight": [{"fromcode": "CPH", "tocode": "HAM", "flightid": out_cls["flightid"],
                            "fareid": out_cls["fareid"]},
                           {"fromcode": "HAM", "tocode": "CPH", "flightid": back_cls["flightid"],
                            "fareid": back_cls["fareid"]}]})["booking"]
        self.ok("confirmBooking", {"bookingid": booking["bookingid"], "agentconfirmation": "AGT-LEG", "sendemail": 0,
                                   "confirmationemail": "ops@agency.example",
                                   "passenger": {"paxtitle": "Ms.", "firstname": "Neema", "lastname": "Kimaro",
                                                 "paxphone": "+255700000005"}})
        legs = self.ok("getBooking", {"bookingid": booking["bookingid"]})["booking"]["flights"]["flight"]
        back_class = next(f["class"] for f in legs if f["flightid"] == back_cls["flightid"])
        before = self.held(back_cls["flightid"], back_class)
        balance = float(self.balance())
        cancelled = self.ok("changeBooking", {"bookingid": booking["bookingid"], "action": "cancel",
                                              "chargetype": "ALL", "sendemail": 0,
                                              "bookflight": {"fromcode": "HAM", "tocode": "CPH"}})["booking"]
        self.assertEqual([f["flightid"] for f in cancelled["items"]["flight"]], [out_cls["flightid"]])
        self.assertEqual(cancelled["status"], "OK")
        cost = cancelled["change"]
        self.assertEqual(cost["topay"], "0.00")
        self.assertGreater(float(cost["refund"]) + float(cost["forfeited"]), 0)
        self.assertEqual(self.held(back_cls["flightid"], back_class)["sold"], before["sold"] - 1)
        self.assertAlmostEqual(float(self.balance()), balance + float(cost["refund"]), 2)
        flights = self.ok("getBooking", {"bookingid": booking["bookingid"]})["booking"]["flights"]["flight"]
        self.assertEqual([(f["fromcode"], f["tocode"]) for f in flights], [("CPH", "HAM")])
        detail, _, _ = self.refused("changeBooking", {"bookingid": booking["bookingid"], "action": "cancel",
                                                      "chargetype": "ALL", "leg": 1})
        self.assertIn("only flight", detail)

    def test_a_partner_sees_only_its_own_bookings(self):
        flight, code, cls_ = self.bookable()
        mine = self.create(flight, cls_)
        for method, parms in (("getBooking", {"bookingid": mine["bookingid"]}),
                              ("getBooking", {"bookingconfirmation": mine["bookingconfirmation"]}),
                              ("cancelBooking", {"bookingid": mine["bookingid"]}),
                              ("confirmBooking", {"bookingid": mine["bookingid"], "agentconfirmation": "X",
                                                 "confirmationemail": "x@sol.example",
                                                 "passenger": {"paxtitle": "Mr.", "firstname": "Tom",
                                                               "lastname": "Sol", "paxphone": "+4511111111"}})):
            with self.subTest(method):
                detail, answer, _ = self.refused(method, parms, partner="SOL-SYSTEM-0003")
                self.assertEqual(answer["code"], "BOOKING_NOT_FOUND", detail)
        self.assertEqual(self.ok("getBooking", {"bookingid": mine["bookingid"]})["booking"]["status"], "HN")
        self.ok("cancelBooking", {"bookingid": mine["bookingid"]})


    def test_quotas_refuse_with_retry_after_and_change_nothing(self):
        partner = "TINY-QUOTA-0004"
        for _ in range(3):
            self.deeplink(partner=partner)
        detail, answer, headers = self.refused("getDeepLink", {"from": "CPH", "to": "HAM", "start": search_day()[0]},
                                               status=429, partner=partner)
        self.assertIn("Search quota exceeded", detail)
        self.assertEqual(answer["code"], "QUOTA_EXCEEDED")
        self.assertTrue(1 <= int(headers["Retry-After"]) <= 60, headers)
        self.ok("getAirlines", partner=partner)  # not a search
        flight, code, cls_ = self.bookable()  # another partner's search
        booking_class = code.split("/")[0]
        first = self.create(flight, cls_, partner=partner)
        before = self.held(cls_["flightid"], booking_class)
        detail, _, headers = self.refused("createBooking", {
            "triptype": "OW", "adults": 1, "child": 0, "chargetype": "ALL",
            "bookflight": [{"fromcode": flight["fromcode"], "tocode": flight["tocode"], "flightid": cls_["flightid"],
                            "fareid": cls_["fareid"]}]}, status=429, partner=partner)
        self.assertIn("Booking quota exceeded", detail)
        self.assertIn("Retry-After", headers)
        self.assertEqual(self.held(cls_["flightid"], booking_class), before)
        self.ok("cancelBooking", {"bookingid": first["bookingid"]}, partner=partner)

    def test_eight_partners_holding_the_last_seats_at_once_oversell_nothing(self):
        day = today_plus(60).replace("-", "/")
        flights = self.ok("getDeepLink", {"from": "CPH", "to": "BGO", "start": day})["flights"]["flight"]
        flight = next(f for f in flights if isinstance(f["fltid"], int))
        code, cls_ = max(flight["classes"].items(), key=lambda item: item[1]["freeseats"])
        flight_id = cls_["flightid"]

        def economy():
            cabin = dict(next(c for c in self.server.inventory(flight_id)["cabins"] if c["cabin"] == "Y"))
            cabin["available_total"] = cabin["limit"] - sum(c["sold"] + c["held"] for c in cabin["classes"])
            return cabin

        before = economy()
        made, seats = [], 0
        while economy()["available_total"] > 3:
            adults = min(9, economy()["available_total"] - 3)
            try:
                made.append(self.create(flight, cls_, adults=adults))
            except AssertionError:
                break  # the class itself is full: race for what is left of it
            seats += adults
        left = min(economy()["available_total"],
                   self.ok("getDeepLink", {"from": "CPH", "to": "BGO", "start": day})["flights"]["flight"][0]
                   ["classes"].get(code, {"freeseats": 0})["freeseats"])
        parms = {"triptype": "OW", "adults": 1, "child": 0, "chargetype": "ALL",
                 "bookflight": [{"fromcode": "CPH", "tocode": "BGO", "flightid": flight_id, "fareid": cls_["fareid"]}]}
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: self.call("createBooking", parms)[1], range(8)))
        won = [a["booking"] for a in answers if a["success"]]
        lost = [a for a in answers if not a["success"]]
        self.assertEqual(len(won), left, answers)
        self.assertEqual(len(won) + len(lost), 8)
        for a in lost:
            self.assertTrue(a["details"]["detail"][0], a)
        cabin = economy()
        self.assertGreaterEqual(cabin["available_total"], 0, "oversold")
        self.assertEqual(sum(c["held"] for c in cabin["classes"]),
                         sum(c["held"] for c in before["classes"]) + seats + len(won))
        classes = sorted(cabin["classes"], key=lambda c: c["nest_rank"])
        for j, c in enumerate(classes):
            self.assertLessEqual(sum(k["sold"] + k["held"] for k in classes[j:]), c["authorized"], c)
        for booking in made + won:
            self.ok("cancelBooking", {"bookingid": booking["bookingid"]})


    def test_without_a_credit_facility_the_booking_is_pending_until_make_payment(self):
        partner = "CARD-PAYER-0005"
        flight, code, cls_ = self.bookable(partner=partner)
        booking_class = code.split("/")[0]
        before = self.held(cls_["flightid"], booking_class)
        booking = self.create(flight, cls_, partner=partner)
        card = {"bookingid": booking["bookingid"], "creditcardpayer": "Amina Salim",
                "creditcardnumber": "4242 4242 4242 4242", "creditcardexpiry": "12" + str(datetime.date.today().year
                                                                                           % 100 + 3),
                "creditcardcvv": "123"}
        detail, answer, _ = self.refused("makePayment", card, partner=partner)
        self.assertEqual(answer["code"], "NOT_CONFIRMED", detail)
        pending = self.ok("confirmBooking", {
            "bookingid": booking["bookingid"], "agentconfirmation": "WEB-77", "confirmationemail": "amina@example.tz",
            "passenger": [{"paxtitle": "Mrs.", "firstname": "Amina", "lastname": "Salim", "paxphone": "+255700000001"}]},
            partner=partner)
        self.assertEqual(pending["status"], "PN")
        self.assertEqual(pending["topay"], pending["totalprice"])
        ptl = datetime.datetime.strptime(pending["pnrptl"], "%Y/%m/%d %H:%M").replace(tzinfo=datetime.timezone.utc)
        self.assertGreater(ptl, datetime.datetime.now(datetime.timezone.utc))
        got = self.ok("getBooking", {"bookingid": booking["bookingid"]}, partner=partner)["booking"]
        self.assertEqual((got["status"], len(got["passengers"]["passenger"])), ("PN", 1))
        self.assertEqual(self.held(cls_["flightid"], booking_class)["held"], before["held"] + 1)
        declined, answer, _ = self.refused("makePayment", {**card, "creditcardnumber": "4000000000000002"},
                                           partner=partner)
        self.assertEqual(answer["code"], "PAYMENT_DECLINED", declined)
        self.assertEqual(self.ok("getBooking", {"bookingid": booking["bookingid"]}, partner=partner)["booking"]
                         ["status"], "PN")
        detail, answer, _ = self.refused("ticketBooking", {"bookingid": booking["bookingid"]}, partner=partner)
        self.assertEqual(answer["code"], "BOOKING_NOT_PAID", detail)  # tickets come with the payment
        paid = self.ok("makePayment", card, partner=partner)
        self.assertEqual((paid["status"], paid["topay"], paid["pnrref"]), ("OK", "0.00", pending["pnrref"]))
        ticketed = self.ok("ticketBooking", {"bookingid": booking["bookingid"]}, partner=partner)
        self.assertEqual((ticketed["bookingid"], ticketed["pnrref"], ticketed["status"]),
                         (booking["bookingid"], pending["pnrref"], "OK"))
        self.assertRegex(ticketed["ticketnumber"], r"^\d{13}$")
        self.assertIsNone(ticketed["invoicenumber"])  # jetway issues no invoices yet
        self.assertEqual([(p["title"], p["lastname"], p["e-ticket"]) for p in ticketed["passengers"]],
                         [("MRS", "SALIM", ticketed["ticketnumber"])])
        self.assertEqual(self.ok("ticketBooking", {"bookingid": booking["bookingid"]}, partner=partner), ticketed)
        self.assertEqual(self.held(cls_["flightid"], booking_class)["sold"], before["sold"] + 1)
        again, answer, _ = self.refused("makePayment", card, partner=partner)
        self.assertEqual(answer["code"], "ALREADY_PAID", again)
        self.assertEqual(self.ok("cancelBooking", {"bookingid": booking["bookingid"]}, partner=partner)["status"], "XX")


class Receiver:
    """A partner's webhook endpoint on 127.0.0.1: records every delivery, and answers 500 to the first `fail`."""

    def __init__(self, port=None, fail=0):
        self.port = port or free_port()
        self.deliveries = []
        self.fail = fail
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.deliveries.append((dict(self.headers), body))
                status = 500 if receiver.fail > 0 else 204
                receiver.fail -= 1
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def wait_for(self, count, timeout=30):
        deadline = time.time() + timeout
        while len(self.deliveries) < count and time.time() < deadline:
            time.sleep(0.05)
        return self.deliveries


def verified(test, delivery, secret):
    """The delivery's event, after checking its signature as docs/partner-api.md tells a receiver to."""
    headers, body = delivery
    timestamp = headers["X-Jetway-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    test.assertTrue(hmac.compare_digest(headers["X-Jetway-Signature"], "v1=" + expected), headers)
    test.assertLess(abs(time.time() - int(timestamp)), 300)
    event = json.loads(body)["aerocrs"]["bookingEvent"]
    test.assertEqual(headers["X-Jetway-Event-Id"], event["eventid"])
    return event


class WebhookTest(unittest.TestCase):
    """Booking events pushed to a partner's URL: signed, retried with back-off while it fails, each at least once with
    its own id, and never lost when the node is killed before delivering them."""

    def setUp(self):
        self.receiver = Receiver(fail=2)
        self.server = Server(env={"JETWAY_WEBHOOK_INTERVAL_MS": "100", "JETWAY_WEBHOOK_RETRY_SECONDS": "1"})
        self.secret = "e1e2e3e4e5e6e7e8e9e0f1f2f3f4f5f6"
        added = subprocess.run(
            [JETWAY_BIN, "partner", "add", "--data-dir", self.server.data_dir, "--auth-id", "HOOKED-PARTNER-06",
             "--webhook-url", f"http://127.0.0.1:{self.receiver.port}/hook"],
            env=self.server.env, input=self.secret + "\n", capture_output=True, text=True, timeout=120)
        self.assertEqual(added.returncode, 0, added.stderr)
        self.webhook_secret = re.search(r"webhook secret: ([0-9a-f]{64})", added.stdout).group(1)
        self.server.start()

    def tearDown(self):
        self.server.close()
        self.receiver.close()

    def call(self, method, parms):
        status, answer, _ = self.server.request(
            "POST", f"/aerocrs/v5/{method}", {"aerocrs": {"parms": parms}},
            {"auth_id": "HOOKED-PARTNER-06", "auth_password": self.secret})
        self.assertEqual(status, 200, answer)
        self.assertIs(answer["aerocrs"]["success"], True, answer)
        return answer["aerocrs"]

    def book(self):
        day = today_plus(25).replace("-", "/")
        flight = next(f for f in self.call("getDeepLink", {"from": "CPH", "to": "HAM", "start": day})["flights"]
                      ["flight"] if isinstance(f["fltid"], int))
        cls_ = next(iter(flight["classes"].values()))
        booking = self.call("createBooking", {
            "triptype": "OW", "adults": 1, "child": 0, "chargetype": "ALL",
            "bookflight": [{"fromcode": "CPH", "tocode": "HAM", "flightid": cls_["flightid"],
                            "fareid": cls_["fareid"]}]})["booking"]
        self.call("confirmBooking", {"bookingid": booking["bookingid"], "agentconfirmation": "HOOK-1",
                                     "sendemail": 0, "confirmationemail": "ops@hooked.example",
                                     "passenger": {"paxtitle": "Mr.", "firstname": "Juma", "lastname": "Salim",
                                                   "paxphone": "+255700000002"}})
        paid = self.call("makePayment", {"bookingid": booking["bookingid"], "creditcardpayer": "Juma Salim",
                                         "creditcardnumber": "4242424242424242", "creditcardcvv": "123",
                                         "creditcardexpiry": "12" + str(datetime.date.today().year % 100 + 3)})
        self.assertEqual(paid["status"], "OK")
        return booking["bookingid"], paid

    def test_events_are_signed_retried_and_each_has_its_own_id(self):
        booking_id, paid = self.book()
        self.call("cancelBooking", {"bookingid": booking_id})
        # Two refused, then the confirmation, the tickets issued with it, and the cancellation.
        deliveries = self.receiver.wait_for(5)
        self.assertGreaterEqual(len(deliveries), 5, deliveries)
        events = [verified(self, d, self.webhook_secret) for d in deliveries]
        by_id = {}
        for e in events:
            by_id.setdefault(e["eventid"], []).append(e)
        self.assertEqual(len(by_id), 3, events)  # three events, each with one id however often it came
        first, ticketed, second = (deliveries[0] for deliveries in by_id.values())  # in the order first seen
        # Two refusals were spread over the events as the sender met them: five deliveries, each event at least once.
        self.assertEqual(sum(len(d) for d in by_id.values()), 5)
        self.assertTrue(all(d == by_id[first["eventid"]][0] for d in by_id[first["eventid"]]))
        self.assertEqual((first["event"], first["status"], first["bookingid"], first["pnrref"]),
                         ("confirmed", "OK", booking_id, paid["pnrref"]))
        self.assertEqual((ticketed["event"], ticketed["status"], ticketed["bookingid"]), ("ticketed", "OK", booking_id))
        self.assertEqual((second["event"], second["status"]), ("cancelled", "XX"))
        self.assertEqual(first["bookingconfirmation"], paid["bookingconfirmation"])
        # A wrong secret does not verify.
        headers, body = deliveries[-1]
        forged = hmac.new(b"not the secret", f"{headers['X-Jetway-Timestamp']}.".encode() + body,
                          hashlib.sha256).hexdigest()
        self.assertNotEqual(headers["X-Jetway-Signature"], "v1=" + forged)

    def test_a_changed_flight_is_pushed_too(self):
        def first_class(days):
            day = today_plus(days).replace("-", "/")
            flight = next(f for f in self.call("getDeepLink", {"from": "CPH", "to": "HAM", "start": day})["flights"]
                          ["flight"] if isinstance(f["fltid"], int))
            return next(iter(flight["classes"].values()))
        cls_ = first_class(25)
        booking = self.call("createBooking", {
            "triptype": "OW", "adults": 1, "child": 0, "chargetype": "ALL",
            "bookflight": [{"fromcode": "CPH", "tocode": "HAM", "flightid": cls_["flightid"],
                            "fareid": cls_["fareid"]}]})["booking"]
        pending = self.call("confirmBooking", {"bookingid": booking["bookingid"], "agentconfirmation": "HOOK-2",
                                               "sendemail": 0, "confirmationemail": "ops@hooked.example",
                                               "passenger": {"paxtitle": "Mr.", "firstname": "Juma",
                                                             "lastname": "Salim", "paxphone": "+255700000002"}})
        self.assertEqual(pending["status"], "PN")
        later = first_class(26)
        changed = self.call("changeBooking", {
            "bookingid": booking["bookingid"], "action": "amend", "chargetype": "ALL", "sendemail": 0,
            "bookflight": {"fromcode": "CPH", "tocode": "HAM", "flightid": later["flightid"],
                           "fareid": later["fareid"]}})
        self.assertEqual(changed["booking"]["items"]["flight"][0]["flightid"], later["flightid"])
        deliveries = self.receiver.wait_for(3)  # two refused, then the change
        self.assertGreaterEqual(len(deliveries), 3, deliveries)
        event = verified(self, deliveries[-1], self.webhook_secret)
        self.assertEqual((event["event"], event["bookingid"], event["status"], event["pnrref"]),
                         ("changed", booking["bookingid"], "PN", pending["pnrref"]))

    def test_an_event_outlives_a_killed_node(self):
        port = self.receiver.port
        self.receiver.close()  # the partner is away: nothing can be delivered
        booking_id, paid = self.book()
        time.sleep(0.5)
        self.server.kill()
        self.receiver = Receiver(port=port)
        self.server.start()
        # The payment queued two events (confirmed, and ticketed with it); each is retried on its own schedule, so
        # whichever is due first after the restart arrives first.
        deliveries = self.receiver.wait_for(1)
        self.assertTrue(deliveries, "the events queued before the kill were never delivered")
        for delivery in deliveries:
            event = verified(self, delivery, self.webhook_secret)
            self.assertIn((event["event"], event["bookingid"]), [("confirmed", booking_id), ("ticketed", booking_id)])


if __name__ == "__main__":
    unittest.main()
