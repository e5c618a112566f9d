// Stores schedule lines and the dated flights they expand into, creating each flight's cabins and booking-class
// inventory from its cabin configuration and the airline's booking classes. Also answers the route list and
// flight look-ups. Functions take a connection the caller has opened a transaction on; stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "reference/reference_service.hpp"
#include "schedule/schedule.hpp"
#include "store/store.hpp"

namespace jetway::schedule {

// Inserts the line's row alone (no flights): its id. AddSchedule's first step, and a line cut in two (Split).
std::int64_t InsertLine(store::Connection& db, const ScheduleLine& line);

// Inserts the line and its dated flights; returns how many flights were created (and the line's id in `line_id`).
core::Result<int> AddSchedule(store::Connection& db, const reference::AirportDirectory& airports,
                              const ScheduleLine& line, std::int64_t* line_id = nullptr);

struct Route {
  std::string airline;
  std::string origin;
  std::string destination;
};
std::vector<Route> ListRoutes(store::Connection& db, core::LocalDate from_date);

struct FlightRecord {
  std::int64_t id = 0;
  std::string airline;
  int flight_number = 0;
  std::string departure_date;
  std::string origin;
  std::string destination;
  core::Instant departure_utc;
  core::Instant arrival_utc;
  std::string status;
};
std::optional<FlightRecord> FindFlight(store::Connection& db, std::int64_t flight_id);
// Sends FindFlight's read ahead (store::Statement::Prefetch): the next FindFlight of that flight reads its answer.
void PrefetchFlight(store::Connection& db, std::int64_t flight_id);

// A dated flight and its seats over every cabin.
struct FlightLoad {
  FlightRecord flight;
  int capacity = 0;
  int sold = 0;
  int held = 0;
};
// Flights departing (local date at the origin) from `from` to `to`, of `airline` or of all airlines when empty.
std::vector<FlightLoad> ListFlightLoads(store::Connection& db, const std::string& airline, core::LocalDate from,
                                        core::LocalDate to);

// Every dated flight of an airline, in departure order (for bulk inventory controls).
std::vector<FlightRecord> ListFlights(store::Connection& db, const std::string& airline);

}  // namespace jetway::schedule
