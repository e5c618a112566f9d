"""`jetway ssim export` and `jetway ssim import`: the data-file cases in tests/data/ssim (each file's outcome beside it),
export → import → export byte for byte, a new line added, a retimed flight applied (and one with bookings only when
confirmed), a day cut out of a period (its flight cancelled, exported as the cut), a retime from a day on (the line
cut there, only the later flights moved), on the demo airline (SQLite, or the PostgreSQL cluster of the suite's second pass)."""
import datetime
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

from jw import JETWAY_BIN, Server, adults, card, psql_each, today_plus

CASES = pathlib.Path(__file__).resolve().parent.parent / "data" / "ssim"


def renumbered(records):
    """Records after some were taken out: serial numbers 000001 upward again, each trailer checking the one before."""
    out, serial = [], 0
    for r in records:
        if set(r) == {"0"}:
            out.append(r)
            continue
        serial += 1
        if r.startswith("5"):
            r = r[:187] + f"{serial - 1:06d}" + r[193:]
        out.append(r[:194] + f"{serial:06d}")
    return "\n".join(out) + "\n"


MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


def ssim_date(day):
    return f"{day.day:02d}{MONTHS[day.month - 1]}{day.year % 100:02d}"


def parse_ssim_date(text):
    return datetime.date(2000 + int(text[5:7]), MONTHS.index(text[2:5]) + 1, int(text[:2]))


def period(record):
    """A flight leg record's period of operation (columns 15-28)."""
    return parse_ssim_date(record[14:21]), parse_ssim_date(record[21:28])


def book_cph_ham(server, last_name):
    """The first direct CPH-HAM flight five days ahead, and one adult booked and paid on it."""
    status, body, _ = server.search("CPH", "HAM", today_plus(5))
    segment = next(j["segments"][0] for j in body["outbound"] if len(j["segments"]) == 1)
    status, held, _ = server.hold([{"flight_id": segment["flight_id"], "booking_class": "M"}], adults=1)
    assert status == 201, held
    status, paid, _ = server.confirm(held["locator"], adults(1, last=last_name), card())
    assert status == 200, paid
    return segment, held


def line_of(segment):
    """The start of the flight leg records of `segment`'s line (X9, its flight number)."""
    return f"3 X9 {int(segment['flight_number'][2:]):>4}"


def legs_of(text, prefix):
    """The data set's flight leg records that start with `prefix`."""
    return [r for r in text.splitlines() if r.startswith(prefix)]


def with_line_changed(exported, prefix, change):
    """The exported data set with `change` made to each flight leg record that starts with `prefix`."""
    records = exported.splitlines()
    assert any(r.startswith(prefix) for r in records), prefix
    return "\n".join(change(r) if r.startswith(prefix) else r for r in records) + "\n"


def departing_five_minutes_later(exported, prefix):
    """The exported data set with the line whose records start with `prefix` leaving five minutes later every day."""
    minutes = lambda hhmm: int(hhmm[:2]) * 60 + int(hhmm[2:])
    later = lambda hhmm: f"{(minutes(hhmm) + 5) // 60:02d}{(minutes(hhmm) + 5) % 60:02d}"
    return with_line_changed(exported, prefix, lambda r: r[:39] + later(r[39:43]) * 2 + r[47:])


def confirmation_box(page):
    """The attributes after the bookings confirmation's name in the page's apply form (its checkbox: "" unticked),
    or None when the form or the box is not there."""
    form = re.search(r'<form [^>]*data-form="apply".*?</form>', page, re.S)
    box = form and re.search(r'<input type="checkbox"[^>]*name="confirm_bookings" value="yes"([^>]*)>', form.group(0))
    return box.group(1).strip() if box else None


