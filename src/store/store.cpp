#include "store/store.hpp"

#include <fmt/core.h>

namespace jetway::store {

Transaction::Transaction(Connection& connection, TransactionMode mode) : connection_(connection) {
  connection_.Begin(mode);
}

Transaction::~Transaction() {
  if (open_) connection_.Rollback();
}

void Transaction::Commit() {
  open_ = false;  // a failed COMMIT has ended the transaction on both engines; nothing is left to roll back
  connection_.Commit();
}

ConnectionPool::ConnectionPool(std::string name, Engine engine, ConnectionFactory factory, std::size_t size,
                               std::chrono::milliseconds acquire_timeout)
    : name_(std::move(name)), engine_(engine), factory_(std::move(factory)), size_(size),
      acquire_timeout_(acquire_timeout) {}

ConnectionPool::Lease ConnectionPool::Acquire() {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, acquire_timeout_, [&] { return !idle_.empty() || created_ < size_; }))
    throw StoreError(StoreErrorKind::kUnavailable,
                     fmt::format("no {} database connection became free within {} ms", name_, acquire_timeout_.count()));
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  ++created_;
  lock.unlock();
  try {
    return Lease(*this, factory_());
  } catch (...) {
    std::lock_guard relock(mutex_);
    --created_;
    available_.notify_one();
    throw;
  }
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  std::vector<std::unique_ptr<Connection>> dropped;
  {
    std::lock_guard lock(mutex_);
    if (connection->Usable()) {
      idle_.push_back(std::move(connection));
    } else {
      dropped.push_back(std::move(connection));
      for (auto& idle : idle_) dropped.push_back(std::move(idle));
      created_ -= dropped.size();
      idle_.clear();
    }
    available_.notify_all();
  }
  // `dropped` closes its connections here, outside the lock.
}

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
