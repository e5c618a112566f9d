#include "schedule/network_service.hpp"

#include <fmt/core.h>

#include "inventory/inventory_service.hpp"

namespace jetway::schedule {

std::vector<Route> NetworkService::Routes(core::LocalDate from_date) {
  auto lease = data_.Acquire();
  return ListRoutes(*lease, from_date);
}

core::Result<FlightInventory> NetworkService::Inventory(const core::Actor& actor, std::int64_t flight_id) {
  if (auto refused = core::MissingPermission(actor, core::Permission::kInventoryRead)) return std::unexpected(*refused);
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto flight = FindFlight(*lease, flight_id);
  if (!flight)
    return core::Fail(core::ErrorKind::kNotFound, "FLIGHT_NOT_FOUND", fmt::format("no flight with id {}", flight_id),
                      "flight_id");
  return FlightInventory{std::move(*flight), inventory::LoadFlightInventory(*lease, flight_id)};
}

}  // namespace jetway::schedule
