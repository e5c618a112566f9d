#include "store/sqlite_handle.hpp"

#include <fmt/core.h>

#include <chrono>
#include <thread>

namespace jetway::store {

StoreErrorKind SqliteErrorKind(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreErrorKind::kBusy;
    case SQLITE_CONSTRAINT:
      return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) ? StoreErrorKind::kUniqueViolation
                                                                                    : StoreErrorKind::kConstraint;
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return StoreErrorKind::kPermissionDenied;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return StoreErrorKind::kIo;
    default:
      return StoreErrorKind::kOther;
  }
}

StoreError SqliteError(sqlite3* db, int rc, std::string_view context) {
  return StoreError(SqliteErrorKind(rc), fmt::format("sqlite: {} (in: {:.80})", sqlite3_errmsg(db), context));
}

void ThrowSqlite(sqlite3* db, int rc, std::string_view context) { throw SqliteError(db, rc, context); }

void ExecSqlite(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw StoreError(SqliteErrorKind(rc), fmt::format("sqlite: {} (in: {:.80})", text, sql));
  }
}

namespace {

void Configure(sqlite3* db, bool durable) {
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10'000);
  // Switching a new file to WAL needs it to itself, and SQLite answers BUSY at once (without its busy handler)
  // while another connection is opening it at the same moment: wait and try again (regression: two threads
  // migrating one new file, Store.ConcurrentMigrationsRunOnce).
  for (int attempt = 1;; ++attempt) {
    try {
      ExecSqlite(db, "PRAGMA journal_mode=WAL;");
      break;
    } catch (const StoreError& e) {
      if (e.kind() != StoreErrorKind::kBusy || attempt == 500) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
  }
  ExecSqlite(db, "PRAGMA foreign_keys=ON;");
  // FULL makes each commit durable against power loss (and kill -9) before we answer 2xx.
  ExecSqlite(db, durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
}

}  // namespace

sqlite3* OpenSqliteHandle(const std::string& path, bool durable, bool thread_safe) {
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | (thread_safe ? SQLITE_OPEN_FULLMUTEX : SQLITE_OPEN_NOMUTEX);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StoreError(SqliteErrorKind(rc), fmt::format("cannot open {}: {}", path, message));
  }
  try {
    Configure(db, durable);
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
  return db;
}

}  // namespace jetway::store
