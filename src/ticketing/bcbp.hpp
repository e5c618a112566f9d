// IATA Resolution 792 bar-coded boarding passes, format M: the string a PDF417 or Aztec symbol carries, written
// and read back field by field (../shared/reference/iata.md §5). One to four legs: the mandatory section (60
// characters for the first leg, 37 for each further one), the conditional section with its version, the unique block
// once after the first leg and a repeated block per leg; security data are not written. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace jetway::ticketing {

struct BoardingLeg {
  std::string pnr;            // operating carrier's record locator, up to 7
  std::string from;           // IATA airport codes
  std::string to;
  std::string carrier;        // operating carrier designator, 2-3
  int flight_number = 0;      // 1..9999
  char flight_suffix = ' ';   // operational suffix or space
  int day_of_year = 0;        // of the local departure date, 1..366
  char compartment = 'Y';
  std::string seat;           // "004A"; "INF" for an infant on a lap; "" none yet
  int sequence = 0;           // check-in sequence number, 0..9999
  char passenger_status = '1';  // '0' not checked in, '1' checked in, …
  // The repeated conditional block.
  std::string ticket_number;  // 13 digits; "" none
  char selectee = '0';
  char document_verification = '0';  // '0' not required, '1' required, '2' performed
  std::string marketing_carrier;
  std::string frequent_flyer_airline;
  std::string frequent_flyer_number;
  std::string baggage_allowance;  // "20K", "1PC", "" none
  char fast_track = 'N';
};

struct BoardingPass {
  std::string name;  // "SURNAME/GIVEN", upper case; cut to 20
  // The unique conditional block.
  char passenger_description = '0';  // '0' adult, '1' male, '2' female, '3' child, '4' infant, …
  char checkin_source = 'W';         // W web, K kiosk, O airport agent, …
  char issuance_source = 'W';
  std::string issue_date;            // "YDDD": the year's last digit and the day of the year
  char document_type = 'B';          // B boarding pass
  std::string issuer;                // airline designator of the issuer
  std::vector<BoardingLeg> legs;     // 1..4
};

// The barcode's text. INVALID_BOARDING_PASS when a field does not fit its place (no legs or more than four, a name
// with characters outside A-Z, space, '/', '-', a flight number out of range, …).
core::Result<std::string> EncodeBcbp(const BoardingPass& pass);
// Reads a format-M string back (what a gate scanner hands over); INVALID_BARCODE saying where it is wrong.
core::Result<BoardingPass> DecodeBcbp(std::string_view text);

// A seat as Resolution 792 writes it: "2D" → "002D" (three-digit row, letter); anything else unchanged.
std::string SeatField(std::string_view seat);

// The day of the year (1..366) of an ISO date "2026-03-14" (→ 73); and "YDDD" (→ "6073").
int DayOfYear(std::string_view iso_date);
std::string IssueDate(std::string_view iso_date);

}  // namespace jetway::ticketing
