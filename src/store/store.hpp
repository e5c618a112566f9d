// jetway's small database interface, the same for SQLite (the embedded default) and PostgreSQL (production):
// a Connection with a prepared-statement cache keyed by the SQL text (SQL lives in named constants, so the key is
// stable), typed int64/text/null binds, transactions, and database errors mapped to named kinds so that callers'
// retry rules are explicit. A Connection is used by one thread at a time; ConnectionPool is thread-safe.
//
// SQL is written once for both engines: `?` or `?N` placeholders, `INSERT ... RETURNING`, `ON CONFLICT`. The few real
// differences (row locks, DDL types, transaction modes) are decided here, inside src/store/.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jetway::store {

enum class Engine { kSqlite, kPostgres };

enum class StoreErrorKind {
  kBusy,              // SQLite's lock wait ran out
  kUniqueViolation,   // a UNIQUE or PRIMARY KEY constraint
  kConstraint,        // any other constraint (CHECK, NOT NULL, foreign key)
  kConflict,          // serialization failure or deadlock: the whole transaction may be retried
  kUnavailable,       // the server is down, restarting or unreachable, or no connection was free in time
  kPermissionDenied,  // the role lacks a grant
  kIo,
  kOther,
};

class StoreError : public std::runtime_error {
 public:
  StoreError(StoreErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  StoreErrorKind kind() const { return kind_; }

 private:
  StoreErrorKind kind_;
};

// One prepared statement inside a connection, implemented per engine.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void BindInt(int index, std::int64_t value) = 0;
  virtual void BindText(int index, std::string_view value) = 0;
  virtual void BindNull(int index) = 0;
  virtual bool Step() = 0;
  virtual std::int64_t Int(int column) const = 0;  // a boolean column reads as 0 or 1, NULL as 0
  virtual bool IsNull(int column) const = 0;
  virtual std::string Text(int column) const = 0;
  virtual void Reset() = 0;  // clears binds and results so the statement can be reused
  // Runs a statement whose answer nobody reads (see Statement::Defer); by default, now.
  virtual void Defer() {
    while (Step()) {
    }
  }
  // Sends a read whose rows are stepped later (see Statement::Prefetch); by default, nothing: Step runs it.
  virtual void Prefetch() {}
};

// A prepared statement borrowed from a connection's cache; reset on destruction.
class Statement {
 public:
  explicit Statement(Cursor& cursor) : cursor_(&cursor) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : cursor_(other.cursor_) { other.cursor_ = nullptr; }
  ~Statement() {
    if (cursor_) cursor_->Reset();
  }

  // Binds are 1-based, as in SQL.
  Statement& Bind(int index, std::int64_t value) { return cursor_->BindInt(index, value), *this; }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  Statement& Bind(int index, std::string_view value) { return cursor_->BindText(index, value), *this; }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, std::optional<std::int64_t> value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  Statement& Bind(int index, const std::optional<std::string>& value) {
    return value ? Bind(index, std::string_view(*value)) : BindNull(index);
  }
  Statement& BindNull(int index) { return cursor_->BindNull(index), *this; }

  // True while a row is available.
  bool Step() { return cursor_->Step(); }
  // Runs a statement that returns no rows (or ignores them).
  void Exec() {
    while (Step()) {
    }
  }
  // Runs a statement whose answer nobody reads inside a transaction (a write, or a lock taken by a locking read; no
  // rows, no Changes(), no error handled here).
  // PostgreSQL sends it at once and reads its answer with the next statement that returns rows, or with the
  // commit: one round trip for them all (libpq's pipeline mode), and its error is thrown there. SQLite runs it now.
  void Defer() { cursor_->Defer(); }
  // Sends a read inside a transaction now, with its binds, and reads its rows when the same statement is stepped
  // later with the same binds: PostgreSQL sends it into the pipeline, so the reads prefetched together and the
  // statement that is stepped first share one round trip; SQLite does nothing (Step runs the read). The rows are as
  // of the moment it was sent: prefetch only what no statement before the Step changes. One statement may be
  // prefetched with several binds; a Step with binds not prefetched runs the read then; the same binds sent twice are
  // answered by the newer send; an answer not stepped before the transaction ends is dropped.
  void Prefetch() { cursor_->Prefetch(); }

