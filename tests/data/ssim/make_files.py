#!/usr/bin/env python3
"""Writes the SSIM data-file cases beside this script: one valid data set per kind of change and one data set per
kind of malformed record, each `NAME.ssim` with the outcome `jetway ssim import --dry-run` must give beside it in
`NAME.expected` (its exit code, then what it prints, log lines left out). The cases are generated so each differs
from a good data set by exactly the fault it shows; run it again after changing a case. tests/http/test_ssim.py
runs them against the demo airline."""
import datetime
import pathlib
import zoneinfo

HERE = pathlib.Path(__file__).parent
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


def ssim_date(d):
    return f"{d.day:02d}{MONTHS[d.month - 1]}{d.year % 100:02d}"


def variation(zone, d, hhmm):
    local = datetime.datetime(d.year, d.month, d.day, int(hhmm[:2]), int(hhmm[2:]), tzinfo=zoneinfo.ZoneInfo(zone))
    minutes = int(local.utcoffset().total_seconds() // 60)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def record(fields):
    r = [" "] * 200
    for col, text in fields.items():
        r[col - 1:col - 1 + len(text)] = list(text)
    return "".join(r)


# A new line of the demo airline: X9 991 Copenhagen-Aalborg, Mondays to Fridays, in June 2030 (summer time).
FROM, TO = datetime.date(2030, 6, 3), datetime.date(2030, 6, 28)


def leg(**changes):
    f = {"airline": "X9 ", "number": " 991", "ivi": "0101", "service": "J", "from": ssim_date(FROM),
         "to": ssim_date(TO), "days": "12345  ", "origin": "CPH", "std": "0715",
         "dep_var": variation("Europe/Copenhagen", FROM, "0715"), "destination": "AAL", "sta": "0805",
         "arr_var": variation("Europe/Copenhagen", FROM, "0805"), "type": "DH4", "prbd": "JY", "config": "J8Y66",
         "shift": "  "}
    f.update(changes)
    return {1: "3", 3: f["airline"], 6: f["number"], 10: f["ivi"], 14: f["service"], 15: f["from"], 22: f["to"],
            29: f["days"], 37: f["origin"], 40: f["std"] + f["std"], 48: f["dep_var"], 55: f["destination"],
            58: f["sta"] + f["sta"], 66: f["arr_var"], 73: f["type"], 76: f["prbd"], 173: f["config"],
            193: f["shift"]}


def segment(**changes):
    """A segment data record (type 4) of leg()'s flight: its data element is one jetway does not hold."""
    f = {"number": " 991", "dei": "010", "board": "CPH", "off": "AAL"}
    f.update(changes)
    return {1: "4", 3: "X9 ", 6: f["number"], 10: "0101", 14: "J", 29: "AB", 31: f["dei"], 34: f["board"],
            37: f["off"], 40: "KATTEGAT AIR"}


def data_set(legs, carrier=None, trailer=None, breaks=True, drop_serial_of=None):
    """Header, carrier, legs and trailer, each block of five filled with '0' records."""
    records = []
    serial = 0

    def add(fields, check=False):
        nonlocal serial
        serial += 1
        if check:
            fields = {**fields, 188: f"{serial - 1:06d}E"}
        if serial != drop_serial_of:
            fields = {**fields, 195: f"{serial:06d}"}
        records.append(record(fields))

    def fill():
        while len(records) % 5:
            records.append("0" * 200)

    add({1: "1AIRLINE STANDARD SCHEDULE DATA SET", 41: "1", 192: "001"})
    fill()
    add(carrier or {1: "2LX9", 11: "S30", 15: ssim_date(FROM) + ssim_date(TO) + "01JAN30KATTEGAT AIR",
                    65: "01JAN30C"})
    for fields in legs:
        add(fields)
    add(trailer or {1: "5 X9 01JAN30"}, check=True)
    fill()
    return ("\n".join(records) + "\n") if breaks else "".join(records)


CASES = {
    # Valid: a line jetway does not have yet, with and without line breaks.
    "valid_new_line": data_set([leg()]),
    "valid_without_line_breaks": data_set([leg()], breaks=False),
    # A new aircraft for the airline: added with the line.
    "valid_new_aircraft": data_set([leg(type="AT7", config="Y72", prbd="Y")]),
    # Segment data after its leg: read and checked, left out (jetway holds no segment data), the line still added.
    "valid_segment_data": data_set([leg(), segment()]),
    # Malformed records, one fault each.
    "bad_days": data_set([leg(days="12395  ")]),
    "bad_departure_time": data_set([leg(std="0775")]),
    "bad_variation": data_set([leg(dep_var="+0100")]),
    "bad_date": data_set([leg(**{"from": "31JUN30"})]),
    "bad_period": data_set([leg(**{"from": ssim_date(TO), "to": ssim_date(FROM)})]),
    "unknown_airport": data_set([leg(destination="ZZZ")]),
    "bad_configuration": data_set([leg(config="J8Y66X")]),
    "configuration_differs": data_set([leg(config="J10Y60")]),
    "bad_serial": data_set([leg()], drop_serial_of=3),
    # UTC times: 05:15 UTC is 07:15 in Copenhagen in June, so this is valid_new_line's flight.
    "valid_utc_time_mode": data_set([leg(std="0515", sta="0605")],
                                    carrier={1: "2UX9", 11: "S30", 15: ssim_date(FROM) + ssim_date(TO)}),
    "unknown_airline": data_set([leg(airline="ZZ ")], carrier={1: "2LZZ", 15: ssim_date(FROM) + ssim_date(TO)},
                                trailer={1: "5 ZZ 01JAN30"}),
    "leg_of_another_carrier": data_set([leg(airline="Q9 ")]),
    "block_time_too_long": data_set([leg(sta="0700", shift=" 1")]),
    "truncated": data_set([leg()], breaks=False)[:-50],
    "unknown_record_type": data_set([leg()]).replace("\n3 X9", "\n7 X9", 1),
    "cargo_service_type": data_set([leg(service="F")]),
    "fortnightly": data_set([leg()]).replace("12345   CPH", "12345  2CPH", 1),
    "cabin_not_held": data_set([leg(type="ER4", config="C20Y150", prbd="CY")]),
    "segment_of_no_leg": data_set([leg(), segment(number=" 992")]),
    "bad_segment_dei": data_set([leg(), segment(dei="1A0")]),
    "several_faults": data_set([leg(days="1234   ", std="2400", origin="C1H"), leg(number=" 992", sta="9999")]),
    # The records around the legs: a header of another title, a carrier in neither local nor UTC time and one whose
    # period of validity ends before it begins, a trailer whose check names the wrong record.
    "bad_header_title": data_set([leg()]).replace("1AIRLINE STANDARD SCHEDULE DATA SET", "1AIRLINE SCHEDULE DATA SET  "
                                                                                        "       ", 1),
    "bad_carrier_time_mode": data_set([leg()], carrier={1: "2XX9", 11: "S30", 15: ssim_date(FROM) + ssim_date(TO)}),
    "bad_carrier_validity": data_set([leg()], carrier={1: "2LX9", 11: "S30", 15: ssim_date(TO) + ssim_date(FROM)}),
    "bad_trailer_check": data_set([leg()]).replace("000003E000004", "000002E000004", 1),
}


def main():
    for name, text in CASES.items():
        (HERE / f"{name}.ssim").write_text(text)
    print(f"{len(CASES)} cases written; write each NAME.expected from a reviewed run")


if __name__ == "__main__":
    main()