class SsimTest(unittest.TestCase):
    def setUp(self):
        # Each test its own demo airline: an import changes the schedule the next test starts from.
        self.server = Server()
        self.server.start()
        self.work = tempfile.mkdtemp(prefix="jetway-ssim-")

    def tearDown(self):
        self.server.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def jetway(self, *args, expect=0):
        done = subprocess.run([JETWAY_BIN, *args, "--data-dir", self.server.data_dir], env=self.server.env,
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, expect, done.stderr[-2000:])
        if args[:2] == ("ssim", "import"):
            # Another process's commit reaches the server's searches through its change feed, within its poll
            # (5 ms; a CI run once searched before the server's next read under load).
            self.server.follow_feed()
        return done

    def export(self):
        path = os.path.join(self.work, "export.ssim")
        self.jetway("ssim", "export", "--output", path)
        return pathlib.Path(path).read_text()

    def book_fjordfly(self, flight_id, last_name):
        """One adult held and paid on a Fjordfly flight (which asks every passenger's nationality and birth date)."""
        status, held, _ = self.server.hold([{"flight_id": flight_id, "booking_class": "Y"}], adults=1)
        self.assertEqual(status, 201, held)
        passengers = [{**p, "nationality": "NO", "date_of_birth": "1980-04-02"} for p in adults(1, last=last_name)]
        status, paid, _ = self.server.confirm(held["locator"], passengers, card())
        self.assertEqual(status, 200, paid)
        return held

    def outcome(self, done):
        """Exit code and the lines a person reads (log lines left out), as the .expected files have them."""
        lines = [line for line in (done.stdout + done.stderr).splitlines() if not line.startswith("{")]
        return "\n".join([f"exit {done.returncode}", *lines]) + "\n"

    def test_every_data_file_case_gives_its_expected_outcome(self):
        cases = sorted(CASES.glob("*.ssim"))
        self.assertGreaterEqual(len(cases), 15)
        for case in cases:
            with self.subTest(case=case.stem):
                expected = case.with_suffix(".expected").read_text()
                done = subprocess.run([JETWAY_BIN, "ssim", "import", str(case), "--dry-run", "--data-dir",
                                       self.server.data_dir], env=self.server.env, capture_output=True, text=True,
                                      timeout=300)
                self.assertEqual(self.outcome(done), expected)

    def test_a_data_file_with_problems_imports_nothing_when_applied(self):
        # The cases above run as dry runs; here each refused one is applied for real, and the schedule (its export)
        # must be what it was, with the same report.
        before = self.export()
        refused = [case for case in sorted(CASES.glob("*.ssim"))
                   if not case.with_suffix(".expected").read_text().startswith("exit 0\n")]
        self.assertGreaterEqual(len(refused), 15)
        for case in refused:
            with self.subTest(case=case.stem):
                done = subprocess.run([JETWAY_BIN, "ssim", "import", str(case), "--data-dir", self.server.data_dir],
                                      env=self.server.env, capture_output=True, text=True, timeout=300)
                self.assertEqual(self.outcome(done), case.with_suffix(".expected").read_text())
                self.assertEqual(self.export(), before)

    def refuse_line(self, flight_number):
        """A trigger in the data database that fails the insert of line `flight_number`: a step of an import failing
        after the plan was read (as a database error would, or a booking made meanwhile)."""
        if self.server.pg_prefix:
            psql_each(["CREATE FUNCTION jw_refuse_line() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$BEGIN RAISE EXCEPTION 'refused by the test'; END$$",
                       "CREATE TRIGGER jw_refuse_line BEFORE INSERT ON schedules FOR EACH ROW "
                       f"WHEN (NEW.flight_number = {flight_number}) EXECUTE FUNCTION jw_refuse_line()"],
                      database=f"{self.server.pg_prefix}_data")
        else:
            with sqlite3.connect(os.path.join(self.server.data_dir, "data.db")) as db:
                db.execute(f"CREATE TRIGGER jw_refuse_line BEFORE INSERT ON schedules "
                           f"WHEN NEW.flight_number = {flight_number} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")

    def test_an_import_whose_step_fails_while_applying_keeps_nothing(self):
        # Two new lines, X9 991 and 992; the second cannot be written. The first must not stay either.
        two = with_line_changed((CASES / "valid_new_line.ssim").read_text(), "3 X9  991", lambda r: r)
        records = two.splitlines()
        at = next(i for i, r in enumerate(records) if r.startswith("3 X9  991"))
        records.insert(at + 1, records[at].replace("3 X9  991", "3 X9  992", 1))
        path = os.path.join(self.work, "two.ssim")
        pathlib.Path(path).write_text(renumbered([r for r in records if set(r) != {"0"}]))
        planned = self.jetway("ssim", "import", path, "--dry-run")
        self.assertEqual(planned.stdout.count("line_added"), 2, planned.stdout)
        before = self.export()
        self.refuse_line(992)
        failed = subprocess.run([JETWAY_BIN, "ssim", "import", path, "--data-dir", self.server.data_dir],
                                env=self.server.env, capture_output=True, text=True, timeout=300)
        self.assertNotEqual(failed.returncode, 0, failed.stdout)
        self.assertIn("refused by the test", failed.stderr)
        self.assertNotIn("imported", failed.stdout)
        self.assertEqual(self.export(), before)

    def test_export_import_export_is_byte_identical_and_a_retime_applies(self):
        first = self.export()
        records = first.splitlines()
        self.assertTrue(all(len(r) == 200 for r in records))
        self.assertEqual(len(records) % 5, 0)
        self.assertEqual([r[0] for r in records if r[0] != "0"][:2], ["1", "2"])
        path = os.path.join(self.work, "same.ssim")
        pathlib.Path(path).write_text(first)
        again = self.jetway("ssim", "import", path)
        self.assertNotIn("line_added", again.stdout)
        self.assertNotIn("line_changed", again.stdout)
        self.assertIn("imported", again.stdout)
        self.assertEqual(self.export(), first)
        # Fjordfly's Oslo-Trondheim leaves ten minutes later all year: every leg of that line retimed.
        retimed = "\n".join(r[:39] + "07200720" + r[47:] if r.startswith("3 Q9  401") else r
                            for r in records) + "\n"
        self.assertNotEqual(retimed, first)
        pathlib.Path(path).write_text(retimed)
        done = self.jetway("ssim", "import", path)
        self.assertIn("line_changed record", done.stdout)
        self.assertIn("Q9 401 OSL-TRD", done.stdout)
        self.assertEqual(self.export(), retimed)
        status, body, _ = self.server.search("OSL", "TRD", today_plus(3))
        self.assertEqual(status, 200, body)
        times = [j["segments"][0]["departure_local"] for j in body["outbound"]
                 if j["segments"][0]["flight_number"] == "Q9401"]
        self.assertTrue(times and all("07:20" in t for t in times), times)

    def test_a_new_line_is_added_once(self):
        case = str(CASES / "valid_new_line.ssim")
        done = self.jetway("ssim", "import", case)
        self.assertIn("line_added record 7: X9 991 CPH-AAL", done.stdout)
        self.assertIn("X9  9910101J03JUN3028JUN3012345", self.export())
        again = self.jetway("ssim", "import", case)
        self.assertIn("unchanged record 7: X9 991", again.stdout)
        self.jetway("ssim", "export", "--airline", "ZZ", expect=2)
        # The same flight on Saturdays too is another line, not a change of the weekday one.
        saturdays = pathlib.Path(case).read_text().replace("J03JUN3028JUN3012345  ", "J03JUN3028JUN30     6 ")
        path = os.path.join(self.work, "saturdays.ssim")
        pathlib.Path(path).write_text(saturdays)
        self.assertIn("line_added record 7: X9 991 CPH-AAL 03JUN30-28JUN30 .....6.", self.jetway("ssim", "import", path).stdout)
        both = self.export()
        self.assertRegex(both, r"\n3 X9  991\d\d01J03JUN3028JUN3012345   CPH")
        self.assertRegex(both, r"\n3 X9  991\d\d01J03JUN3028JUN30     6  CPH")

    def test_a_new_aircraft_is_added_with_its_line_and_flies_it(self):
        done = self.jetway("ssim", "import", str(CASES / "valid_new_aircraft.ssim"))
        self.assertIn("aircraft_added record 7: X9 AT7 Y72", done.stdout)
        self.assertIn("line_added record 7: X9 991 CPH-AAL", done.stdout)
        legs = legs_of(self.export(), "3 X9  991")
        self.assertEqual(len(legs), 1, legs)
        self.assertEqual((legs[0][72:75], legs[0][172:175]), ("AT7", "Y72"))
        again = self.jetway("ssim", "import", str(CASES / "valid_new_aircraft.ssim"))
        self.assertIn("unchanged record 7: X9 991", again.stdout)
        self.assertNotIn("aircraft_added", again.stdout)

    def test_a_replacing_data_set_cancels_the_flights_of_lines_it_no_longer_names(self):
        records = self.export().splitlines()
        without = renumbered([r for r in records if not r.startswith("3 Q9  401")])
        path = os.path.join(self.work, "without.ssim")
        pathlib.Path(path).write_text(without)
        added_only = self.jetway("ssim", "import", path)
        self.assertNotIn("flights_cancelled", added_only.stdout, "without --replace an import only adds and changes")
        dry = self.jetway("ssim", "import", path, "--replace", "--dry-run")
        self.assertRegex(dry.stdout, r"flights_cancelled record \d+: Q9 401 OSL-TRD: \d+ flight\(s\) from")
        status, body, _ = self.server.search("OSL", "TRD", today_plus(2))
        self.assertIn("Q9401", [j["segments"][0]["flight_number"] for j in body["outbound"]], "a dry run changes nothing")
        self.jetway("ssim", "import", path, "--replace")
        status, body, _ = self.server.search("OSL", "TRD", today_plus(2))
        self.assertEqual(status, 200, body)
        self.assertNotIn("Q9401", [j["segments"][0]["flight_number"] for j in body["outbound"]])
        self.assertIn("unchanged", self.jetway("ssim", "import", path, "--replace").stdout)

    def test_a_day_cut_out_of_a_period_cancels_its_flight_and_a_cancelled_flight_is_exported_as_a_cut(self):
        first = self.export()
        records = first.splitlines()
        legs = [r for r in records if r.startswith("3 Q9  401")]  # Oslo-Trondheim, daily all year
        # A day strictly inside one of the line's legs (they end where the clocks change), ten days or more ahead.
        day = next(d for d in (datetime.date.today() + datetime.timedelta(days=n) for n in range(10, 30))
                   if any(period(r)[0] < d < period(r)[1] for r in legs))
        before, after = ssim_date(day - datetime.timedelta(days=1)), ssim_date(day + datetime.timedelta(days=1))
        cut = []
        for r in records:
            if r in legs and period(r)[0] < day < period(r)[1]:
                cut += [r[:21] + before + r[28:], r[:14] + after + r[21:]]
            else:
                cut.append(r)
        path = os.path.join(self.work, "cut.ssim")
        pathlib.Path(path).write_text(renumbered(cut))
        status, body, _ = self.server.search("OSL", "TRD", day.isoformat())
        flight = next(j["segments"][0] for j in body["outbound"] if j["segments"][0]["flight_number"] == "Q9401")
        held = self.book_fjordfly(flight["flight_id"], "Kielland")

        refused = self.jetway("ssim", "import", path, expect=1)
        self.assertRegex(refused.stdout, r"flights_cancelled record \d+: Q9 401 OSL-TRD: 1 flight\(s\) on the days "
                                         r"between the data set's 2 pieces of the line")
        self.assertIn(held["locator"], refused.stdout)
        self.assertIn("cancels flights with 1 booking(s): confirm to apply", refused.stderr)
        self.assertNotIn("line_changed", refused.stdout)
        status, body, _ = self.server.search("OSL", "TRD", day.isoformat())
        self.assertIn("Q9401", [j["segments"][0]["flight_number"] for j in body["outbound"]], "nothing was imported")

        done = self.jetway("ssim", "import", path, "--confirm-bookings")
        self.assertIn("re-accommodated 1 booking(s)", done.stdout)
        flights_on = lambda d: [j["segments"][0]["flight_number"] for j in
                                self.server.search("OSL", "TRD", d.isoformat())[1]["outbound"]]
        self.assertNotIn("Q9401", flights_on(day))
        self.assertIn("Q9401", flights_on(day + datetime.timedelta(days=1)))
        self.assertIn("Q9401", flights_on(day - datetime.timedelta(days=1)))
        # The passenger of the cancelled flight now flies the route's afternoon flight that day (Q9 403, the nearest
        # with seats in the cabin), and is told so by e-mail.
        afternoon = next(j["segments"][0] for j in self.server.search("OSL", "TRD", day.isoformat())[1]["outbound"]
                         if j["segments"][0]["flight_number"] == "Q9403")
        self.assertEqual(self.server.schedule_changes(held["locator"]),
                         [("MOVED", str(afternoon["flight_id"]), "")])
        self.assertEqual(self.server.mail_kinds(held["locator"]).count("schedule_change"), 1)
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}?last_name=Kielland")
        self.assertEqual((status, booking["status"]), (200, "CONFIRMED"), booking)
        self.assertEqual([s["flight_id"] for s in booking["segments"]], [afternoon["flight_id"]])

        # What jetway now holds is written as the same cut, and reads back as no change at all.
        exported = self.export()
        cut_legs = [r for r in exported.splitlines() if r.startswith("3 Q9  401")]
        self.assertEqual(len(cut_legs), len(legs) + 1, cut_legs)
        self.assertTrue(any(r[21:28] == before for r in cut_legs), cut_legs)
        self.assertTrue(any(r[14:21] == after for r in cut_legs), cut_legs)
        self.assertFalse(any(period(r)[0] <= day <= period(r)[1] for r in cut_legs), "no leg flies the cut day")
        pathlib.Path(path).write_text(exported)
        again = self.jetway("ssim", "import", path)
        self.assertRegex(again.stdout, r"unchanged record \d+: Q9 401 OSL-TRD")
        for kind in ("flights_cancelled", "line_changed", "line_added"):
            self.assertNotIn(kind, again.stdout)
        self.assertEqual(self.export(), exported)

        # The planning system's next file still flies that day: the flight stays cancelled, and the import says so.
        pathlib.Path(path).write_text(first)
        stays = self.jetway("ssim", "import", path)
        self.assertIn(f"(cancelled on {ssim_date(day)}: it stays so; the back office reinstates a flight)", stays.stdout)
        self.assertNotIn("Q9401", flights_on(day))
        self.assertEqual(self.export(), exported)

    def test_a_retime_from_a_day_on_cuts_the_line_there_and_moves_only_the_later_flights(self):
        first = self.export()
        records = first.splitlines()
        legs = [r for r in records if r.startswith("3 Q9  401")]  # Oslo-Trondheim 07:10, daily all year
        day = next(d for d in (datetime.date.today() + datetime.timedelta(days=n) for n in range(10, 30))
                   if any(period(r)[0] < d < period(r)[1] for r in legs))
        later = lambda r: r[:39] + "07200720" + r[47:57] + "08200820" + r[65:]  # ten minutes later
        retimed = []
        for r in records:
            if r not in legs or period(r)[1] < day:
                retimed.append(r)
            elif period(r)[0] < day:  # the leg the day falls in: 07:10 until the day before, 07:20 from it
                retimed += [r[:21] + ssim_date(day - datetime.timedelta(days=1)) + r[28:],
                            later(r[:14] + ssim_date(day) + r[21:])]
            else:
                retimed.append(later(r))
        path = os.path.join(self.work, "retimed.ssim")
        pathlib.Path(path).write_text(renumbered(retimed))
        flight_on = lambda d: next(j["segments"][0] for j in self.server.search("OSL", "TRD", d.isoformat())[1]["outbound"]
                                   if j["segments"][0]["flight_number"] == "Q9401")
        booked = flight_on(day + datetime.timedelta(days=1))
        held = self.book_fjordfly(booked["flight_id"], "Undset")

        refused = self.jetway("ssim", "import", path, expect=1)
        self.assertIn("moves or removes flights with 1 booking(s): confirm to apply", refused.stderr)
        self.assertIn(held["locator"], refused.stdout)
        self.assertRegex(refused.stdout, r"line_changed record \d+: Q9 401 OSL-TRD \S+-\S+ 1234567 0720-0820")
        self.assertNotIn("cannot", refused.stderr)
        self.assertIn("07:10", flight_on(day)["departure_local"], "nothing was imported")

        done = self.jetway("ssim", "import", path, "--confirm-bookings")
        self.assertIn("re-accommodated 1 booking(s)", done.stdout)
        self.assertIn("07:10", flight_on(day - datetime.timedelta(days=1))["departure_local"])
        self.assertIn("07:20", flight_on(day)["departure_local"])
        self.assertIn("07:20", flight_on(day + datetime.timedelta(days=1))["departure_local"])
        self.assertEqual(flight_on(day + datetime.timedelta(days=1))["flight_id"], booked["flight_id"],
                         "the booked flight is retimed, not replaced")
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}?last_name=Undset")
        self.assertEqual(booking["status"], "CONFIRMED")
        self.assertIn("07:20", booking["segments"][0]["departure_local"])
        # Ten minutes later still works: the passenger stays on the flight, and is told of the new time by e-mail.
        self.assertEqual(self.server.schedule_changes(held["locator"]), [("STAYS", str(booked["flight_id"]), "")])
        self.assertEqual(self.server.mail_kinds(held["locator"]).count("schedule_change"), 1)

        # jetway now holds two lines, written as the file said, and the file reads back as no change.
        exported = self.export()
        self.assertEqual([r[14:47] for r in exported.splitlines() if r.startswith("3 Q9  401")],
                         [r[14:47] for r in retimed if r.startswith("3 Q9  401")])
        pathlib.Path(path).write_text(exported)
        again = self.jetway("ssim", "import", path)
        for kind in ("flights_cancelled", "line_changed", "line_added"):
            self.assertNotIn(kind, again.stdout)
        self.assertEqual(self.export(), exported)

    def test_an_import_for_one_airline_leaves_the_data_sets_other_carriers_alone(self):
        exported = self.export()
        both = departing_five_minutes_later(departing_five_minutes_later(exported, "3 X9  142"), "3 Q9  401")
        path = os.path.join(self.work, "both.ssim")
        pathlib.Path(path).write_text(both)
        done = self.jetway("ssim", "import", path, "--airline", "Q9")
        self.assertRegex(done.stdout, r"line_changed record \d+: Q9 401 OSL-TRD")
        self.assertNotIn("X9 142", "".join(l for l in done.stdout.splitlines(True) if "line_changed" in l))
        after = self.export()
        self.assertEqual(legs_of(after, "3 Q9  401"), legs_of(both, "3 Q9  401"))
        self.assertNotEqual(legs_of(both, "3 X9  142"), legs_of(exported, "3 X9  142"))
        self.assertEqual(legs_of(after, "3 X9  142"), legs_of(exported, "3 X9  142"), "the other carrier's line")

    def test_a_smaller_aircraft_in_a_data_set_re_equips_the_line_and_its_booked_flight(self):
        segment, held = book_cph_ham(self.server, "Hammershoi")
        self.assertEqual([(c["cabin"], c["capacity"]) for c in self.server.inventory(segment["flight_id"])["cabins"]],
                         [("J", 12), ("Y", 100)], "an Embraer 195 to begin with")
        prefix = line_of(segment)
        # The demo's Dash 8-400 instead (aircraft type, columns 73-75; configuration, 173-192).
        smaller = with_line_changed(self.export(), prefix,
                                    lambda r: r[:72] + "DH4" + r[75:172] + "J8Y66".ljust(20) + r[192:])
        path = os.path.join(self.work, "smaller.ssim")
        pathlib.Path(path).write_text(smaller)
        refused = self.jetway("ssim", "import", path, expect=1)
        self.assertIn(held["locator"], refused.stdout)
        done = self.jetway("ssim", "import", path, "--confirm-bookings")
        number = int(segment["flight_number"][2:])
        self.assertRegex(done.stdout, rf"line_changed record \d+: X9 {number} CPH-HAM .* DH4")
        self.assertEqual([(c["cabin"], c["capacity"]) for c in self.server.inventory(segment["flight_id"])["cabins"]],
                         [("J", 8), ("Y", 66)])
        # One passenger fits the smaller aircraft, and the flight keeps its times: nothing changed for them, nothing to
        # tell (test_reaccommodation moves those a smaller aircraft cannot take).
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}?last_name=Hammershoi")
        self.assertEqual((status, booking["status"]), (200, "CONFIRMED"), booking)
        self.assertEqual([s["flight_id"] for s in booking["segments"]], [segment["flight_id"]])
        self.assertEqual(self.server.schedule_changes(held["locator"]), [])
        self.assertEqual(legs_of(self.export(), prefix), legs_of(smaller, prefix), "exported as imported")

    def test_a_retime_that_moves_booked_flights_needs_confirming(self):
        segment, held = book_cph_ham(self.server, "Blicher")
        retimed = departing_five_minutes_later(self.export(), line_of(segment))
        path = os.path.join(self.work, "booked.ssim")
        pathlib.Path(path).write_text(retimed)
        refused = self.jetway("ssim", "import", path, expect=1)
        self.assertIn("moves or removes flights with", refused.stderr)
        self.assertIn(held["locator"], refused.stdout)
        self.assertIn("nothing was imported", refused.stderr)
        done = self.jetway("ssim", "import", path, "--confirm-bookings")
        self.assertIn(held["locator"], done.stdout)
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}?last_name=Blicher")
        self.assertEqual(booking["status"], "CONFIRMED")
        self.assertNotEqual(booking["segments"][0]["departure_local"], segment["departure_local"])