  std::int64_t Int(int column) const { return cursor_->Int(column); }
  bool IsNull(int column) const { return cursor_->IsNull(column); }
  std::string Text(int column) const { return cursor_->Text(column); }
  std::optional<std::int64_t> OptInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::int64_t>(Int(column));
  }
  std::optional<std::string> OptText(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::string>(Text(column));
  }

 private:
  Cursor* cursor_;
};

enum class TransactionMode { kRead, kWrite };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  virtual Statement Prepare(const std::string& sql) = 0;
  // A SELECT that locks the rows it returns until the transaction ends, so a read-modify-write of them cannot
  // interleave with another transaction's. PostgreSQL: FOR NO KEY UPDATE (foreign-key checks still pass).
  // SQLite: the statement as written, since its write transaction already excludes every other writer.
  virtual Statement PrepareLocking(const std::string& select) = 0;
  // Runs statements without parameters (DDL, migrations).
  virtual void ExecScript(const std::string& sql) = 0;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  virtual int Changes() const = 0;
  // False once the connection to the server is lost; the pool then drops it instead of reusing it.
  virtual bool Usable() const { return true; }
  // Asks the server whether the connection still works (a round trip on PostgreSQL).
  virtual bool Alive() { return Usable(); }
  // Round trips to the server so far: each time it waited for the server's answer (PostgreSQL). SQLite has none.
  virtual std::uint64_t RoundTrips() const { return 0; }
  // Each write transaction committed here adds one to `counter` (nullptr: none): how a node's search snapshot
  // knows that this node changed what searches read before its next search (shopping::SearchSnapshot).
  void CountCommitsIn(std::atomic<std::uint64_t>* counter) { commits_ = counter; }
  // Runs `work` as one write transaction: committed if it returns true, rolled back if it returns false or throws
  // (and rethrown). Returns once what it committed is durable. InWriteTransaction is the way to call it.
  void RunWrite(const std::function<bool()>& work);

 protected:
  friend class Transaction;
  virtual void Begin(TransactionMode mode) = 0;
  virtual void Commit() = 0;
  virtual void Rollback() noexcept = 0;
  // RunWrite's engine part; returns whether `work` committed. Here: Begin, `work`, Commit or Rollback, on this thread.
  virtual bool RunWriteTransaction(const std::function<bool()>& work);

 private:
  std::atomic<std::uint64_t>* commits_ = nullptr;
};

// A transaction; rolls back unless Commit() was called. A write transaction's read-modify-write is safe on both
// engines only for rows read with PrepareLocking (PostgreSQL runs READ COMMITTED); a read transaction sees one
// consistent snapshot.
class Transaction {
 public:
  explicit Transaction(Connection& connection, TransactionMode mode = TransactionMode::kWrite);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void Commit();

  using Mode = TransactionMode;

 private:
  Connection& connection_;
  TransactionMode mode_;
  bool open_ = true;
};

using ConnectionFactory = std::function<std::unique_ptr<Connection>()>;

// Where an engine commits write transactions in groups (SQLite: sqlite_writer.hpp), what its groups came to.
struct CommitGroupStats {
  std::uint64_t transactions = 0;  // committed members
  std::uint64_t groups = 0;        // COMMITs that made them durable
  std::uint64_t failed_groups = 0;
  std::uint64_t waiting = 0;  // write transactions waiting for their turn, now
};

