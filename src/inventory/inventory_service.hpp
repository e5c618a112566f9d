// Reads and writes the seat counters of dated flights. Callers hold the data database's write transaction
// (BEGIN IMMEDIATE) around a load-modify-save, which is what keeps two sales of the last seat from both
// succeeding. Stateless functions over a connection.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "inventory/nesting.hpp"
#include "store/store.hpp"

namespace jetway::inventory {

// Locks the flights in id order (PostgreSQL row locks; on SQLite nothing, as its write transaction already excludes
// every other writer). A flight's counters, controls and capacity change only under its lock, and always in that order, so two
// transactions locking several flights cannot deadlock. ChangeCounts is the exception: it locks one class's row, and
// a transaction applies its changes in flight id order too, so it cannot close a cycle with one locking whole flights.
void LockFlights(store::Connection& db, std::vector<std::int64_t> flight_ids);

// All cabins of a flight, classes in nest order; empty when the flight does not exist.
std::vector<CabinInventory> LoadFlightInventory(store::Connection& db, std::int64_t flight_id);
// The cabin that sells `booking_class` on the flight; nullopt when the flight does not offer it.
std::optional<CabinInventory> LoadCabinOfClass(store::Connection& db, std::int64_t flight_id,
                                               const std::string& booking_class);
// Sends LoadCabinOfClass's read ahead (store::Statement::Prefetch): the next LoadCabinOfClass of that class reads its
// answer. Send it after the flight's lock: the counts are read as of the send.
void PrefetchCabinOfClass(store::Connection& db, std::int64_t flight_id, const std::string& booking_class);
// Writes the sold/held counters of `booking_class`, the only class that Hold, SellHeld and Release change (one
// UPDATE instead of one per class in the cabin).
void SaveCounters(store::Connection& db, std::int64_t flight_id, const CabinInventory& cabin,
                  std::string_view booking_class);
// Applies a change that needs no look at the cabin (selling held seats, giving seats back) where the class's counts
// are stored, in one statement that locks that row only: holds and sales in the flight's other classes go on beside
// it, and a hold that locks the flight waits for it as for any writer. False, changing nothing, when the class is not
// on the flight or a count would go below zero.
bool ChangeCounts(store::Connection& db, std::int64_t flight_id, std::string_view booking_class, CountChange change);
// Writes a cabin's capacity, overbooking and every class's authorization and closed flag (staff controls).
void SaveControls(store::Connection& db, std::int64_t flight_id, const CabinInventory& cabin);
// Revenue management's controls: a class's authorization level and whether it is closed.
core::Result<void> SetClassControl(store::Connection& db, std::int64_t flight_id, const std::string& booking_class,
                                   int authorized, bool closed);

}  // namespace jetway::inventory
