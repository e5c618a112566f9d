// For tests: a fresh, empty database. A temporary SQLite file by default; when JETWAY_TEST_POSTGRES holds an owner
// URL (e.g. postgresql://owner:pw@127.0.0.1:5433/postgres), a new PostgreSQL database created for the test and
// dropped afterwards, so that the same tests run on both engines. Not thread-safe; its pools are.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace jetway::store {

class TestDatabase {
 public:
  explicit TestDatabase(std::string_view name);
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  Engine engine() const { return postgres_ ? Engine::kPostgres : Engine::kSqlite; }
  std::unique_ptr<Connection> Open() const;
  std::unique_ptr<ConnectionPool> Pool(std::size_t size) const;
  // The database's URL (PostgreSQL) or file path (SQLite).
  const std::string& location() const { return location_; }

 private:
  bool postgres_ = false;
  std::string admin_url_;  // the owner's URL to the maintenance database, to drop ours afterwards
  std::string name_;
  std::string location_;
};

}  // namespace jetway::store
