// Read-only questions about the airline's network that the API asks: which routes are flown, and the seat
// inventory of one dated flight (the staff view). Owns its read transactions; thread-safe (shares only the pool).
#pragma once

#include <optional>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "inventory/nesting.hpp"
#include "schedule/schedule_service.hpp"
#include "store/store.hpp"

namespace jetway::schedule {

struct FlightInventory {
  FlightRecord flight;
  std::vector<inventory::CabinInventory> cabins;
};

class NetworkService {
 public:
  explicit NetworkService(store::ConnectionPool& data) : data_(data) {}
  std::vector<Route> Routes(core::LocalDate from_date);
  // The airline's own data: needs inventory.read (core::MissingPermission); FLIGHT_NOT_FOUND for no such flight.
  core::Result<FlightInventory> Inventory(const core::Actor& actor, std::int64_t flight_id);

 private:
  store::ConnectionPool& data_;
};

}  // namespace jetway::schedule