class SsimOfficeTest(unittest.TestCase):
    """The back office's schedule files page: download, upload and preview, apply with its confirmation, audit."""

    def setUp(self):
        self.server = Server(admin=True)
        self.server.add_staff("planner@example.com", "schedules", "plans the summer season")
        self.server.add_staff("reader@example.com", "read_only", "only ever looks at things")
        self.server.add_staff("admin@example.com", "administrator", "keeps the whole office in order")
        self.server.start()

    def tearDown(self):
        self.server.close()

    def test_staff_download_preview_and_apply_a_data_set(self):
        office = self.server.office_browser("planner@example.com", "plans the summer season")
        page = office.get("/schedules")
        self.assertIn('href="/schedules/ssim"', page.body)
        page = office.get("/schedules/ssim")
        self.assertEqual(page.status, 200)
        exported = office.get("/schedules/ssim/export")
        self.assertEqual(exported.status, 200)
        text = exported.raw.decode()
        self.assertTrue(text.startswith("1AIRLINE STANDARD SCHEDULE DATA SET"))
        self.assertIn("\n2LX9 ", text)
        self.assertNotIn("\n3 Q9", text, "the site's airline only")
        csrf = page.form("/schedules/ssim/preview")["fields"]["csrf"]
        # A bad file: every problem listed, nothing to apply.
        bad = (CASES / "several_faults.ssim").read_bytes()
        refused = office.post_multipart("/schedules/ssim/preview", {"csrf": csrf}, {"file": ("bad.ssim", bad)})
        self.assertEqual(refused.status, 422)
        self.assertIn('data-table="problems"', refused.body)
        self.assertIn("passenger STA (62-65)", refused.body)
        self.assertNotIn('data-form="apply"', refused.body)
        # A new line: previewed (nothing changes yet), then applied.
        new = (CASES / "valid_new_line.ssim").read_bytes()
        preview = office.post_multipart("/schedules/ssim/preview", {"csrf": csrf}, {"file": ("x9.ssim", new)})
        self.assertEqual(preview.status, 200, preview.body[-800:])
        self.assertIn('data-action="line_added"', preview.body)
        self.assertNotIn("X9  991", office.get("/schedules/ssim/export").raw.decode())
        self.assertNotIn("data-segment-records", preview.body)
        # The same line with segment data after its leg: the page says what it leaves out.
        with_segment = (CASES / "valid_segment_data.ssim").read_bytes()
        noted = office.post_multipart("/schedules/ssim/preview", {"csrf": csrf}, {"file": ("x9.ssim", with_segment)})
        self.assertEqual(noted.status, 200, noted.body[-800:])
        self.assertIn('data-action="line_added"', noted.body)
        self.assertIn('data-segment-records="1"', noted.body)
        applied = office.submit(preview.form("/schedules/ssim/apply"))
        self.assertEqual(applied.status, 303, re.findall(r"<td lang=.en.>.{0,200}|data-code=.{0,200}", applied.body))
        self.assertIn("X9  9910101J03JUN3028JUN30", office.get("/schedules/ssim/export").raw.decode())
        admin = self.server.office_browser("admin@example.com", "keeps the whole office in order")
        self.assertIn("schedule.ssim_import", admin.get("/audit").body)
        # A season's file is larger than the public listener's 64 KiB: the back office takes up to 4 MiB.
        padded = new + (("0" * 200 + "\n") * 1500).encode()  # filler records, skipped: 300 KB in all
        self.assertGreater(len(padded), 256 * 1024)
        large = office.post_multipart("/schedules/ssim/preview", {"csrf": csrf}, {"file": ("x9.ssim", padded)})
        self.assertEqual(large.status, 200, large.body[-400:])
        self.assertIn('data-action="unchanged"', large.body)
        too_large = office.post_multipart("/schedules/ssim/preview", {"csrf": csrf},
                                          {"file": ("x9.ssim", b"0" * (4 * 1024 * 1024 + 100))})
        self.assertEqual(too_large.status, 413)
        # Reading is not changing.
        reader = self.server.office_browser("reader@example.com", "only ever looks at things")
        self.assertEqual(reader.get("/schedules/ssim/export").status, 200)
        self.assertNotIn('data-form="upload"', reader.get("/schedules/ssim").body)
        self.assertEqual(reader.post_multipart("/schedules/ssim/preview", {"csrf": csrf},
                                               {"file": ("x9.ssim", new)}).status, 403)

    def test_a_file_that_moves_a_booked_flight_names_its_bookings_and_applies_only_when_confirmed(self):
        segment, held = book_cph_ham(self.server, "Dinesen")
        office = self.server.office_browser("planner@example.com", "plans the summer season")
        csrf = office.get("/schedules/ssim").form("/schedules/ssim/preview")["fields"]["csrf"]
        retimed = departing_five_minutes_later(office.get("/schedules/ssim/export").raw.decode(), line_of(segment))
        preview = office.post_multipart("/schedules/ssim/preview", {"csrf": csrf},
                                        {"file": ("retimed.ssim", retimed.encode())})
        self.assertEqual(preview.status, 200, preview.body[-800:])
        changed = re.findall(r'<tr data-action="line_changed">.*?</tr>', preview.body, re.S)
        self.assertEqual(len(changed), 1, changed)
        self.assertIn(held["locator"], changed[0], "the preview names the bookings on the flights it moves")
        self.assertEqual(confirmation_box(preview.body), "", "the apply form asks for the confirmation, unticked")
        refused = office.submit(preview.form("/schedules/ssim/apply"))
        self.assertEqual(refused.status, 422, refused.body[-800:])
        self.assertIn("confirm to apply", refused.body)
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}?last_name=Dinesen")
        self.assertEqual(booking["segments"][0]["departure_local"], segment["departure_local"], "nothing was applied")
        self.assertEqual(self.server.schedule_changes(held["locator"]), [])
        self.assertEqual(confirmation_box(refused.body), "", "the same data set, ready to apply once confirmed")
        applied = office.submit(refused.form("/schedules/ssim/apply"), confirm_bookings="yes")
        self.assertEqual(applied.status, 303, applied.body[-800:])
        # The passenger stays on the retimed flight and is told of its new time by e-mail.
        self.assertEqual(self.server.schedule_changes(held["locator"]), [("STAYS", str(segment["flight_id"]), "")])
        self.assertIn("schedule_change", self.server.mail_kinds(held["locator"]))
        status, booking, _ = self.server.request("GET", f"/api/v1/bookings/{held['locator']}?last_name=Dinesen")
        self.assertEqual(status, 200, booking)
        self.assertNotEqual(booking["segments"][0]["departure_local"], segment["departure_local"])


if __name__ == "__main__":
    unittest.main()
