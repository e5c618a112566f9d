#include "schedule/schedule_service.hpp"

#include <fmt/core.h>

#include "schedule/schedule_sql.hpp"

namespace jetway::schedule {

using core::ErrorKind;
using core::Fail;

namespace {

FlightRecord ReadFlight(const store::Statement& stmt) {
  return FlightRecord{stmt.Int(0),  stmt.Text(1), static_cast<int>(stmt.Int(2)), stmt.Text(3), stmt.Text(4),
                      stmt.Text(5), core::FromEpoch(stmt.Int(6)), core::FromEpoch(stmt.Int(7)), stmt.Text(8)};
}

}  // namespace

std::int64_t InsertLine(store::Connection& db, const ScheduleLine& line) {
  auto insert = db.Prepare(sql::kInsertSchedule);
  insert.Bind(1, line.airline).Bind(2, line.flight_number).Bind(3, line.origin).Bind(4, line.destination)
      .Bind(5, line.departure_local_minutes).Bind(6, line.arrival_local_minutes).Bind(7, line.arrival_day_offset)
      .Bind(8, line.days_of_operation).Bind(9, core::FormatIsoDate(line.valid_from))
      .Bind(10, core::FormatIsoDate(line.valid_to)).Bind(11, line.config_id);
  insert.Step();
  return insert.Int(0);
}

core::Result<int> AddSchedule(store::Connection& db, const reference::AirportDirectory& airports,
                              const ScheduleLine& line, std::int64_t* line_id) {
  const auto* origin = airports.Find(line.origin);
  const auto* destination = airports.Find(line.destination);
  if (!origin) return Fail(ErrorKind::kInvalid, "UNKNOWN_AIRPORT", fmt::format("unknown airport {}", line.origin), "origin");
  if (!destination)
    return Fail(ErrorKind::kInvalid, "UNKNOWN_AIRPORT", fmt::format("unknown airport {}", line.destination), "destination");
  {
    auto exists = db.Prepare(sql::kConfigExists);
    exists.Bind(1, line.config_id).Bind(2, line.airline);
    if (!exists.Step())
      return Fail(ErrorKind::kInvalid, "UNKNOWN_CONFIG", "cabin configuration not found for this airline", "config_id");
  }
  auto flights = Expand(line, origin->zone, destination->zone);
  if (!flights) return std::unexpected(flights.error());

  const std::int64_t schedule_id = InsertLine(db, line);
  if (line_id) *line_id = schedule_id;

  // Sent without waiting for each answer (PostgreSQL's pipeline: the demo's 17,800 flights were as many round trips).
  // A flight that already exists from an overlapping line is not inserted, and the first one stays; so the flights
  // this line created are those that now name it.
  for (const auto& f : *flights) {
    db.Prepare(sql::kInsertLineFlight).Bind(1, schedule_id).Bind(2, f.airline).Bind(3, f.flight_number)
        .Bind(4, core::FormatIsoDate(f.departure_date)).Bind(5, f.origin).Bind(6, f.destination)
        .Bind(7, core::ToEpoch(f.departure_utc)).Bind(8, core::ToEpoch(f.arrival_utc)).Bind(9, line.config_id)
        .Defer();
  }
  db.Prepare(sql::kInsertScheduleCabins).Bind(1, schedule_id).Defer();
  db.Prepare(sql::kInsertScheduleClasses).Bind(1, schedule_id).Defer();
  auto count = db.Prepare(sql::kLineFlightCount);
  count.Bind(1, schedule_id).Step();
  return static_cast<int>(count.Int(0));
}

std::vector<Route> ListRoutes(store::Connection& db, core::LocalDate from_date) {
  std::vector<Route> routes;
  auto stmt = db.Prepare(sql::kRoutes);
  stmt.Bind(1, core::FormatIsoDate(from_date));
  while (stmt.Step()) routes.push_back({stmt.Text(0), stmt.Text(1), stmt.Text(2)});
  return routes;
}

namespace {
store::Statement FlightQuery(store::Connection& db, std::int64_t flight_id) {
  auto stmt = db.Prepare(sql::kFindFlight);
  stmt.Bind(1, flight_id);
  return stmt;
}
}  // namespace

std::optional<FlightRecord> FindFlight(store::Connection& db, std::int64_t flight_id) {
  auto stmt = FlightQuery(db, flight_id);
  if (!stmt.Step()) return std::nullopt;
  return ReadFlight(stmt);
}

void PrefetchFlight(store::Connection& db, std::int64_t flight_id) { FlightQuery(db, flight_id).Prefetch(); }

std::vector<FlightLoad> ListFlightLoads(store::Connection& db, const std::string& airline, core::LocalDate from,
                                        core::LocalDate to) {
  std::vector<FlightLoad> loads;
  auto stmt = db.Prepare(sql::kFlightLoads);
  stmt.Bind(1, airline).Bind(2, airline).Bind(3, core::FormatIsoDate(from)).Bind(4, core::FormatIsoDate(to));
  while (stmt.Step())
    loads.push_back(FlightLoad{ReadFlight(stmt), static_cast<int>(stmt.Int(9)), static_cast<int>(stmt.Int(10)),
                               static_cast<int>(stmt.Int(11))});
  return loads;
}

std::vector<FlightRecord> ListFlights(store::Connection& db, const std::string& airline) {
  std::vector<FlightRecord> flights;
  auto stmt = db.Prepare(sql::kAirlineFlights);
  stmt.Bind(1, airline);
  while (stmt.Step()) flights.push_back(ReadFlight(stmt));
  return flights;
}

}  // namespace jetway::schedule
