// The rules of web check-in that need no database: when a flight's check-in is open (by default from 30 hours to
// 1 hour before departure, per airport), whether a route needs each passenger's travel document (international
// routes), whether the document given will do on the day of travel, and how a boarding pass describes the
// passenger. Pure functions over values.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "booking/pnr.hpp"
#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace jetway::booking {

struct CheckInWindow {
  std::chrono::minutes opens_before{30 * 60};
  std::chrono::minutes closes_before{60};
};

// Boarding starts this long before departure and the gate closes this long before it: what a boarding pass prints.
inline constexpr std::chrono::minutes kBoardingStartsBefore{30};
inline constexpr std::chrono::minutes kGateClosesBefore{15};

// CHECK_IN_NOT_OPEN (saying when it opens, UTC) before the window, CHECK_IN_CLOSED after it.
core::Result<void> CheckWindow(const CheckInWindow& window, core::Instant departure, core::Instant now);

// A route between two countries needs every passenger's travel document (APIS).
bool DocumentsRequired(std::string_view origin_country, std::string_view destination_country);

// DOCUMENT_REQUIRED when the passenger gave none, DOCUMENT_EXPIRED when it expires before the day of travel.
core::Result<void> CheckDocument(const Passenger& passenger, core::LocalDate travel_date, int passenger_number);

// The name a boarding pass carries, "HANSEN/IDA": letters, '/', space and '-' only, at most 20 characters (the
// field's width); what a gate's scan is matched against.
std::string PassName(const Passenger& passenger);

// Resolution 792's source of check-in for who checked the passenger in: 'O' the airport's agent (departure.control,
// a desk or the airline's airport system), 'W' the booking site, 'T' a town agent (a travel agency, the airline's
// office), 'V' a third party (API v1, a partner).
char CheckInSource(const core::Actor& actor);

// Resolution 792's passenger description: '4' infant, '3' child, '1' male (MR, MSTR), '2' female (MRS, MS, MISS),
// '0' an adult otherwise.
char PassengerDescription(const Passenger& passenger);

}  // namespace jetway::booking
