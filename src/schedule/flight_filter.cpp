#include "schedule/flight_filter.hpp"

#include <fmt/core.h>

#include "core/codes.hpp"

namespace jetway::schedule {

using core::ErrorKind;
using core::Fail;

bool FlightFilter::Matches(const std::string& airline_of, int flight_number_of, const std::string& origin_of,
                           const std::string& destination_of, core::LocalDate departure_date) const {
  if (!airline.empty() && airline != airline_of) return false;
  if (flight_number && *flight_number != flight_number_of) return false;
  if (!origin.empty() && origin != origin_of) return false;
  if (!destination.empty() && destination != destination_of) return false;
  if (departure_date < from || to < departure_date) return false;
  return (weekdays >> (core::IsoWeekday(departure_date) - 1)) & 1u;
}

core::Result<void> Validate(const FlightFilter& filter) {
  if (!filter.airline.empty() && !core::IsAirlineDesignator(filter.airline))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRLINE", "airline designator must be two letters or digits", "airline");
  if (filter.flight_number && (*filter.flight_number < 1 || *filter.flight_number > 9999))
    return Fail(ErrorKind::kInvalid, "INVALID_FLIGHT_NUMBER", "flight number must be 1-9999", "flight_number");
  if (!filter.origin.empty() && !core::IsAirportCode(filter.origin))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "origin must be an IATA airport code", "origin");
  if (!filter.destination.empty() && !core::IsAirportCode(filter.destination))
    return Fail(ErrorKind::kInvalid, "INVALID_AIRPORT", "destination must be an IATA airport code", "destination");
  if (!filter.from.ok() || !filter.to.ok() || filter.to < filter.from)
    return Fail(ErrorKind::kInvalid, "INVALID_PERIOD", "the period must end on or after its first day", "to");
  if ((date::sys_days{filter.to} - date::sys_days{filter.from}).count() >= kMaxFilterDays)
    return Fail(ErrorKind::kInvalid, "INVALID_PERIOD",
                fmt::format("a period covers at most {} days", kMaxFilterDays), "to");
  if ((filter.weekdays & 0x7fu) == 0)
    return Fail(ErrorKind::kInvalid, "INVALID_DAYS", "choose at least one day of the week", "weekdays");
  return {};
}

}  // namespace jetway::schedule
