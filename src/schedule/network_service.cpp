#include "schedule/network_service.hpp"

#include "inventory/inventory_service.hpp"

namespace jetway::schedule {

std::vector<Route> NetworkService::Routes(core::LocalDate from_date) {
  auto lease = data_.Acquire();
  return ListRoutes(*lease, from_date);
}

std::optional<FlightInventory> NetworkService::Inventory(std::int64_t flight_id) {
  auto lease = data_.Acquire();
  store::Transaction tx(*lease, store::Transaction::Mode::kRead);
  auto flight = FindFlight(*lease, flight_id);
  if (!flight) return std::nullopt;
  return FlightInventory{std::move(*flight), inventory::LoadFlightInventory(*lease, flight_id)};
}

}  // namespace jetway::schedule
