#include "store/store.hpp"

#include <fmt/core.h>

namespace jetway::store {

Transaction::Transaction(Connection& connection, TransactionMode mode) : connection_(connection), mode_(mode) {
  connection_.Begin(mode);
}

Transaction::~Transaction() {
  if (open_) connection_.Rollback();
}

void Transaction::Commit() {
  open_ = false;  // a failed COMMIT has ended the transaction on both engines; nothing is left to roll back
  connection_.Commit();
  if (mode_ == TransactionMode::kWrite && connection_.commits_) connection_.commits_->fetch_add(1);
}

void Connection::RunWrite(const std::function<bool()>& work) {
  if (RunWriteTransaction(work) && commits_) commits_->fetch_add(1);
}

bool Connection::RunWriteTransaction(const std::function<bool()>& work) {
  Begin(TransactionMode::kWrite);
  bool keep = false;
  try {
    keep = work();
  } catch (...) {
    Rollback();
    throw;
  }
  if (!keep) {
    Rollback();
    return false;
  }
  Commit();  // a failed COMMIT has ended the transaction on both engines
  return true;
}

ConnectionPool::ConnectionPool(std::string name, Engine engine, ConnectionFactory factory, std::size_t size,
                               std::chrono::milliseconds acquire_timeout, std::chrono::milliseconds check_idle_after)
    : name_(std::move(name)),
      engine_(engine),
      factory_(std::move(factory)),
      size_(size),
      acquire_timeout_(acquire_timeout),
      check_idle_after_(check_idle_after) {}

ConnectionPool::Lease ConnectionPool::Acquire() {
  auto lease = TryAcquire(acquire_timeout_);
  if (!lease) {
    {
      std::lock_guard lock(mutex_);
      ++timeouts_;
    }
    throw StoreError(StoreErrorKind::kUnavailable, fmt::format("no {} database connection became free within {} ms",
                                                               name_, acquire_timeout_.count()));
  }
  return std::move(*lease);
}

std::optional<ConnectionPool::Lease> ConnectionPool::TryAcquire(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  auto free = [&] { return !idle_.empty() || created_ < size_; };
  if (!free()) ++waits_;
  if (!available_.wait_for(lock, wait, free)) return std::nullopt;
  if (idle_.empty()) {
    ++created_;
    lock.unlock();
    return Connect();
  }
  auto idle = std::move(idle_.back());
  idle_.pop_back();
  if (std::chrono::steady_clock::now() - idle.since < check_idle_after_)
    return Lease(*this, std::move(idle.connection));
  lock.unlock();
  if (idle.connection->Alive()) return Lease(*this, std::move(idle.connection));
  // The server went away while this one waited, and the others waited on the same server: start afresh. This
  // connection's slot stays counted for its replacement.
  std::vector<Idle> dropped;
  lock.lock();
  dropped.swap(idle_);
  created_ -= dropped.size();
  available_.notify_all();
  lock.unlock();
  dropped.clear();
  idle.connection.reset();
  return Connect();
}

void ConnectionPool::CountCommitsIn(std::atomic<std::uint64_t>* counter) {
  std::lock_guard lock(mutex_);
  commits_ = counter;
  for (auto& idle : idle_) idle.connection->CountCommitsIn(counter);
}

ConnectionPool::Lease ConnectionPool::Connect() {
  try {
    auto connection = factory_();
    {
      std::lock_guard lock(mutex_);
      connection->CountCommitsIn(commits_);
    }
    return Lease(*this, std::move(connection));
  } catch (...) {
    std::lock_guard lock(mutex_);
    --created_;
    ++connect_failures_;
    available_.notify_one();
    throw;
  }
}

ConnectionPool::Stats ConnectionPool::stats() {
  Stats stats;
  {
    std::lock_guard lock(mutex_);
    stats = Stats{size_, created_, idle_.size(), waits_, timeouts_, connect_failures_, std::nullopt};
  }
  if (commit_groups_) stats.commit_groups = commit_groups_();
  return stats;
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  std::vector<std::unique_ptr<Connection>> dropped;
  {
    std::lock_guard lock(mutex_);
    if (connection->Usable()) {
      idle_.push_back(Idle{std::move(connection), std::chrono::steady_clock::now()});
    } else {
      dropped.push_back(std::move(connection));
      for (auto& idle : idle_) dropped.push_back(std::move(idle.connection));
      created_ -= dropped.size();
      idle_.clear();
    }
    available_.notify_all();
  }
  // `dropped` closes its connections here, outside the lock.
}

void RefreshStatistics(Connection& connection) {
  if (connection.engine() != Engine::kPostgres) return;
  std::vector<std::string> tables;
  {
    auto stmt = connection.Prepare("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'");
    while (stmt.Step()) tables.push_back(stmt.Text(0));
  }
  for (const auto& table : tables) connection.ExecScript("ANALYZE " + table);
}

void DontWaitForStandby(Connection& db) {
  if (db.engine() == Engine::kPostgres) db.ExecScript("SET LOCAL synchronous_commit = local");
}

bool Ping(ConnectionPool& pool) {
  // Twice: a connection that died a moment ago is dropped by the first attempt and says nothing about the server.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      // A pool whose every connection is serving a request is busy, not down: were the database gone, those
      // requests would fail and their connections be dropped, and the next probe would have to connect. Waiting
      // its full acquire time instead made a load balancer's check time out and take a busy node out of the pool
      // (bench/operations.py: one node behind HAProxy under 64 booking clients).
      auto lease = pool.TryAcquire(std::chrono::milliseconds{250});
      if (!lease) return true;
      auto stmt = (*lease)->Prepare("SELECT COUNT(*) FROM schema_migrations");
      return stmt.Step() && stmt.Int(0) > 0;
    } catch (const StoreError&) {
    }
  }
  return false;
}

}  // namespace jetway::store
