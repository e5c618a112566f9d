#include "store/sqlite.hpp"

#include <fmt/core.h>
#include <sqlite3.h>

#include <chrono>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace jetway::store {

namespace {

StoreErrorKind KindOf(int rc) {
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

class SqliteConnection;

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(SqliteConnection& connection, sqlite3_stmt* stmt) : connection_(connection), stmt_(stmt) {}
  ~SqliteCursor() override { sqlite3_finalize(stmt_); }

  void BindInt(int index, std::int64_t value) override { Check(sqlite3_bind_int64(stmt_, index, value)); }
  void BindText(int index, std::string_view value) override {
    Check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  void BindNull(int index) override { Check(sqlite3_bind_null(stmt_, index)); }
  bool Step() override;
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  void Check(int rc);

  SqliteConnection& connection_;
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool durable, std::mutex* write_gate) : write_gate_(write_gate) {
    int rc =
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError(KindOf(rc), fmt::format("cannot open {}: {}", path, message));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10'000);
    // Switching a new file to WAL needs it to itself, and SQLite answers BUSY at once (without its busy handler)
    // while another connection is opening it at the same moment: wait and try again (regression: two threads
    // migrating one new file, Store.ConcurrentMigrationsRunOnce).
    for (int attempt = 1;; ++attempt) {
      try {
        ExecScript("PRAGMA journal_mode=WAL;");
        break;
      } catch (const StoreError& e) {
        if (e.kind() != StoreErrorKind::kBusy || attempt == 500) {
          sqlite3_close(db_);
          db_ = nullptr;
          throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
      }
    }
    ExecScript("PRAGMA foreign_keys=ON;");
    // FULL makes each commit durable against power loss (and kill -9) before we answer 2xx.
    ExecScript(durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
  }
  ~SqliteConnection() override {
    cache_.clear();  // finalizes every statement before the database closes
    sqlite3_close(db_);
  }

  Engine engine() const override { return Engine::kSqlite; }

  Statement Prepare(const std::string& sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      int rc =
          sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) Throw(rc, sql);
      it = cache_.emplace(sql, std::make_unique<SqliteCursor>(*this, stmt)).first;
    }
    return Statement(*it->second);
  }

  Statement PrepareLocking(const std::string& select) override { return Prepare(select); }

  void ExecScript(const std::string& sql) override {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      throw StoreError(KindOf(rc), fmt::format("sqlite: {} (in: {:.80})", text, sql));
    }
  }

  int Changes() const override { return sqlite3_changes(db_); }

  [[noreturn]] void Throw(int rc, std::string_view context) const {
    throw StoreError(KindOf(rc), fmt::format("sqlite: {} (in: {:.80})", sqlite3_errmsg(db_), context));
  }

 protected:
  void Begin(TransactionMode mode) override {
    if (mode == TransactionMode::kWrite && write_gate_) gate_ = std::unique_lock(*write_gate_);
    try {
      // IMMEDIATE takes the write lock at once, so a read-modify-write cannot interleave with another writer.
      Prepare(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN").Exec();
    } catch (...) {
      if (gate_.owns_lock()) gate_.unlock();
      throw;
    }
  }
  void Commit() override {
    try {
      Prepare("COMMIT").Exec();
    } catch (...) {
      Rollback();
      throw;
    }
    if (gate_.owns_lock()) gate_.unlock();
  }
  void Rollback() noexcept override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (gate_.owns_lock()) gate_.unlock();
  }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<SqliteCursor>> cache_;
  std::mutex* write_gate_;
  std::unique_lock<std::mutex> gate_;
};

bool SqliteCursor::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  connection_.Throw(rc, sqlite3_sql(stmt_));
}

void SqliteCursor::Check(int rc) {
  if (rc != SQLITE_OK) connection_.Throw(rc, "bind");
}

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path, bool durable, std::mutex* write_gate) {
  return std::make_unique<SqliteConnection>(path, durable, write_gate);
}

}  // namespace jetway::store
