#include "schedule/inventory_control.hpp"

#include <fmt/core.h>

#include <map>
#include <tuple>

#include "inventory/inventory_service.hpp"

namespace jetway::schedule {

using core::ErrorKind;
using core::Fail;

namespace {

// How many refused flights the message names; the rest are counted.
constexpr std::size_t kRefusalsNamed = 5;

std::string FlightName(const FlightRecord& f) {
  return fmt::format("{}{} {} {}-{}", f.airline, f.flight_number, f.departure_date, f.origin, f.destination);
}

// The fields of one side of a change that differ from the other side, as JSON: codes and numbers only, all
// validated, so nothing needs escaping.
std::string ChangedFields(const CabinChange& c, bool after) {
  const auto& side = after ? c.after : c.before;
  const auto& other = after ? c.before : c.after;
  std::string json = fmt::format(R"({{"flight_id":{},"flight":"{}","cabin":"{}")", c.flight.id, FlightName(c.flight),
                                 side.cabin);
  if (side.capacity != other.capacity) json += fmt::format(R"(,"capacity":{})", side.capacity);
  if (side.overbooking_pct != other.overbooking_pct)
    json += fmt::format(R"(,"overbooking_pct":{})", side.overbooking_pct);
  for (std::size_t i = 0; i < side.classes.size(); ++i) {
    const auto& k = side.classes[i];
    const auto& o = other.classes[i];
    if (k.authorized != o.authorized) json += fmt::format(R"(,"{}.authorized":{})", k.booking_class, k.authorized);
    if (k.closed != o.closed) json += fmt::format(R"(,"{}.closed":{})", k.booking_class, k.closed);
  }
  return json + "}";
}

std::string AuditSide(const std::vector<CabinChange>& changed, bool after) {
  std::string json = R"({"flights":[)";
  for (std::size_t i = 0; i < changed.size(); ++i) json += (i ? "," : "") + ChangedFields(changed[i], after);
  return json + "]}";
}

bool SameControls(const inventory::CabinInventory& a, const inventory::CabinInventory& b) {
  if (a.capacity != b.capacity || a.overbooking_pct != b.overbooking_pct) return false;
  for (std::size_t i = 0; i < a.classes.size(); ++i)
    if (a.classes[i].authorized != b.classes[i].authorized || a.classes[i].closed != b.classes[i].closed) return false;
  return true;
}

core::Error Refusals(const std::vector<std::pair<FlightRecord, core::Error>>& refused, std::size_t flights) {
  if (flights == 1) return refused.front().second;
  std::string message = fmt::format("{} of the {} flights refuse the change, so none was changed:", refused.size(),
                                    flights);
  for (std::size_t i = 0; i < refused.size() && i < kRefusalsNamed; ++i)
    message += fmt::format(" {}: {};", FlightName(refused[i].first), refused[i].second.message);
  if (refused.size() > kRefusalsNamed) message += fmt::format(" and {} more.", refused.size() - kRefusalsNamed);
  const auto& first = refused.front().second;
  return core::MakeError(first.kind, first.code, message, first.field);
}

}  // namespace

std::string ControlOutcome::AuditBefore() const { return AuditSide(changed, false); }
std::string ControlOutcome::AuditAfter() const { return AuditSide(changed, true); }

std::vector<DayRouteLoad> ByDayAndRoute(const std::vector<FlightLoad>& loads) {
  std::map<std::tuple<std::string, std::string, std::string>, DayRouteLoad> sums;
  for (const auto& l : loads) {
    auto& sum = sums[{l.flight.departure_date, l.flight.origin, l.flight.destination}];
    if (sum.flights == 0) {
      sum.date = *core::ParseIsoDate(l.flight.departure_date);
      sum.origin = l.flight.origin;
      sum.destination = l.flight.destination;
    }
    ++sum.flights;
    sum.capacity += l.capacity;
    sum.sold += l.sold;
    sum.held += l.held;
  }
  std::vector<DayRouteLoad> rows;
  for (auto& [key, sum] : sums) rows.push_back(std::move(sum));
  return rows;
}

core::Result<ControlOutcome> InventoryControlService::ChangeFlight(const core::Actor& actor, std::int64_t flight_id,
                                                                   const std::string& cabin,
                                                                   const inventory::CabinControl& change) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kInventoryWrite)) return std::unexpected(*refused);
  if (auto ok = inventory::ValidateControl(change); !ok) return std::unexpected(ok.error());
  std::optional<FlightRecord> flight;
  {
    auto lease = data_.Acquire();
    flight = FindFlight(*lease, flight_id);
  }
  if (!flight)
    return Fail(ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", fmt::format("no flight with id {}", flight_id), "flight_id");
  if (flight->departure_utc <= clock_.Now())
    return Fail(ErrorKind::kConflict, "FLIGHT_DEPARTED",
                fmt::format("{} has departed; its inventory is history and cannot change", FlightName(*flight)));
  auto outcome = Apply({*flight}, cabin, change);
  if (outcome && outcome->without_cabin > 0)
    return Fail(ErrorKind::kNotFound, "CABIN_NOT_FOUND",
                fmt::format("{} has no cabin {}", FlightName(*flight), cabin), "cabin");
  return outcome;
}

