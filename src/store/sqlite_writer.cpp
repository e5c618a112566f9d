#include "store/sqlite_writer.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <string_view>
#include <system_error>
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
    : SqliteWriter(path, durable, limits, [](int fd) { return ::fdatasync(fd); }) {}

SqliteWriter::SqliteWriter(const std::string& path, bool durable, Limits limits, SyncFile sync_file)
    : db_(OpenSqliteHandle(path, durable, /*thread_safe=*/true)),
      wal_path_(path + "-wal"),
      durable_(durable),
      limits_(limits),
      sync_file_(std::move(sync_file)) {
  try {
    // Each member runs in a savepoint, whose undo pages SQLite spills to a new temporary file past 64 KiB: for every
    // group an open, an unlink and a write per page (SQLite bookings +9 % without them in the harness). Kept in
    // memory on this handle only: reads elsewhere (reports) may sort more than memory should hold.
    ExecSqlite(db_, "PRAGMA temp_store=MEMORY;");
    // The groups' syncs are the writer's own (MakeDurable); SQLite keeps those of checkpoints and of a reused WAL.
    ExecSqlite(db_, "PRAGMA synchronous=NORMAL;");
    ExecSqlite(db_, fmt::format("PRAGMA wal_autocheckpoint={};", kCheckpointPages));
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
  if (wal_fd_ >= 0) ::close(wal_fd_);
  wal_fd_ = -1;
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

void SqliteWriter::ThrowIfBroken() {
  if (!is_broken_.load()) return;
  std::lock_guard lock(outcome_mutex_);
  throw *broken_;
}

void SqliteWriter::Begin() {
  ThrowIfBroken();
  ++queued_;
  turn_.lock();
  --queued_;
  try {
    OpenMember();
  } catch (const StoreError&) {
    EndTurn();
    throw;
  }
}

void SqliteWriter::OpenMember() {
  if (!group_open_) {
    Run(begin_);
    group_open_ = true;
    group_started_ = std::chrono::steady_clock::now();
  }
  Run(savepoint_);
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
  UndoMember();
  EndTurn();
}

void SqliteWriter::UndoMember() noexcept {
  // Where SQLite already abandoned the whole transaction, there is no savepoint left: FailGroupIfAbandoned fails
  // the group.
  if (sqlite3_get_autocommit(db_)) return;
  try {
    Run(rollback_to_);
    Run(release_);
  } catch (const StoreError& error) {
    FailGroup(error);  // the group's transaction is in a state nobody can vouch for
  }
}

void SqliteWriter::FailGroupIfAbandoned() {
  if (group_open_ && sqlite3_get_autocommit(db_)) FailGroup(Lost());
}

bool SqliteWriter::GroupAtLimit() const {
  return members_ >= limits_.max_members || std::chrono::steady_clock::now() - group_started_ >= limits_.max_age;
}

std::optional<std::uint64_t> SqliteWriter::CloseGroupIfDue() {
  if (!group_open_ || (queued_.load() > 0 && !GroupAtLimit())) return std::nullopt;
  return CloseGroup();
}

void SqliteWriter::EndTurn() {
  FailGroupIfAbandoned();
  const auto committed = CloseGroupIfDue();
  turn_.unlock();
  if (committed) MakeDurable(*committed);
}

void SqliteWriter::Combine(const std::function<bool()>& work) {
  ThrowIfBroken();
  Submitted me;
  me.work = &work;
  bool lead = false;
  {
    std::lock_guard lock(submitted_mutex_);
    submitted_.push_back(&me);
    ++queued_;
    lead = !std::exchange(leading_, true);
  }
  if (!lead) {
    Sleep(me);
    lead = me.lead;
  }
  if (lead) Lead();  // its own work is first in the queue
  if (me.error) std::rethrow_exception(me.error);
  if (me.group) AwaitGroup(*me.group);
}

// Runs the queue on one turn until it is empty or the group reaches its limit; commits as EndTurn would; hands the
// queue on to the thread of the first member left, if any; and wakes the members it ran once their group is durable
// (or still open, for whoever commits it).
void SqliteWriter::Lead() noexcept {
  turn_.lock();
  std::vector<Submitted*> ran;
  ran.reserve(limits_.max_members);
  Submitted* next_leader = nullptr;
  for (;;) {
    Submitted* member = nullptr;
    {
      std::lock_guard lock(submitted_mutex_);
      if (submitted_.empty()) {
        leading_ = false;
        break;
      }
      if (!ran.empty() && group_open_ && GroupAtLimit()) {
        next_leader = submitted_.front();
        break;
      }
      member = submitted_.front();
      submitted_.pop_front();
      --queued_;
    }
    RunSubmitted(*member);
    ran.push_back(member);
  }
  const auto committed = CloseGroupIfDue();
  turn_.unlock();
  if (next_leader) Wake(*next_leader, true);
  if (committed) MakeDurable(*committed);
  // The first ran is the leader's own: it is not asleep. Nothing of a member is touched after it is woken.
  for (std::size_t i = 1; i < ran.size(); ++i) Wake(*ran[i], false);
}

void SqliteWriter::Wake(Submitted& member, bool lead) {
  std::lock_guard lock(member.mutex);
  member.lead = lead;
  member.awake = true;
  member.woken.notify_one();
}

void SqliteWriter::Sleep(Submitted& member) {
  std::unique_lock lock(member.mutex);
  member.woken.wait(lock, [&] { return member.awake; });
}

void SqliteWriter::RunSubmitted(Submitted& member) noexcept {
  try {
    OpenMember();
  } catch (...) {
    member.error = std::current_exception();
    FailGroupIfAbandoned();
    return;
  }
  try {
    if ((*member.work)()) {
      Release();
      ++members_;
      member.group = group_;
      return;
    }
  } catch (...) {
    member.error = std::current_exception();
  }
  UndoMember();
  FailGroupIfAbandoned();
}

std::optional<std::uint64_t> SqliteWriter::CloseGroup() {
  if (members_ == 0) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    NextGroup();
    return std::nullopt;
  }
  try {
    Run(commit_);
  } catch (const StoreError& error) {
    FailGroup(error);
    return std::nullopt;
  }
  const std::uint64_t group = group_;
  {
    std::lock_guard lock(outcome_mutex_);
    awaiting_sync_.emplace(group, members_);
  }
  NextGroup();
  return group;
}

void SqliteWriter::FailGroup(const StoreError& error) {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  {
    std::lock_guard lock(outcome_mutex_);
    if (members_ > 0) {
      failures_.emplace(group_, Failure{error, members_});
      ++stats_.failed_groups;
    }
  }
  outcome_.notify_all();
  NextGroup();
}

void SqliteWriter::NextGroup() {
  group_open_ = false;
  members_ = 0;
  ++group_;
}

// SQLite creates the WAL and, under synchronous=NORMAL, syncs neither it nor its directory entry before a
// checkpoint: both are synced here once, when it first holds a commit.
void SqliteWriter::OpenWal() {
  wal_fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
  const auto directory = std::filesystem::absolute(wal_path_).parent_path();
  const int directory_fd = wal_fd_ < 0 ? -1 : ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool synced = directory_fd >= 0 && ::fsync(directory_fd) == 0;
  const int error = errno;
  if (directory_fd >= 0) ::close(directory_fd);
  if (!synced) {
    if (wal_fd_ >= 0) ::close(wal_fd_);
    wal_fd_ = -1;
    throw StoreError(StoreErrorKind::kIo, fmt::format("sqlite: cannot open and sync {}: {}", wal_path_,
                                                      std::generic_category().message(error)));
  }
}

void SqliteWriter::MakeDurable(std::uint64_t group) {
  std::lock_guard sync(sync_);
  std::optional<StoreError> failure;
  std::uint64_t through = 0;
  {
    std::lock_guard lock(outcome_mutex_);
    if (closed_ >= group) return;              // told by the sync that covered it
    through = awaiting_sync_.rbegin()->first;  // the group itself at least: every COMMIT before this sync
    failure = broken_;
  }
  try {
    if (!failure && durable_) {
      if (wal_fd_ < 0) OpenWal();
      if (sync_file_(wal_fd_) != 0)
        throw StoreError(StoreErrorKind::kIo, fmt::format("sqlite: syncing {} failed: {}; restart jetway", wal_path_,
                                                          std::generic_category().message(errno)));
    }
  } catch (const StoreError& error) {
    failure = error;
  }
  {
    std::lock_guard lock(outcome_mutex_);
    if (failure && !broken_) {
      broken_ = failure;
      is_broken_ = true;
    }
    for (auto it = awaiting_sync_.begin(); it != awaiting_sync_.end() && it->first <= through;) {
      if (failure) {
        failures_.emplace(it->first, Failure{*failure, it->second});
        ++stats_.failed_groups;
      } else {
        stats_.transactions += it->second;
        ++stats_.groups;
      }
      it = awaiting_sync_.erase(it);
    }
    closed_ = through;
  }
  outcome_.notify_all();
}

void SqliteWriter::AwaitGroup(std::uint64_t group) {
  std::unique_lock lock(outcome_mutex_);
  outcome_.wait(lock, [&] { return closed_ >= group || failures_.count(group) > 0; });
  auto failure = failures_.find(group);
  if (failure == failures_.end()) return;
  StoreError error = failure->second.error;
  if (--failure->second.unread == 0) failures_.erase(failure);
  throw error;
}

SqliteWriter::Stats SqliteWriter::stats() const {
  Stats stats;
  {
    std::lock_guard lock(outcome_mutex_);
    stats = stats_;
  }
  stats.waiting = queued_.load();
  return stats;
}

}  // namespace jetway::store
