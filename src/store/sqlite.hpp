// A thin, typed layer over SQLite: one Connection per thread at a time (a Connection is not thread-safe), a
// statement cache keyed by the SQL text (SQL lives in named constants, so the key is stable), int64/text/null
// binds, and database errors mapped to named kinds so callers' retry rules are explicit. ConnectionPool hands out
// connections to request threads and is thread-safe.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jetway::store {

enum class StoreErrorKind { kBusy, kUniqueViolation, kConstraint, kIo, kOther };

class StoreError : public std::runtime_error {
 public:
  StoreError(StoreErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  StoreErrorKind kind() const { return kind_; }

 private:
  StoreErrorKind kind_;
};

class Connection;

// A prepared statement borrowed from a connection's cache; reset on destruction so it can be reused.
class Statement {
 public:
  Statement(Connection& connection, sqlite3_stmt* stmt) : connection_(&connection), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : connection_(other.connection_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  ~Statement();

  // Binds are 1-based, as in SQL.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, std::optional<std::int64_t> value);
  Statement& Bind(int index, const std::optional<std::string>& value);
  Statement& BindNull(int index);

  // True while a row is available.
  bool Step();
  // Runs a statement that returns no rows.
  void Exec();

  std::int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string Text(int column) const;
  std::optional<std::int64_t> OptInt(int column) const;
  std::optional<std::string> OptText(int column) const;

 private:
  Connection* connection_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating if needed) a database file in WAL mode; `durable` selects synchronous=FULL.
  // `write_gate`, when given, is taken by every write transaction on this connection: writers of one process then
  // queue on a mutex instead of in SQLite's busy handler, whose growing sleeps make a long latency tail.
  Connection(const std::string& path, bool durable, std::mutex* write_gate = nullptr);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  Statement Prepare(const std::string& sql);
  void ExecScript(const std::string& sql);
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  [[noreturn]] void Throw(int rc, std::string_view context) const;

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::mutex* write_gate_;

  friend class Transaction;
};

// A write transaction taken with BEGIN IMMEDIATE: it holds SQLite's write lock from the start, so a read-modify-write
// of inventory inside it cannot interleave with another writer. Rolls back unless Commit() was called.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };
  Transaction(Connection& connection, Mode mode = Mode::kWrite);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void Commit();

 private:
  Connection& connection_;
  std::unique_lock<std::mutex> gate_;
  bool open_ = true;
};

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (connection_) pool_->Release(std::move(connection_));
    }
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  ConnectionPool(std::string path, bool durable, std::size_t size);
  Lease Acquire();
  const std::string& path() const { return path_; }

 private:
  void Release(std::unique_ptr<Connection> connection);

  std::string path_;
  bool durable_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::mutex write_gate_;  // declared before the connections that point at it
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t created_ = 0;
  std::size_t size_;
};

}  // namespace jetway::store

namespace jetway::store {
// True when a connection can be taken and answers a trivial query (the readiness probe).
bool Ping(ConnectionPool& pool);
}  // namespace jetway::store
