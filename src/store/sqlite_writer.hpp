// Group commit for one SQLite file.
//
// SQLite lets one connection write at a time, and each commit (WAL, synchronous=FULL) writes the pages it changed to
// the WAL and syncs it. Measured on the booking path (bench/run.sh, 64 clients): a write transaction held the file
// for ~250 us of statements and ~340 us of COMMIT, and the other connections' page caches were thrown away at every
// commit, so each transaction began by reading its pages again.
//
// The connections of a pool share one SqliteWriter: a write transaction takes its turn on the writer's handle and runs
// in a savepoint there. When it ends while others wait for their turn, the outer transaction stays open for them,
// and whoever ends with nobody waiting (or once the group is large or old enough) commits the group's work at once:
// one COMMIT, one sync, each page written once. Commit() returns only when the member's group is durable and throws
// if the group's COMMIT failed: nothing is acknowledged that was not committed. A member sees the work of the members
// before it, as it would once they commit; if their group fails, it fails with them. The writer's page cache stays
// warm, since no other connection of the process writes the file.
//
// The sync is made after the turn is given up, so that the next group runs while this one's sync waits for the disk
// (the turn was held 89 % of the time, 37 % of it in COMMIT, in bench/run.sh's bookings). The handle commits with
// synchronous=NORMAL, which writes the WAL's frames but does not sync them (SQLite still syncs around checkpoints and
// when the WAL is reused); the writer then syncs the WAL itself, one sync at a time, each covering every group whose
// COMMIT came before it. A group is acknowledged only once such a sync returned: what FULL promises, later. If a sync
// fails, the writer acknowledges nothing after it: its groups and every later one fail.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace jetway::store {

class SqliteWriter {
 public:
  struct Limits {
    // Under load the turn is handed on and on: the first member to end once the group has this many members or is
    // this old commits it. A member also waits for the members after it in its group, so a long transaction delays
    // the acknowledgement of those before it as it delays every writer after it: writes stay short.
    std::size_t max_members = 64;
    std::chrono::microseconds max_age{4000};
  };

  // SQLite checkpoints in the COMMIT that takes the WAL past this many pages, so inside the turn, every writer
  // waiting: it copies the WAL's pages into the database and syncs both files. At SQLite's default (1,000 pages,
  // 4 MiB) the bookings of bench/run.sh checkpointed every ~25 groups; at this bound COMMIT held the turn a third
  // less time in all (0.35 s per 4,000 bookings' transactions against 0.53-0.58 s): a page written in many groups
  // (an index's root, a table's last leaf, a flight's counters) is copied once per checkpoint, and the two syncs
  // come ten times less often. The WAL file grows to ~40 MiB once (SQLite reuses it from its start after each
  // checkpoint) and a crash replays at most that much.
  static constexpr int kCheckpointPages = 10'000;

  // How the WAL is synced: fdatasync, or a test's stand-in that blocks or fails (and may call fdatasync itself).
  using SyncFile = std::function<int(int fd)>;

  SqliteWriter(const std::string& path, bool durable, Limits limits, SyncFile sync_file);
  SqliteWriter(const std::string& path, bool durable, Limits limits);
  SqliteWriter(const std::string& path, bool durable) : SqliteWriter(path, durable, Limits{}) {}
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // Opened in SQLite's serialized mode: a connection may reset or finalize its statements on it at any time.
  sqlite3* handle() const { return db_; }

  // Waits for the turn and opens the transaction's savepoint. Throws with the turn given back.
  void Begin();
  // Ends the savepoint, keeping its work in the group. Throws with the transaction still open: roll it back.
  void Release();
  // After Release: gives the turn up, then waits for the group. Returns once it committed; throws its error if not.
  void Join();
  // Undoes the transaction's work and gives the turn up.
  void Rollback() noexcept;

