"""Travel agencies in the back office, against the real binary on the engine under test: an administrator adds an
agency (its code unique, an IATA numeric code's check digit checked, bad details refused with the field named and
nothing created), finance staff set its credit limit and record deposits and adjustments that the ledger and the
balance show at once, staff who may only read see no forms and are refused if they post anyway, a suspension is
audited with the state before and after, and the currency never changes. Monthly statements download as CSV and
as a PDF whose text (read back with pdftotext) carries the same balances and totals as the ledger, in the reader's
language."""
import csv
import datetime
import io
import re
import subprocess
import tempfile
import unittest

from ibe_browser import Browser
from jw import JETWAY_BIN, Server

PASSWORDS = {"admin@example.com": "the boss's long passphrase", "finance@example.com": "counting money all day long",
             "clerk@example.com": "reservations desk passphrase"}
ROLES = {"admin@example.com": "administrator", "finance@example.com": "finance", "clerk@example.com": "reservations"}
HTML = {"Accept": "text/html"}
NORDLYS = {"code": "12345675", "name": "Nordlys Rejser", "contact_name": "Ida Hansen",
           "email": "booking@nordlys.example", "phone": "+45 33 12 34 56", "address_line1": "Vesterbrogade 10",
           "address_line2": "", "postcode": "1620", "city": "København V", "country": "dk", "currency": "DKK",
           "airlines": "JW", "settlement": "net"}


class AgenciesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True)
        for email, password in PASSWORDS.items():
            cls.server.add_staff(email, ROLES[email], password)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def office(self, email):
        browser = Browser(self.server, HTML, port=self.server.admin_port)
        page = browser.submit(browser.get("/login").form("/login"), email=email, password=PASSWORDS[email])
        self.assertEqual(page.status, 303, page.body[:300])
        return browser

    def audit(self):
        result = subprocess.run([JETWAY_BIN, "audit", "verify", "--data-dir", self.server.data_dir],
                                env=self.server.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return int(re.search(r"intact: (\d+) rows", result.stdout).group(1))

    def add(self, admin, **changes):
        return admin.submit(admin.get("/agencies").form("/agencies"), **{**NORDLYS, **changes})

    @staticmethod
    def details_form(page, agency):
        return next(f for f in page.forms if f["action"] == agency)  # not its credit-limit or funds form

    @staticmethod
    def fact(page, name):
        return re.search(rf"<dd {name}>([^<]*)</dd>", page.body).group(1)

    def test_an_agency_is_added_funded_and_suspended(self):
        admin = self.office("admin@example.com")
        before = self.audit()
        added = self.add(admin, code="NORDLYS")
        self.assertEqual(added.status, 303, added.body[:800])
        location = added.headers["Location"]
        self.assertRegex(location, r"^/agencies/\d+\?done=created$")
        agency = location.split("?")[0]
        page = admin.get(agency)
        self.assertEqual(page.status, 200)
        self.assertIn("Nordlys Rejser", page.body)
        self.assertEqual(self.fact(page, "data-credit-limit"), "DKK 0.00")
        self.assertIn(">NORDLYS</a>", admin.get("/agencies").body)
        # Finance gives it a line of credit and records what it paid in, and a bank charge.
        finance = self.office("finance@example.com")
        page = finance.get(agency)
        self.assertNotIn(f'action="{agency}"', page.body)  # the details are the managers'
        limited = finance.submit(page.form(f"{agency}/credit-limit"), credit_limit="5000.00")
        self.assertEqual(limited.status, 303, limited.body[:800])
        deposit = finance.submit(finance.get(agency).form(f"{agency}/funds"), kind="deposit", amount="1200.00",
                                 reference="BANK-2026-118")
        self.assertEqual(deposit.status, 303, deposit.body[:800])
        self.assertTrue(deposit.headers["Location"].endswith("?done=deposit"))
        fee = finance.submit(finance.get(agency).form(f"{agency}/funds"), kind="adjustment", amount="-25.00",
                             note="bank charge on the deposit")
        self.assertEqual(fee.status, 303, fee.body[:800])
        page = finance.get(agency)
        self.assertEqual(self.fact(page, "data-credit-limit"), "DKK 5000.00")
        self.assertEqual(self.fact(page, "data-balance"), "DKK 1175.00")
        self.assertEqual(self.fact(page, "data-available"), "DKK 6175.00")
        self.assertIn("BANK-2026-118", page.body)
        self.assertIn("bank charge on the deposit", page.body)
        self.assertIn("office:finance@example.com", page.body)
        # An adjustment without a reason, a deposit below zero and an amount in words change nothing.
        for fields, code in (({"kind": "adjustment", "amount": "-5.00", "note": ""}, "NOTE_REQUIRED"),
                             ({"kind": "deposit", "amount": "-5.00"}, "INVALID_AMOUNT"),
                             ({"kind": "deposit", "amount": "five"}, "INVALID_AMOUNT")):
            refused = finance.submit(finance.get(agency).form(f"{agency}/funds"), **fields)
            self.assertEqual(refused.status, 422, refused.body[:500])
            self.assertIn(f'data-code="{code}"', refused.body)
            self.assertIn(f'value="{fields["amount"]}"', refused.body)  # what was typed stays
        self.assertEqual(self.fact(finance.get(agency), "data-balance"), "DKK 1175.00")
        # The administrator suspends it; its currency stays what it was opened in.
        details = self.details_form(admin.get(agency), agency)
        self.assertEqual(details["fields"]["status"], "active")
        suspended = admin.submit(details, status="suspended", name="Nordlys Rejser ApS")
        self.assertEqual(suspended.status, 303, suspended.body[:800])
        page = admin.get(agency)
        self.assertIn("Nordlys Rejser ApS", page.body)
        self.assertIn("This agency is suspended", page.body)
        euros = admin.submit(self.details_form(admin.get(agency), agency), currency="EUR")
        self.assertEqual(euros.status, 409, euros.body[:500])
        self.assertIn('data-code="CURRENCY_FIXED"', euros.body)
        # Created, finance's sign-in, credit limit, deposit, adjustment, suspension; the refusals left nothing.
        self.assertEqual(self.audit(), before + 6)

    def test_bad_details_are_refused_with_the_field_named_and_nothing_is_created(self):
        admin = self.office("admin@example.com")
        listed = admin.get("/agencies").body.count('href="/agencies/')
        for changes, code in (({"code": "12345674"}, "INVALID_AGENCY_CODE"),  # a wrong check digit
                              ({"code": "AB"}, "INVALID_AGENCY_CODE"),
                              ({"country": "Denmark"}, "INVALID_COUNTRY"),
                              ({"currency": "kroner"}, "INVALID_CURRENCY"),
                              ({"airlines": ""}, "INVALID_AIRLINES"),
                              ({"email": "booking@nordlys"}, "INVALID_EMAIL"),
                              ({"name": "N"}, "INVALID_AGENCY"),
                              ({"city": "Copenhagen" * 7}, "INVALID_AGENCY")):
            refused = self.add(admin, **{"code": "BADONE", **changes})
            self.assertEqual(refused.status, 422, (changes, refused.body[:500]))
            self.assertIn(f'data-code="{code}"', refused.body)
        self.assertEqual(admin.get("/agencies").body.count('href="/agencies/'), listed)
        first = self.add(admin, code="SOLRIG")
        self.assertEqual(first.status, 303, first.body[:800])
        twice = self.add(admin, code="solrig", name="Solrig Two")
        self.assertEqual(twice.status, 409)
        self.assertIn('data-code="AGENCY_CODE_TAKEN"', twice.body)
        self.assertIn('value="Solrig Two"', twice.body)
        self.assertEqual(admin.get("/agencies/999999").status, 404)

    def test_staff_who_may_only_read_see_no_forms_and_are_refused_if_they_post(self):
        admin = self.office("admin@example.com")
        added = self.add(admin, code="12345686", name="Fjord Travel")  # 1234568 mod 7 = 6
        self.assertEqual(added.status, 303, added.body[:800])
        agency = added.headers["Location"].split("?")[0]
        clerk = self.office("clerk@example.com")
        page = clerk.get(agency)
        self.assertEqual(page.status, 200)
        self.assertIn("Fjord Travel", page.body)
        self.assertEqual([f["action"] for f in page.forms if f["action"].startswith("/agencies")], [])
        csrf = page.form("/logout")["fields"]["csrf"]
        for path, fields in ((f"{agency}/funds", {"kind": "deposit", "amount": "100.00"}),
                             (f"{agency}/credit-limit", {"credit_limit": "100.00"}),
                             (agency, {**NORDLYS, "code": "12345686", "status": "suspended"}),
                             ("/agencies", {**NORDLYS, "code": "CLERKS"})):
            refused = clerk.post(path, {"csrf": csrf, **fields})
            self.assertEqual(refused.status, 403, path)
        page = admin.get(agency)
        self.assertEqual(self.fact(page, "data-balance"), "DKK 0.00")
        self.assertNotIn("This agency is suspended", page.body)
        self.assertNotIn(">CLERKS</a>", admin.get("/agencies").body)

    def test_a_months_statement_downloads_as_csv_and_pdf_with_the_ledgers_totals(self):
        admin = self.office("admin@example.com")
        added = self.add(admin, code="STATEMNT", name="Statement Rejser")
        self.assertEqual(added.status, 303, added.body[:800])
        agency = added.headers["Location"].split("?")[0]
        finance = self.office("finance@example.com")
        for fields in ({"kind": "deposit", "amount": "1200.00", "reference": "BANK-2026-118"},
                       {"kind": "adjustment", "amount": "-25.00", "note": "bank charge"}):
            self.assertEqual(finance.submit(finance.get(agency).form(f"{agency}/funds"), **fields).status, 303)
        month = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m")
        page = finance.get(agency)
        self.assertIn(f'href="{agency}/statement.pdf?month={month}"', page.body)
        # The CSV: the opening balance, each movement with its running balance, the closing balance and the totals.
        sheet = finance.get(f"{agency}/statement.csv?month={month}")
        self.assertEqual(sheet.status, 200)
        self.assertEqual(sheet.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(sheet.headers["Content-Disposition"], f'attachment; filename="statement-STATEMNT-{month}.csv"')
        rows = list(csv.DictReader(io.StringIO(sheet.body)))
        kinds = [(r["kind"], r["amount"], r["balance"]) for r in rows]
        self.assertEqual(kinds[:4], [("opening", "", "0.00"), ("deposit", "1200.00", "1200.00"),
                                     ("adjustment", "-25.00", "1175.00"), ("closing", "", "1175.00")])
        self.assertIn(("total_deposits", "1200.00", ""), kinds)
        self.assertIn(("total_adjustments", "-25.00", ""), kinds)
        self.assertEqual(rows[1]["reference"], "BANK-2026-118")
        # The PDF says the same, read back as text; in Danish for a Danish reader.
        for lang, words in (("en", ("Statement of account", "Opening balance", "Closing balance", "Deposits",
                                    "Page 1 of 1")),
                            ("da", ("Kontoudtog", "Primosaldo", "Ultimosaldo", "Indbetalinger", "Side 1 af 1"))):
            pdf = finance.get(f"{agency}/statement.pdf?month={month}&lang={lang}")
            self.assertEqual(pdf.status, 200)
            self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
            text = self.pdf_text(pdf.raw)
            for expected in (*words, "Statement Rejser (STATEMNT)", "Vesterbrogade 10", month, "BANK-2026-118",
                             "1200.00", "-25.00", "1175.00"):
                self.assertIn(expected, text, (lang, expected))
        self.assertEqual(self.fact(finance.get(agency), "data-balance"), "DKK 1175.00")
        # A month before the agency existed: nothing moved, and every balance is 0.
        empty = list(csv.DictReader(io.StringIO(finance.get(f"{agency}/statement.csv?month=2026-01").body)))
        self.assertEqual([(r["kind"], r["balance"]) for r in empty[:2]], [("opening", "0.00"), ("closing", "0.00")])
        refused = finance.get(f"{agency}/statement.pdf?month=November")
        self.assertEqual(refused.status, 422)
        self.assertIn("INVALID_MONTH", refused.body)
        clerk = self.office("clerk@example.com")  # reservations may read agencies
        self.assertEqual(clerk.get(f"{agency}/statement.csv?month={month}").status, 200)

    @staticmethod
    def pdf_text(data):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True,
                                  check=True).stdout


if __name__ == "__main__":
    unittest.main()
