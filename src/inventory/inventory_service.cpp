#include "inventory/inventory_service.hpp"

#include "inventory/inventory_sql.hpp"

#include <algorithm>

namespace jetway::inventory {

namespace {
std::vector<CabinInventory> ReadCabins(store::Statement& stmt) {
  std::vector<CabinInventory> cabins;
  while (stmt.Step()) {
    if (cabins.empty() || cabins.back().cabin != stmt.Text(0))
      cabins.push_back(CabinInventory{stmt.Text(0), static_cast<int>(stmt.Int(1)), static_cast<int>(stmt.Int(2)), {}});
    cabins.back().classes.push_back(ClassInventory{stmt.Text(3), static_cast<int>(stmt.Int(4)),
                                                   static_cast<int>(stmt.Int(5)), static_cast<int>(stmt.Int(6)),
                                                   static_cast<int>(stmt.Int(7)), stmt.Int(8) != 0});
  }
  return cabins;
}
}  // namespace

void LockFlights(store::Connection& db, std::vector<std::int64_t> flight_ids) {
  // SQLite locks no rows: the read would only cost the writer's turn that every writer of the node waits for.
  if (db.engine() == store::Engine::kSqlite) return;
  std::sort(flight_ids.begin(), flight_ids.end());
  // Deferred: the rows are not read, only locked, and whatever runs next waits behind the locks all the same.
  for (auto id : flight_ids) db.PrepareLocking(sql::kLockFlight).Bind(1, id).Defer();
}

void SaveControls(store::Connection& db, std::int64_t flight_id, const CabinInventory& cabin) {
  db.Prepare(sql::kSaveCabin).Bind(1, cabin.capacity).Bind(2, cabin.overbooking_pct).Bind(3, flight_id)
      .Bind(4, cabin.cabin).Exec();
  for (const auto& c : cabin.classes)
    db.Prepare(sql::kSetControl).Bind(1, c.authorized).Bind(2, c.closed).Bind(3, flight_id).Bind(4, c.booking_class)
        .Exec();
}

std::vector<CabinInventory> LoadFlightInventory(store::Connection& db, std::int64_t flight_id) {
  auto stmt = db.Prepare(sql::kFlightInventory);
  stmt.Bind(1, flight_id);
  return ReadCabins(stmt);
}

namespace {
store::Statement CabinOfClassQuery(store::Connection& db, std::int64_t flight_id, const std::string& booking_class) {
  auto stmt = db.Prepare(sql::kCabinOfClass);
  stmt.Bind(1, flight_id).Bind(2, booking_class);
  return stmt;
}
}  // namespace

void PrefetchCabinOfClass(store::Connection& db, std::int64_t flight_id, const std::string& booking_class) {
  CabinOfClassQuery(db, flight_id, booking_class).Prefetch();
}

std::optional<CabinInventory> LoadCabinOfClass(store::Connection& db, std::int64_t flight_id,
                                               const std::string& booking_class) {
  auto stmt = CabinOfClassQuery(db, flight_id, booking_class);
  auto cabins = ReadCabins(stmt);
  if (cabins.empty()) return std::nullopt;
  return std::move(cabins.front());
}

void SaveCounters(store::Connection& db, std::int64_t flight_id, const CabinInventory& cabin,
                  std::string_view booking_class) {
  for (const auto& c : cabin.classes)
    if (c.booking_class == booking_class)
      db.Prepare(sql::kSaveCounters)
          .Bind(1, c.sold)
          .Bind(2, c.held)
          .Bind(3, flight_id)
          .Bind(4, c.booking_class)
          .Defer();
}

bool ChangeCounts(store::Connection& db, std::int64_t flight_id, std::string_view booking_class, CountChange change) {
  db.Prepare(sql::kChangeCounts).Bind(1, change.held).Bind(2, change.sold).Bind(3, flight_id).Bind(4, booking_class)
      .Exec();
  return db.Changes() == 1;
}

core::Result<void> SetClassControl(store::Connection& db, std::int64_t flight_id, const std::string& booking_class,
                                   int authorized, bool closed) {
  if (authorized < 0)
    return core::Fail(core::ErrorKind::kInvalid, "INVALID_AUTHORIZATION", "authorization cannot be negative", "authorized");
  db.Prepare(sql::kSetControl).Bind(1, authorized).Bind(2, closed).Bind(3, flight_id).Bind(4, booking_class).Exec();
  if (db.Changes() == 0)
    return core::Fail(core::ErrorKind::kNotFound, "FLIGHT_CLASS_NOT_FOUND", "no such booking class on this flight");
  return {};
}

}  // namespace jetway::inventory
