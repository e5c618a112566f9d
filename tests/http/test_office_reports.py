"""The back office's reports against the real binary on the engine under test: sales by day, route, channel and
fare brand add up to the payments taken (a round trip's payment shared over its two segments to the cent), load
factor by route equals the flights' own counters, bookings confirmed and cancelled by day, filters, and the same
tables as CSV and XLSX (read back here with the standard library)."""
import csv
import datetime
import io
import re
import unittest
import xml.etree.ElementTree as ET
import zipfile

from ibe_browser import Browser
from jw import Server, adults, today_plus

HTML = {"Accept": "text/html"}
FINANCE = ("finance@example.com", "the numbers must add up")
NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def cents(text):
    whole, _, fraction = text.partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 100 + int((fraction + "00")[:2]))


class OfficeReportsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(admin=True)
        cls.server.add_staff(*FINANCE[:1], "finance", FINANCE[1])
        cls.server.start()
        cls.office = cls.server.office_browser(*FINANCE)
        cls.totals = []  # (locator, amount in cents, segments)
        cls.flights = set()
        for days, route, seats in ((10, ("CPH", "HAM"), 2), (11, ("CPH", "HAM"), 1)):
            cls.book([cls.first_flight(route, days)], seats)
        out = cls.first_flight(("CPH", "BGO"), 12)
        back = cls.first_flight(("BGO", "CPH"), 15)
        cls.book([out, back], 1)
        cancelled = cls.book([cls.first_flight(("CPH", "HAM"), 13)], 1)
        status, body, _ = cls.server.request("POST", f"/api/v1/bookings/{cancelled}/cancel", {"last_name": "Hansen"})
        assert status == 200, body
        cls.period = f"from={today_plus(-1)}&to={today_plus(1)}"

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    @classmethod
    def first_flight(cls, route, days):
        status, body, _ = cls.server.search(*route, today_plus(days))
        assert status == 200 and body["outbound"], body
        flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        cls.flights.add((flight_id, route))
        return flight_id

    @classmethod
    def book(cls, flight_ids, seats):
        status, held, _ = cls.server.hold([{"flight_id": f, "booking_class": "M"} for f in flight_ids], adults=seats)
        assert status == 201, held
        status, confirmed, _ = cls.server.confirm(held["locator"], adults(seats))
        assert status == 200, confirmed
        cls.totals.append((held["locator"], cents(confirmed["total"]["amount"]), len(flight_ids)))
        return held["locator"]

    def csv_table(self, report, table, extra="", period=None):
        page = self.office.get(f"/reports/{report}?{period or self.period}{extra}&format=csv&table={table}")
        self.assertEqual(page.status, 200, page.body[:300])
        self.assertEqual(page.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertRegex(page.headers["Content-Disposition"], rf'attachment; filename="{report}-{table}-[\d-]+\.csv"')
        return list(csv.reader(io.StringIO(page.body)))

    def test_sales_add_up_to_the_payments_by_day_route_channel_and_brand(self):
        paid = sum(amount for _, amount, _ in self.totals)
        by_day = self.csv_table("sales", "day")
        self.assertEqual(by_day[0], ["Day", "Currency", "Bookings", "Amount"])
        self.assertEqual(sum(cents(row[3]) for row in by_day[1:]), paid)
        self.assertEqual(sum(int(row[2]) for row in by_day[1:]), len(self.totals))
        by_route = {row[0]: cents(row[3]) for row in self.csv_table("sales", "route")[1:]}
        round_trip = next(amount for _, amount, segments in self.totals if segments == 2)
        self.assertEqual(by_route["CPH-BGO"] + by_route["BGO-CPH"], round_trip)
        self.assertLessEqual(abs(by_route["CPH-BGO"] - by_route["BGO-CPH"]), 1)
        self.assertEqual(sum(by_route.values()), paid)
        channels = self.csv_table("sales", "channel")[1:]
        self.assertEqual([row[0] for row in channels], ["api"])
        brands = self.csv_table("sales", "brand")[1:]
        self.assertEqual(sum(cents(row[3]) for row in brands), paid)
        self.assertIn("Classic", [row[0] for row in brands])
        route_only = self.csv_table("sales", "route", "&origin=CPH&destination=HAM")[1:]
        self.assertEqual([row[0] for row in route_only], ["CPH-HAM"])
        office_only = self.csv_table("sales", "day", "&channel=office")
        self.assertEqual(office_only[1:], [])

    def test_the_sales_page_draws_a_chart_beside_each_table(self):
        page = self.office.get(f"/reports/sales?{self.period}")
        self.assertEqual(page.status, 200, page.body[:300])
        for key in ("day", "route", "channel", "brand"):
            self.assertIn(f'data-section="{key}"', page.body)
        self.assertEqual(page.body.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"'), 4)
        self.assertIn('<th scope="row">CPH-HAM</th>', page.body)
        bars = re.findall(r'<rect class="bar"[^>]*data-value="([\d.]+)"', page.body)
        self.assertGreaterEqual(len(bars), 3)
        danish = Browser(self.server, HTML, port=self.server.admin_port)
        danish.cookies = dict(self.office.cookies)  # the language cookie it gets stays with it
        da = danish.get(f"/reports/sales?{self.period}&lang=da")
        self.assertIn("Salg pr. rute", da.body)

    def test_xlsx_holds_every_table_as_a_sheet_of_numbers(self):
        page = self.office.get(f"/reports/sales?{self.period}&format=xlsx")
        self.assertEqual(page.status, 200)
        self.assertEqual(page.headers["Content-Type"],
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        book = zipfile.ZipFile(io.BytesIO(page.raw))
        sheets = ET.fromstring(book.read("xl/workbook.xml")).findall(".//x:sheet", NS)
        self.assertEqual([s.get("name") for s in sheets],
                         ["Sales by day", "Sales by route", "Sales by channel", "Revenue by fare brand"])
        day_sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
        amounts = [float(c.find("x:v", NS).text) for c in day_sheet.findall(".//x:c", NS)
                   if c.get("r", "").startswith("D") and c.get("r") != "D1"]
        self.assertAlmostEqual(sum(amounts), sum(a for _, a, _ in self.totals) / 100, places=2)

    def test_load_factor_by_route_equals_the_flights_counters(self):
        ahead = f"from={today_plus(0)}&to={today_plus(20)}"
        rows = self.csv_table("loads", "flight", period=ahead)
        self.assertEqual(rows[0][:3], ["Flight", "Day", "Route"])
        by_route = {row[0]: row for row in self.csv_table("loads", "route", period=ahead)[1:]}
        for flight_id, (origin, destination) in self.flights:
            inventory = self.server.inventory(flight_id)
            sold = sum(k["sold"] for c in inventory["cabins"] for k in c["classes"])
            number, day = inventory["flight_number"], inventory["departure_date"]
            row = next(r for r in rows[1:] if r[0] == number and r[1] == day)
            self.assertEqual(int(row[4]), sold, number)
        flights = [r for r in rows[1:] if r[2] == "CPH-BGO"]
        self.assertEqual(int(by_route["CPH-BGO"][1]), len(flights))
        self.assertEqual(int(by_route["CPH-BGO"][3]), sum(int(r[4]) for r in flights))
        capacity = sum(int(r[3]) for r in flights)
        self.assertEqual(int(by_route["CPH-BGO"][4]), (int(by_route["CPH-BGO"][3]) * 100 + capacity // 2) // capacity)

    def test_bookings_confirmed_and_cancelled_by_day(self):
        rows = self.csv_table("bookings", "day")
        self.assertEqual(rows[0], ["Day", "Confirmed", "Cancelled", "Holds expired"])
        self.assertEqual(len(rows), 4)  # three days, each listed
        self.assertEqual(sum(int(r[1]) for r in rows[1:]), len(self.totals))
        self.assertEqual(sum(int(r[2]) for r in rows[1:]), 1)
        bgo = self.csv_table("bookings", "day", "&origin=BGO")
        self.assertEqual(sum(int(r[1]) for r in bgo[1:]), 1)

    def test_bad_filters_and_formats_are_refused(self):
        wrong = self.office.get(f"/reports/sales?from={today_plus(1)}&to={today_plus(-1)}")
        self.assertEqual(wrong.status, 422)
        self.assertIn('data-code="INVALID_PERIOD"', wrong.body)
        self.assertIn('data-code="INVALID_PERIOD"', self.office.get(f"/reports/loads?from=2026-01-01&to=2027-06-01").body)
        self.assertIn('data-code="INVALID_CHANNEL"', self.office.get(f"/reports/sales?{self.period}&channel=fax").body)
        self.assertEqual(self.office.get(f"/reports/sales?{self.period}&format=pdf").status, 404)
        self.assertEqual(self.office.get(f"/reports/sales?{self.period}&format=csv&table=nope").status, 404)


if __name__ == "__main__":
    unittest.main()