// A bounded pool: at most `size` connections, created on demand; Acquire waits up to `acquire_timeout` and then
// throws kUnavailable. A connection that lost its server is dropped on release together with the idle ones (they
// went with the same server), so the pool reconnects without restarting jetway. A connection that sat idle for
// more than `check_idle_after` is checked before it is handed out, so a database restart during a quiet spell costs no
// request an error.
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

  ConnectionPool(std::string name, Engine engine, ConnectionFactory factory, std::size_t size,
                 std::chrono::milliseconds acquire_timeout = std::chrono::seconds{5},
                 std::chrono::milliseconds check_idle_after = std::chrono::seconds{1});
  Lease Acquire();
  // A connection if one comes free within `wait`, else nullopt (not counted as a timeout). Throws when connecting
  // fails.
  std::optional<Lease> TryAcquire(std::chrono::milliseconds wait);
  const std::string& name() const { return name_; }
  // Every connection of the pool, open and to come, counts its write commits in `counter`.
  void CountCommitsIn(std::atomic<std::uint64_t>* counter);

  // For the metrics: the pool now, and what acquiring has met since the start.
  struct Stats {
    std::size_t size = 0;  // the most connections it opens
    std::size_t open = 0;  // made and not closed, in use or idle
    std::size_t idle = 0;
    std::uint64_t waits = 0;                        // acquires that found no connection free and waited
    std::uint64_t timeouts = 0;                     // acquires that gave up waiting (the request got 503)
    std::uint64_t connect_failures = 0;             // new connections the database refused or did not answer
    std::optional<CommitGroupStats> commit_groups;  // none where each transaction commits alone (PostgreSQL)
  };
  Stats stats();
  Engine engine() const { return engine_; }
  // For an engine that commits in groups: where the pool's stats read them.
  void ReportCommitGroups(std::function<CommitGroupStats()> source) { commit_groups_ = std::move(source); }

 private:
  // Makes a new connection for a slot already counted in created_ (released again if connecting fails).
  Lease Connect();
  void Release(std::unique_ptr<Connection> connection);

  std::string name_;
  Engine engine_;
  ConnectionFactory factory_;
  std::size_t size_;
  std::chrono::milliseconds acquire_timeout_;
  std::chrono::milliseconds check_idle_after_;
  std::mutex mutex_;
  std::condition_variable available_;
  struct Idle {
    std::unique_ptr<Connection> connection;
    std::chrono::steady_clock::time_point since;
  };
  std::vector<Idle> idle_;
  std::size_t created_ = 0;
  std::uint64_t waits_ = 0;
  std::uint64_t timeouts_ = 0;
  std::uint64_t connect_failures_ = 0;
  std::atomic<std::uint64_t>* commits_ = nullptr;
  std::function<CommitGroupStats()> commit_groups_;
};

// After a bulk load: PostgreSQL plans with table statistics, and before autovacuum's first ANALYZE a freshly loaded
// table has none (measured: searches ran at a tenth of their later speed). Analyzes every table of the schema;
// nothing to do on SQLite, whose plans here need no statistics.
void RefreshStatistics(Connection& connection);

// True when a connection can be taken and answers a trivial query, or when every connection is busy serving
// requests (the readiness probe: busy is not down).
bool Ping(ConnectionPool& pool);

// Inside an open write transaction: its commit does not wait for a synchronous standby (PostgreSQL's
// synchronous_commit = local; nothing on SQLite). For housekeeping (leases, error counts, uptime, alert e-mails):
// a booking waits for the standby so a failover loses none (RPO 0), but these may be lost in one, and must go on
// while the standby is gone, an alert about that above all.
void DontWaitForStandby(Connection& db);

// What a write transaction's body says before it returns: Commit() keeps its work; without it the work is undone.
class WriteScope {
 public:
  void Commit() { commit_ = true; }
  bool committed() const { return commit_; }

 private:
  bool commit_ = false;
};

// Runs body(WriteScope&) as one write transaction on `db` and returns what it returned, once the work it kept (by
// calling Commit()) is durable; throws what it threw, or the commit's error, with its work undone. On SQLite the body
// may run on another thread, which runs other transactions' bodies on the writer's turn while their threads wait
// (SqliteWriter::Combine): it must not depend on the thread it runs on, nor wait for another write transaction.
template <typename F>
auto InWriteTransaction(Connection& db, F&& body) {
  std::optional<decltype(body(std::declval<WriteScope&>()))> result;
  db.RunWrite([&] {
    WriteScope scope;
    result.emplace(body(scope));
    return scope.committed();
  });
  return std::move(*result);
}

// Runs `attempt` (which opens its own transaction) again when it failed with a serialization failure, a deadlock
// or a unique violation, up to `attempts` times. Only for transactions that re-read what they check, so that the
// next attempt sees the winner's row (an Idempotency-Key, a locator) and decides again.
template <typename F>
auto RetryConflicts(F&& attempt, int attempts = 6) -> decltype(attempt()) {
  for (int i = 1;; ++i) {
    try {
      return attempt();
    } catch (const StoreError& e) {
      const bool retryable = e.kind() == StoreErrorKind::kConflict || e.kind() == StoreErrorKind::kUniqueViolation;
      if (!retryable || i >= attempts) throw;
    }
  }
}

}  // namespace jetway::store
