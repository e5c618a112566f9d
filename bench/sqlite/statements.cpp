// Instructions SQLite spends on booking-like statements, for callgrind (bench/sqlite/statements.sh): a count that
// does not move with the machine's speed, which on the shared 2-core machines swings by a quarter from one minute
// to the next and hides any change under 30 % in a timed run.
//
//   statements <copy of a demo data.db> <members> [memstatus-off] [no-savepoints]
//
// Each member is what a group-commit member does on the writer's handle (store/sqlite_writer.hpp): a savepoint, a
// booking's INSERT, a flight's inventory UPDATE, the booking read back by its locator, the savepoint's release; a
// COMMIT after every 8 members. Run it at two sizes: the difference is the steady cost of the extra members.
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace {

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "statements: %s: %s\n", sql, sqlite3_errmsg(db));
    std::exit(1);
  }
  return statement;
}

void Run(sqlite3_stmt* statement) {
  const int rc = sqlite3_step(statement);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "statements: %s: %s\n", sqlite3_sql(statement), sqlite3_errmsg(sqlite3_db_handle(statement)));
    std::exit(1);
  }
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
}

void BindText(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: statements <data.db> <members> [memstatus-off] [no-savepoints]\n");
    return 2;
  }
  bool savepoints = true;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "memstatus-off") == 0) sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (std::strcmp(argv[i], "no-savepoints") == 0) savepoints = false;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) return 1;
  sqlite3_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;", nullptr, nullptr,
               nullptr);
  auto* begin = Prepare(db, "BEGIN IMMEDIATE");
  auto* commit = Prepare(db, "COMMIT");
  auto* savepoint = Prepare(db, "SAVEPOINT member");
  auto* release = Prepare(db, "RELEASE member");
  auto* insert = Prepare(db,
                         "INSERT INTO bookings (locator, airline, status, channel, adults, children, infants, "
                         "total_amount, currency, hold_expires_at, created_at, updated_at, client, hold_token) "
                         "VALUES (?, 'X9', 'HELD', 'web', 1, 0, 0, 98000, 'DKK', ?, ?, ?, ?, ?)");
  auto* count = Prepare(db, "UPDATE flight_classes SET held = held + 1 WHERE flight_id = ? AND booking_class = ?");
  auto* read = Prepare(db,
                       "SELECT id, locator, airline, status, channel, adults, children, infants, total_amount, "
                       "currency, hold_expires_at, contact_email, contact_phone, created_at FROM bookings "
                       "WHERE locator = ?");
  // Every flight's classes, read before the measured part: members spread over them as bookings do.
  std::vector<std::pair<std::int64_t, std::string>> classes;
  auto* list = Prepare(db, "SELECT flight_id, booking_class FROM flight_classes ORDER BY flight_id, booking_class");
  while (sqlite3_step(list) == SQLITE_ROW)
    classes.emplace_back(sqlite3_column_int64(list, 0), reinterpret_cast<const char*>(sqlite3_column_text(list, 1)));
  sqlite3_finalize(list);
  if (classes.empty()) return 1;
  const int members = std::atoi(argv[2]);
  Run(begin);
  for (int i = 0; i < members; ++i) {
    if (savepoints) Run(savepoint);
    const std::string locator = "S" + std::to_string(100000 + i);
    BindText(insert, 1, locator);
    for (int column = 2; column <= 4; ++column) sqlite3_bind_int64(insert, column, 1'800'000'000 + i);
    BindText(insert, 5, "10.0." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256));
    BindText(insert, 6, "hold-token-" + std::to_string(i));
    Run(insert);
    const auto& [flight, booking_class] = classes[static_cast<std::size_t>(i) * 7919 % classes.size()];
    sqlite3_bind_int64(count, 1, flight);
    BindText(count, 2, booking_class);
    Run(count);
    BindText(read, 1, locator);
    Run(read);
    if (savepoints) Run(release);
    if (i % 8 == 7) {
      Run(commit);
      Run(begin);
    }
  }
  Run(commit);
  for (auto* statement : {begin, commit, savepoint, release, insert, count, read}) sqlite3_finalize(statement);
  sqlite3_close(db);
  return 0;
}
