#include "schedule/schedule.hpp"

#include <fmt/core.h>

#include "core/codes.hpp"

namespace jetway::schedule {

using core::ErrorKind;
using core::Fail;

core::Result<unsigned> ParseDaysOfOperation(const std::string& text) {
  unsigned mask = 0;
  if (text.empty() || text.size() > 7) return Fail(ErrorKind::kInvalid, "INVALID_DAYS", "days of operation must be like 1234567 or 1.3.5.7", "days_of_operation");
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' || c == ' ') continue;
    if (c < '1' || c > '7') return Fail(ErrorKind::kInvalid, "INVALID_DAYS", "days of operation use digits 1 (Monday) to 7 (Sunday)", "days_of_operation");
    unsigned bit = 1u << (c - '1');
    if (mask & bit) return Fail(ErrorKind::kInvalid, "INVALID_DAYS", "a day of operation is repeated", "days_of_operation");
    mask |= bit;
  }
  if (mask == 0) return Fail(ErrorKind::kInvalid, "INVALID_DAYS", "no day of operation given", "days_of_operation");
  return mask;
}

core::Result<void> Validate(const ScheduleLine& line) {
  if (!core::IsAirlineDesignator(line.airline)) return Fail(ErrorKind::kInvalid, "INVALID_AIRLINE", "airline designator must be two letters or digits", "airline");
  if (line.flight_number < 1 || line.flight_number > 9999) return Fail(ErrorKind::kInvalid, "INVALID_FLIGHT_NUMBER", "flight number must be 1-9999", "flight_number");
  if (!core::IsAirportCode(line.origin)) return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "origin must be an IATA airport code", "origin");
  if (!core::IsAirportCode(line.destination)) return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "destination must be an IATA airport code", "destination");
  if (line.origin == line.destination) return Fail(ErrorKind::kInvalid, "SAME_AIRPORT", "origin and destination must differ", "destination");
  if (line.departure_local_minutes < 0 || line.departure_local_minutes >= 24 * 60) return Fail(ErrorKind::kInvalid, "INVALID_TIME", "departure time must be 00:00-23:59", "departure_local");
  if (line.arrival_local_minutes < 0 || line.arrival_local_minutes >= 24 * 60) return Fail(ErrorKind::kInvalid, "INVALID_TIME", "arrival time must be 00:00-23:59", "arrival_local");
  if (line.arrival_day_offset < -1 || line.arrival_day_offset > 2) return Fail(ErrorKind::kInvalid, "INVALID_DAY_OFFSET", "arrival day offset must be -1 to 2", "arrival_day_offset");
  if (!line.valid_from.ok() || !line.valid_to.ok() || line.valid_to < line.valid_from) return Fail(ErrorKind::kInvalid, "INVALID_PERIOD", "validity period must end on or after its start", "valid_to");
  if (auto days = ParseDaysOfOperation(line.days_of_operation); !days) return std::unexpected(days.error());
  return {};
}

core::Result<std::vector<DatedFlight>> Expand(const ScheduleLine& line, const date::time_zone* origin_zone,
                                              const date::time_zone* destination_zone) {
  if (auto ok = Validate(line); !ok) return std::unexpected(ok.error());
  const unsigned mask = *ParseDaysOfOperation(line.days_of_operation);
  std::vector<DatedFlight> flights;
  for (auto day = line.valid_from; day <= line.valid_to; day = core::AddDays(day, 1)) {
    if (!(mask & (1u << (core::IsoWeekday(day) - 1)))) continue;
    DatedFlight flight{line.airline, line.flight_number, day, line.origin, line.destination, {}, {}};
    flight.departure_utc = core::LocalToUtc(origin_zone, day, line.departure_local_minutes);
    flight.arrival_utc =
        core::LocalToUtc(destination_zone, core::AddDays(day, line.arrival_day_offset), line.arrival_local_minutes);
    const auto block = std::chrono::duration_cast<std::chrono::minutes>(flight.arrival_utc - flight.departure_utc);
    if (block.count() <= 0 || block.count() > kMaxBlockMinutes)
      return Fail(ErrorKind::kInvalid, "INVALID_BLOCK_TIME",
                  fmt::format("{}{} on {} would take {} minutes; check the times and arrival day offset",
                              line.airline, line.flight_number, core::FormatIsoDate(day), block.count()),
                  "arrival_local");
    flights.push_back(std::move(flight));
  }
  return flights;
}

}  // namespace jetway::schedule
