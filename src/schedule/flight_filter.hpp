// Which dated flights a staff change or view covers: an airline (or all), a flight number, a route, a period of
// departure dates (local at the origin) and days of the week. Pure; the services match it against stored flights.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"

namespace jetway::schedule {

// Longest period one change or view covers: a year and a leap day, a whole season with room to spare.
inline constexpr int kMaxFilterDays = 366;

struct FlightFilter {
  std::string airline;                // "" for every airline the deployment hosts
  std::optional<int> flight_number;
  std::string origin;                 // "" for any
  std::string destination;            // "" for any
  core::LocalDate from;
  core::LocalDate to;
  unsigned weekdays = 0x7f;           // Monday = bit 0, as days of operation

  bool Matches(const std::string& airline_of, int flight_number_of, const std::string& origin_of,
               const std::string& destination_of, core::LocalDate departure_date) const;
};

// INVALID_PERIOD (to before from, or longer than kMaxFilterDays), INVALID_AIRPORT, INVALID_FLIGHT_NUMBER,
// INVALID_DAYS (no day of the week).
core::Result<void> Validate(const FlightFilter& filter);

}  // namespace jetway::schedule