core::Result<ControlOutcome> InventoryControlService::ChangeClasses(
    const core::Actor& actor, std::int64_t flight_id, const std::vector<inventory::ClassControl>& classes) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kInventoryWrite)) return std::unexpected(*refused);
  std::map<std::string, std::vector<inventory::ClassControl>> by_cabin;
  {
    auto lease = data_.Acquire();
    for (const auto& c : classes) {
      const auto cabin = inventory::LoadCabinOfClass(*lease, flight_id, c.booking_class);
      if (!cabin)
        return Fail(ErrorKind::kInvalid, "UNKNOWN_BOOKING_CLASS",
                    fmt::format("class {} is not sold on flight {}", c.booking_class, flight_id), "booking_class");
      by_cabin[cabin->cabin].push_back(c);
    }
  }
  ControlOutcome all;
  for (const auto& [cabin, changes] : by_cabin) {
    auto outcome = ChangeFlight(actor, flight_id, cabin, inventory::CabinControl{std::nullopt, std::nullopt, changes});
    if (!outcome) return outcome;
    for (auto& c : outcome->changed) all.changed.push_back(std::move(c));
  }
  return all;
}

core::Result<ControlOutcome> InventoryControlService::ChangeFlights(const core::Actor& actor,
                                                                    const FlightFilter& filter,
                                                                    const std::string& cabin,
                                                                    const inventory::CabinControl& change) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kInventoryWrite)) return std::unexpected(*refused);
  if (auto ok = Validate(filter); !ok) return std::unexpected(ok.error());
  if (auto ok = inventory::ValidateControl(change); !ok) return std::unexpected(ok.error());
  std::vector<FlightRecord> flights;
  int departed = 0;
  {
    auto lease = data_.Acquire();
    const auto now = clock_.Now();
    for (auto& load : ListFlightLoads(*lease, filter.airline, filter.from, filter.to)) {
      const auto& f = load.flight;
      if (!filter.Matches(f.airline, f.flight_number, f.origin, f.destination, *core::ParseIsoDate(f.departure_date)))
        continue;
      if (f.departure_utc <= now)
        ++departed;
      else
        flights.push_back(std::move(load.flight));
    }
  }
  if (flights.empty())
    return Fail(ErrorKind::kInvalid, "NO_FLIGHTS_MATCH", "no flight that has yet to depart matches the selection");
  if (flights.size() > static_cast<std::size_t>(kMaxFlightsPerChange))
    return Fail(ErrorKind::kInvalid, "TOO_MANY_FLIGHTS",
                fmt::format("{} flights match; one change covers at most {}, so narrow the selection", flights.size(),
                            kMaxFlightsPerChange));
  auto outcome = Apply(flights, cabin, change);
  if (outcome) outcome->departed = departed;
  return outcome;
}

core::Result<ControlOutcome> InventoryControlService::Apply(const std::vector<FlightRecord>& flights,
                                                            const std::string& cabin,
                                                            const inventory::CabinControl& change) {
  return store::RetryConflicts([&]() -> core::Result<ControlOutcome> {
    auto lease = data_.Acquire();
    auto& db = *lease;
    store::Transaction tx(db);
    std::vector<std::int64_t> ids;
    for (const auto& f : flights) ids.push_back(f.id);
    inventory::LockFlights(db, ids);
    ControlOutcome outcome;
    std::vector<std::pair<FlightRecord, core::Error>> refused;
    for (const auto& f : flights) {
      std::optional<inventory::CabinInventory> before;
      for (auto& c : inventory::LoadFlightInventory(db, f.id))
        if (c.cabin == cabin) before = std::move(c);
      if (!before) {
        ++outcome.without_cabin;
        continue;
      }
      auto after = *before;
      if (auto ok = inventory::ApplyControl(after, change); !ok) {
        refused.emplace_back(f, ok.error());
        continue;
      }
      if (SameControls(*before, after)) continue;
      inventory::SaveControls(db, f.id, after);
      outcome.changed.push_back(CabinChange{f, std::move(*before), std::move(after)});
    }
    if (!refused.empty()) return std::unexpected(Refusals(refused, flights.size()));
    tx.Commit();
    return outcome;
  });
}

core::Result<std::vector<FlightLoad>> InventoryControlService::Loads(const core::Actor& actor,
                                                                     const FlightFilter& filter) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kInventoryRead)) return std::unexpected(*refused);
  if (auto ok = Validate(filter); !ok) return std::unexpected(ok.error());
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  std::vector<FlightLoad> loads;
  for (auto& load : ListFlightLoads(*lease, filter.airline, filter.from, filter.to)) {
    const auto& f = load.flight;
    if (filter.Matches(f.airline, f.flight_number, f.origin, f.destination, *core::ParseIsoDate(f.departure_date)))
      loads.push_back(std::move(load));
  }
  return loads;
}

}  // namespace jetway::schedule
