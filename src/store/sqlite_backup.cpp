#include "store/sqlite_backup.hpp"

#include <fmt/core.h>
#include <sqlite3.h>

#include <memory>

#include "store/store.hpp"

namespace jetway::store {

namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Db = std::unique_ptr<sqlite3, Closer>;

Db Open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  Db owned(db);
  if (rc != SQLITE_OK)
    throw StoreError(StoreErrorKind::kUnavailable,
                     fmt::format("cannot open {}: {}", path, db ? sqlite3_errmsg(db) : "out of memory"));
  sqlite3_busy_timeout(db, 10'000);
  return owned;
}

void Exec(sqlite3* db, const char* sql, const std::string& path) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errmsg(db);
    sqlite3_free(error);
    throw StoreError(StoreErrorKind::kOther, fmt::format("{}: {}: {}", path, sql, message));
  }
}

}  // namespace

void BackupSqlite(const std::vector<BackupFile>& files) {
  std::vector<Db> sources;
  for (const auto& file : files) {
    auto db = Open(file.source, SQLITE_OPEN_READWRITE);  // read-write: a WAL file may need its -shm made
    // A read transaction holds the WAL snapshot of this moment for the copy below.
    Exec(db.get(), "BEGIN; SELECT COUNT(*) FROM sqlite_schema;", file.source);
    sources.push_back(std::move(db));
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto destination = Open(files[i].destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE);
    sqlite3_backup* backup = sqlite3_backup_init(destination.get(), "main", sources[i].get(), "main");
    if (!backup)
      throw StoreError(StoreErrorKind::kOther,
                       fmt::format("cannot back up {}: {}", files[i].source, sqlite3_errmsg(destination.get())));
    const int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
      throw StoreError(StoreErrorKind::kOther,
                       fmt::format("backing up {} failed: {}", files[i].source, sqlite3_errstr(rc)));
    // The copy stands alone: one file, no -wal beside it.
    Exec(destination.get(), "PRAGMA journal_mode=DELETE;", files[i].destination);
  }
  for (std::size_t i = 0; i < files.size(); ++i) Exec(sources[i].get(), "COMMIT;", files[i].source);
}

std::string CheckSqlite(const std::string& path) {
  auto db = Open(path, SQLITE_OPEN_READONLY);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK)
    return sqlite3_errmsg(db.get());
  std::string result;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    if (!result.empty()) result += "; ";
    result += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  const int rc = sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) return sqlite3_errstr(rc);
  return result;
}

}  // namespace jetway::store
