#include "store/sqlite.hpp"

#include <fmt/core.h>

namespace jetway::store {

namespace {
StoreErrorKind KindOf(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StoreErrorKind::kBusy;
    case SQLITE_CONSTRAINT:
      return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) ? StoreErrorKind::kUniqueViolation
                                                                                     : StoreErrorKind::kConstraint;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN: return StoreErrorKind::kIo;
    default: return StoreErrorKind::kOther;
  }
}
}  // namespace

Statement::~Statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) connection_->Throw(rc, "bind");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  if (int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
      rc != SQLITE_OK)
    connection_->Throw(rc, "bind");
  return *this;
}

Statement& Statement::Bind(int index, std::optional<std::int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) connection_->Throw(rc, "bind");
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  connection_->Throw(rc, sqlite3_sql(stmt_));
}

void Statement::Exec() {
  while (Step()) {
  }
}

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::optional<std::int64_t> Statement::OptInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> Statement::OptText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

Connection::Connection(const std::string& path, bool durable, std::mutex* write_gate) : write_gate_(write_gate) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(KindOf(rc), fmt::format("cannot open {}: {}", path, message));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 10'000);
  ExecScript("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
  // FULL makes each commit durable against power loss (and kill -9) before we answer 2xx.
  ExecScript(durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Statement Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
    if (rc != SQLITE_OK) Throw(rc, sql);
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(*this, it->second);
}

void Connection::ExecScript(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw StoreError(KindOf(rc), fmt::format("sqlite: {} (in: {:.80})", text, sql));
  }
}

void Connection::Throw(int rc, std::string_view context) const {
  throw StoreError(KindOf(rc), fmt::format("sqlite: {} (in: {:.80})", sqlite3_errmsg(db_), context));
}

Transaction::Transaction(Connection& connection, Mode mode) : connection_(connection) {
  if (mode == Mode::kWrite && connection_.write_gate_) gate_ = std::unique_lock(*connection_.write_gate_);
  connection_.Prepare(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN").Exec();
}

Transaction::~Transaction() {
  if (open_) {
    try {
      connection_.Prepare("ROLLBACK").Exec();
    } catch (...) {
      // A failed rollback leaves SQLite to roll back when the connection closes; nothing more to do here.
    }
  }
}

void Transaction::Commit() {
  connection_.Prepare("COMMIT").Exec();
  open_ = false;
  if (gate_.owns_lock()) gate_.unlock();
}

ConnectionPool::ConnectionPool(std::string path, bool durable, std::size_t size)
    : path_(std::move(path)), durable_(durable), size_(size) {}

ConnectionPool::Lease ConnectionPool::Acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || created_ < size_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  ++created_;
  lock.unlock();
  try {
    return Lease(*this, std::make_unique<Connection>(path_, durable_, &write_gate_));
  } catch (...) {
    std::lock_guard relock(mutex_);
    --created_;
    available_.notify_one();
    throw;
  }
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
  available_.notify_one();
}

}  // namespace jetway::store

namespace jetway::store {
bool Ping(ConnectionPool& pool) {
  try {
    auto lease = pool.Acquire();
    auto stmt = lease->Prepare("SELECT COUNT(*) FROM schema_migrations");
    return stmt.Step() && stmt.Int(0) > 0;
  } catch (const StoreError&) {
    return false;
  }
}
}  // namespace jetway::store