  // Runs `work` as one member of a group, in its own savepoint: kept if it returns true, undone if it returns false
  // or throws (what it threw is rethrown here). Returns once a kept member's group is durable.
  //
  // Handing the turn from one thread to the next cost ~25 us of a ~135 us turn on the booking path (a futex wake-up
  // and a task switch on a 2-core virtual machine), while the turn was the bottleneck and a third of the CPU idle.
  // So work submitted here is queued, and one thread, the leader, runs the queue's work back to back on its turn,
  // the other threads' included, while they sleep; it wakes them once their group is committed. `work` may thus
  // run on another thread than the caller's, and must not depend on which. A leader leads for one group at most,
  // then hands the queue to the thread of its first member left, so that no thread waits on others' work for long.
  void Combine(const std::function<bool()>& work);

  using Stats = CommitGroupStats;
  Stats stats() const;
  // Transactions waiting for their turn.
  std::size_t queued() const { return queued_.load(); }

 private:
  void Close() noexcept;
  void Run(sqlite3_stmt* statement);
  void EndTurn();
  // Commits the open group; returns its number when it awaits its sync.
  std::optional<std::uint64_t> CloseGroup();
  // At a turn's end: CloseGroup, unless others wait to join the open group and it is within its limits.
  std::optional<std::uint64_t> CloseGroupIfDue();
  void FailGroup(const StoreError& error);
  void NextGroup();
  void OpenWal();
  // Outside the turn: syncs the WAL unless a sync begun after the group's COMMIT did, then tells its members.
  void MakeDurable(std::uint64_t group);
  void AwaitGroup(std::uint64_t group);
  void ThrowIfBroken();

  // A transaction submitted to Combine, on its caller's stack. Its caller sleeps on `woken` until a leader wakes it,
  // with `mutex` held while it notifies: the caller, which may return and free this at once, cannot do so before.
  struct Submitted {
    const std::function<bool()>* work = nullptr;
    std::exception_ptr error;
    std::optional<std::uint64_t> group;  // kept in this group
    bool lead = false;                   // woken to lead, not because its work is done
    bool awake = false;
    std::mutex mutex;
    std::condition_variable woken;
  };
  static void Wake(Submitted& member, bool lead);
  static void Sleep(Submitted& member);
  // Opens the member's savepoint (and the group's transaction, first). Throws with the turn still held.
  void OpenMember();
  // Undoes the member's work since its savepoint; a failure fails the group.
  void UndoMember() noexcept;
  // The group's transaction, when SQLite has abandoned it: the group's members are told, and a new group begins.
  void FailGroupIfAbandoned();
  bool GroupAtLimit() const;
  // noexcept: what could escape (bad_alloc) would leave the turn held and members asleep for good; better the
  // process ends.
  void Lead() noexcept;
  void RunSubmitted(Submitted& member) noexcept;

  sqlite3* db_ = nullptr;
  std::string wal_path_;
  bool durable_;
  Limits limits_;
  SyncFile sync_file_;
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* savepoint_ = nullptr;
  sqlite3_stmt* release_ = nullptr;
  sqlite3_stmt* rollback_to_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;

  std::mutex turn_;
  std::atomic<std::size_t> queued_{0};
  // Combine's queue, and whether a leader is running it.
  std::mutex submitted_mutex_;
  std::deque<Submitted*> submitted_;
  bool leading_ = false;
  // The open group, touched only by the turn's holder.
  bool group_open_ = false;
  std::uint64_t group_ = 1;
  std::size_t members_ = 0;
  std::chrono::steady_clock::time_point group_started_;

  // One sync of the WAL at a time, telling its groups before the next begins: each learns its errors alone, and
  // covers every COMMIT before it.
  std::mutex sync_;
  int wal_fd_ = -1;  // opened by the first sync, and kept (under sync_)

  // What became of the groups, for their members.
  struct Failure {
    StoreError error;
    std::size_t unread;  // members that have not yet been told
  };
  mutable std::mutex outcome_mutex_;
  std::condition_variable outcome_;
  std::uint64_t closed_ = 0;  // every group up to this one that did not fail is durable (written under sync_ too)
  std::map<std::uint64_t, std::size_t> awaiting_sync_;  // committed groups and their members
  std::map<std::uint64_t, Failure> failures_;
  std::optional<StoreError> broken_;  // a failed sync: nothing written after it can be vouched for
  std::atomic<bool> is_broken_{false};
  Stats stats_;
};

}  // namespace jetway::store
