// A schedule line (flight number, airports, local times, days of operation, validity period, cabin config) and
// its expansion into dated flights whose UTC times come from each airport's time zone. Pure: the caller supplies
// the zones, so a DST switch or a next-day arrival is computed here and tested without a database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace jetway::schedule {

struct ScheduleLine {
  std::string airline;
  int flight_number = 0;
  std::string origin;
  std::string destination;
  int departure_local_minutes = 0;  // minutes after local midnight at the origin
  int arrival_local_minutes = 0;    // minutes after local midnight at the destination
  int arrival_day_offset = 0;       // 0 same day, 1 next day, -1 previous day (westbound over the date line)
  std::string days_of_operation;    // SSIM style: "1234567" or "1.3.5.7"; Monday = 1
  core::LocalDate valid_from;
  core::LocalDate valid_to;
  std::int64_t config_id = 0;
};

struct DatedFlight {
  std::string airline;
  int flight_number = 0;
  core::LocalDate departure_date;  // local date at the origin, part of the flight's identity
  std::string origin;
  std::string destination;
  core::Instant departure_utc;
  core::Instant arrival_utc;
};

// Longest block time accepted; anything longer is a data-entry error for a regional airline.
inline constexpr int kMaxBlockMinutes = 20 * 60;

// Parses days of operation into a Monday-first mask; accepts "1234567", "1.3.5.7", "1 3 5 7".
core::Result<unsigned> ParseDaysOfOperation(const std::string& text);
core::Result<void> Validate(const ScheduleLine& line);
core::Result<std::vector<DatedFlight>> Expand(const ScheduleLine& line, const date::time_zone* origin_zone,
                                              const date::time_zone* destination_zone);

}  // namespace jetway::schedule
