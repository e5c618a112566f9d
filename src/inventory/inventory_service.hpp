// Reads and writes the seat counters of dated flights. Callers hold the data database's write transaction
// (BEGIN IMMEDIATE) around a load-modify-save, which is what keeps two sales of the last seat from both
// succeeding. Stateless functions over a connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "inventory/nesting.hpp"
#include "store/store.hpp"

namespace jetway::inventory {

// All cabins of a flight, classes in nest order; empty when the flight does not exist.
std::vector<CabinInventory> LoadFlightInventory(store::Connection& db, std::int64_t flight_id);
// The cabin that sells `booking_class` on the flight; nullopt when the flight does not offer it.
std::optional<CabinInventory> LoadCabinOfClass(store::Connection& db, std::int64_t flight_id,
                                               const std::string& booking_class);
// Writes the sold/held counters of `booking_class`, the only class that Hold, SellHeld and Release change (one
// UPDATE instead of one per class in the cabin).
void SaveCounters(store::Connection& db, std::int64_t flight_id, const CabinInventory& cabin,
                  std::string_view booking_class);
// Revenue management's controls: a class's authorization level and whether it is closed.
core::Result<void> SetClassControl(store::Connection& db, std::int64_t flight_id, const std::string& booking_class,
                                   int authorized, bool closed);

}  // namespace jetway::inventory
