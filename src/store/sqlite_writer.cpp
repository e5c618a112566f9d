#include "store/sqlite_writer.hpp"

#include <string_view>
#include <utility>

#include "store/sqlite_handle.hpp"

namespace jetway::store {

namespace {

sqlite3_stmt* PrepareControl(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int rc =
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) ThrowSqlite(db, rc, sql);
  return statement;
}

// SQLite gave up the whole transaction (an I/O error, a full disk, a ROLLBACK conflict clause in some member): the
// members before did nothing wrong, and running their transactions again may well succeed.
StoreError Lost() {
  return StoreError(StoreErrorKind::kConflict,
                    "sqlite: the group's transaction was rolled back after another transaction's error; retry");
}

}  // namespace

SqliteWriter::SqliteWriter(const std::string& path, bool durable, Limits limits)
    : db_(OpenSqliteHandle(path, durable, /*thread_safe=*/true)), limits_(limits) {
  try {
    // Each member runs in a savepoint, whose undo pages SQLite spills to a new temporary file past 64 KiB: for every
    // group an open, an unlink and a write per page (SQLite bookings +9 % without them in the harness). Kept in
    // memory on this handle only: reads elsewhere (reports) may sort more than memory should hold.
    ExecSqlite(db_, "PRAGMA temp_store=MEMORY;");
    // IMMEDIATE takes the write lock at once, so a read-modify-write cannot interleave with another writer (a
    // process other than this one; this process's writers take turns).
    begin_ = PrepareControl(db_, "BEGIN IMMEDIATE");
    savepoint_ = PrepareControl(db_, "SAVEPOINT jetway_member");
    release_ = PrepareControl(db_, "RELEASE jetway_member");
    rollback_to_ = PrepareControl(db_, "ROLLBACK TO jetway_member");
    commit_ = PrepareControl(db_, "COMMIT");
  } catch (...) {
    Close();
    throw;
  }
}

SqliteWriter::~SqliteWriter() { Close(); }

void SqliteWriter::Close() noexcept {
  for (auto* statement : {begin_, savepoint_, release_, rollback_to_, commit_}) sqlite3_finalize(statement);
  begin_ = savepoint_ = release_ = rollback_to_ = commit_ = nullptr;
  sqlite3_close(db_);
  db_ = nullptr;
}

void SqliteWriter::Run(sqlite3_stmt* statement) {
  const int rc = sqlite3_step(statement);
  if (rc == SQLITE_DONE) {
    sqlite3_reset(statement);
    return;
  }
  const StoreError error = SqliteError(db_, rc, sqlite3_sql(statement));  // read before the reset
  sqlite3_reset(statement);
  throw error;
}

void SqliteWriter::Begin() {
  ++queued_;
  turn_.lock();
  --queued_;
  try {
    if (!group_open_) {
      Run(begin_);
      group_open_ = true;
      group_started_ = std::chrono::steady_clock::now();
    }
    Run(savepoint_);
  } catch (const StoreError&) {
    EndTurn();
    throw;
  }
}

void SqliteWriter::Release() {
  // A deferred foreign key would be checked by the group's COMMIT and fail every member: check this one's now.
  int deferred = 0, highwater = 0;
  sqlite3_db_status(db_, SQLITE_DBSTATUS_DEFERRED_FKS, &deferred, &highwater, 0);
  if (deferred > 0)
    throw StoreError(StoreErrorKind::kConstraint, "sqlite: FOREIGN KEY constraint failed (deferred, at commit)");
  Run(release_);
}

void SqliteWriter::Join() {
  const std::uint64_t group = group_;
  ++members_;
  EndTurn();
  AwaitGroup(group);
}

void SqliteWriter::Rollback() noexcept {
  // Where SQLite already abandoned the whole transaction, there is no savepoint left: EndTurn fails the group.
  if (!sqlite3_get_autocommit(db_)) {
    try {
      Run(rollback_to_);
      Run(release_);
    } catch (const StoreError& error) {
      FailGroup(error);  // the group's transaction is in a state nobody can vouch for
    }
  }
  EndTurn();
}

void SqliteWriter::EndTurn() {
  if (group_open_) {
    if (sqlite3_get_autocommit(db_)) {
      FailGroup(Lost());
    } else if (queued_.load() == 0 || members_ >= limits_.max_members ||
               std::chrono::steady_clock::now() - group_started_ >= limits_.max_age) {
      CloseGroup();
    }
  }
  turn_.unlock();
}

void SqliteWriter::CloseGroup() {
  if (members_ == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    Publish(std::nullopt);
    return;
  }
  try {
    Run(commit_);
    Publish(std::nullopt);
  } catch (const StoreError& error) {
    FailGroup(error);
  }
}

void SqliteWriter::FailGroup(const StoreError& error) {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  Publish(error);
}

void SqliteWriter::Publish(std::optional<StoreError> failure) {
  {
    std::lock_guard lock(outcome_mutex_);
    closed_ = group_;
    if (members_ > 0) {
      if (failure) {
        failures_.emplace(group_, Failure{std::move(*failure), members_});
        ++stats_.failed_groups;
      } else {
        stats_.transactions += members_;
        ++stats_.groups;
      }
    }
  }
  outcome_.notify_all();
  group_open_ = false;
  members_ = 0;
  ++group_;
}

void SqliteWriter::AwaitGroup(std::uint64_t group) {
  std::unique_lock lock(outcome_mutex_);
  outcome_.wait(lock, [&] { return closed_ >= group; });
  auto failure = failures_.find(group);
  if (failure == failures_.end()) return;
  StoreError error = failure->second.error;
  if (--failure->second.unread == 0) failures_.erase(failure);
  throw error;
}

SqliteWriter::Stats SqliteWriter::stats() const {
  std::lock_guard lock(outcome_mutex_);
  return stats_;
}

}  // namespace jetway::store
