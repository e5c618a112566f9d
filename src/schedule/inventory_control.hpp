// Staff control of seat inventory (inventory.write): one flight's cabin changed, or the same change over every
// flight a FlightFilter selects (a period, days of the week, a route, a flight number), all or nothing in one
// transaction under the flights' locks, so a change and a passenger's hold of the same flight are serialised and
// the no-oversell rules of inventory::ApplyControl hold against the counters as they are at that moment. Also the
// load views (inventory.read): each flight's seats, and load factor by day and route. Thread-safe (shares the pool).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "inventory/controls.hpp"
#include "schedule/flight_filter.hpp"
#include "schedule/schedule_service.hpp"
#include "store/store.hpp"

namespace jetway::schedule {

struct CabinChange {
  FlightRecord flight;
  inventory::CabinInventory before;
  inventory::CabinInventory after;
};

struct ControlOutcome {
  std::vector<CabinChange> changed;
  int departed = 0;  // flights the filter matched that have left: their inventory is history, left alone
  int without_cabin = 0;  // flights whose aircraft has no such cabin

  // The audit log's before and after: per flight, the cabin's capacity, overbooking and classes (JSON).
  std::string AuditBefore() const;
  std::string AuditAfter() const;
};

// Seats of a day's flights on one route, summed.
struct DayRouteLoad {
  core::LocalDate date;
  std::string origin;
  std::string destination;
  int flights = 0;
  int capacity = 0;
  int sold = 0;
  int held = 0;
};
std::vector<DayRouteLoad> ByDayAndRoute(const std::vector<FlightLoad>& loads);

// Most flights one change may cover: a year of a busy route several times a day; beyond it, narrow the filter.
inline constexpr int kMaxFlightsPerChange = 2000;

class InventoryControlService {
 public:
  InventoryControlService(store::ConnectionPool& data, const core::Clock& clock) : data_(data), clock_(clock) {}

  // FLIGHT_NOT_FOUND, FLIGHT_DEPARTED, CABIN_NOT_FOUND, or ApplyControl's refusals.
  core::Result<ControlOutcome> ChangeFlight(const core::Actor& actor, std::int64_t flight_id, const std::string& cabin,
                                            const inventory::CabinControl& change);
  // NO_FLIGHTS_MATCH when nothing that has not departed matches; otherwise every refusal (the first few named in
  // the message) refuses the whole change.
  core::Result<ControlOutcome> ChangeFlights(const core::Actor& actor, const FlightFilter& filter,
                                             const std::string& cabin, const inventory::CabinControl& change);
  core::Result<std::vector<FlightLoad>> Loads(const core::Actor& actor, const FlightFilter& filter);
  // Classes of one flight changed, each in the cabin that sells it (one change per cabin): what a caller who knows
  // classes but not cabins sends (the partner API's updateClass). UNKNOWN_BOOKING_CLASS for a class the flight does
  // not sell, before anything changes; then ChangeFlight's refusals.
  core::Result<ControlOutcome> ChangeClasses(const core::Actor& actor, std::int64_t flight_id,
                                             const std::vector<inventory::ClassControl>& classes);

 private:
  core::Result<ControlOutcome> Apply(const std::vector<FlightRecord>& flights, const std::string& cabin,
                                     const inventory::CabinControl& change);

  store::ConnectionPool& data_;
  const core::Clock& clock_;
};

}  // namespace jetway::schedule
