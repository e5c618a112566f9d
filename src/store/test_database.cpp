#include "store/test_database.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "store/postgres.hpp"
#include "store/sqlite.hpp"

namespace jetway::store {

namespace {
int NextNumber() {
  static std::atomic<int> counter{0};  // test support only: unique names within one test process
  return ++counter;
}
}  // namespace

TestDatabase::TestDatabase(std::string_view name) : name_(fmt::format("jt_{}_{}_{}", name, getpid(), NextNumber())) {
  const char* admin = std::getenv("JETWAY_TEST_POSTGRES");
  if (admin && *admin) {
    postgres_ = true;
    admin_url_ = admin;
    const auto target = PgTarget::Parse(admin_url_);
    OpenPostgres(target)->ExecScript(
        fmt::format("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0", QuoteIdentifier(name_)));
    const auto ours = target.With("dbname", name_);
    location_.clear();
    for (const auto& [key, value] : ours.params()) location_ += fmt::format("{}={} ", key, QuoteLiteral(value));
  } else {
    location_ = (std::filesystem::temp_directory_path() / (name_ + ".db")).string();
    std::filesystem::remove(location_);
  }
}

TestDatabase::~TestDatabase() {
  try {
    if (postgres_) {
      OpenPostgres(PgTarget::Parse(admin_url_))
          ->ExecScript(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", QuoteIdentifier(name_)));
    } else {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(location_ + suffix);
    }
  } catch (const std::exception&) {
    // A leftover test database is harmless: the test cluster is thrown away.
  }
}

std::unique_ptr<Connection> TestDatabase::Open() const {
  if (postgres_) return OpenPostgres(PgTarget::Parse(location_));
  return OpenSqlite(location_, true);
}

std::unique_ptr<ConnectionPool> TestDatabase::Pool(std::size_t size) const {
  if (postgres_) {
    const auto target = PgTarget::Parse(location_);
    return std::make_unique<ConnectionPool>(
        name_, Engine::kPostgres, [target] { return OpenPostgres(target); }, size);
  }
  return OpenSqlitePool(name_, location_, true, size);
}

}  // namespace jetway::store
