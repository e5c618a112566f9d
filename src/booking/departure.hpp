// Departure control's rules that need no database: what a no-show's coupon becomes when the flight closes, whether a
// scanned boarding pass is for the flight at the gate, and the flight's manifest and APIS passenger list as tables.
// Pure functions over values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "reports/table.hpp"
#include "ticketing/bcbp.hpp"

namespace jetway::booking {

// A no-show's coupon at flight close, by the fare it was sold with: a refundable or changeable fare's coupon stays
// open (its value refunded or rebooked by that fare's rule, on request); one that allows neither is closed (Z): none
// of it can be used again, and only its taxes are owed back (charged for flying, not the airline's to keep).
enum class NoShowOutcome { kKeptOpen, kClosed };
NoShowOutcome NoShowRule(bool refundable, bool changeable);
std::string_view ToString(NoShowOutcome outcome);  // "KEPT_OPEN", "CLOSED"

// The flight at the gate, as a Resolution 792 leg names it.
struct GateFlight {
  std::string carrier;
  int flight_number = 0;
  int day_of_year = 0;  // of the local departure date
  std::string origin;
  std::string destination;
};

// The leg of `pass` for `flight`; WRONG_FLIGHT saying which flight the pass is for when none is.
core::Result<ticketing::BoardingLeg> LegFor(const ticketing::BoardingPass& pass, const GateFlight& flight);

// One passenger of a flight as the manifest and the APIS list show them.
struct ManifestLine {
  std::string locator;
  int passenger = 0;
  std::string name;        // "HANSEN/IDA MS"
  std::string pax_type;    // ADT, CHD, INF
  std::string infant_of;   // the adult's name, for an infant on a lap
  std::string seat;
  int sequence = 0;        // 0: not checked in
  std::string status;      // BOARDED, CHECKED_IN, NOT_CHECKED_IN, NO_SHOW
  std::string ticket;      // 13 digits
  int bags = 0;            // checked bags the fare includes
  std::string ssrs;        // "WCHR VGML": special service requests
  std::string date_of_birth, nationality, document_type, document_number, document_country, document_expiry;
  std::string gender;      // M, F, or "" (from the title: MR, MSTR; MRS, MS, MISS)
  std::string docs;        // the travel data as SSR DOCS (booking/docs.hpp); "" when there is none
};

// The passenger manifest: everyone booked on the flight with their status, and the APIS list: those who boarded,
// with their travel data, for the authorities of the route (countries as ISO alpha-3, as APIS carries them, and the
// SSR DOCS element).
reports::Table ManifestTable(const std::vector<ManifestLine>& lines);
reports::Table ApisTable(const std::vector<ManifestLine>& lines, const GateFlight& flight, std::string_view date);

}  // namespace jetway::booking
