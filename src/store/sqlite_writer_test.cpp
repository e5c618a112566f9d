// Group commit on SQLite (sqlite_writer.hpp): connections sharing a writer, one transaction holding its turn until
// another is queued behind it, so that both end up in one group without depending on timing.
#include "store/sqlite_writer.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite.hpp"

namespace jetway::store {
namespace {

void Insert(Connection& db, std::int64_t k) { db.Prepare("INSERT INTO t (k) VALUES (?)").Bind(1, k).Exec(); }

class SqliteWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = (std::filesystem::temp_directory_path() / fmt_name(test->name())).string();
    Remove();
    auto db = OpenSqlite(path_, true);
    db->ExecScript(
        "CREATE TABLE t (k INTEGER PRIMARY KEY);"
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE child (parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);");
    // No age limit that a slow machine could reach between a transaction and the one queued behind it: which
    // transactions share a group is decided by the queue alone here (the limits have their own tests).
    writer_ = std::make_shared<SqliteWriter>(path_, true, Patient());
  }
  static SqliteWriter::Limits Patient() { return {64, std::chrono::minutes{10}}; }
  void TearDown() override {
    writer_.reset();
    Remove();
  }

  static std::string fmt_name(const char* name) {
    return std::string("jetway_writer_") + name + "_" + std::to_string(getpid()) + ".db";
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::unique_ptr<Connection> Connect() { return OpenSqlite(path_, true, writer_); }

  // Rows of t as an independent connection (no writer) sees them: committed work only.
  std::vector<std::int64_t> Committed() {
    auto db = OpenSqlite(path_, true);
    std::vector<std::int64_t> keys;
    auto stmt = db->Prepare("SELECT k FROM t ORDER BY k");
    while (stmt.Step()) keys.push_back(stmt.Int(0));
    return keys;
  }

  // One transaction inserting `k`, alone on a fresh connection: the writer works (again).
  void CommitAlone(std::int64_t k) {
    auto db = Connect();
    Transaction tx(*db);
    Insert(*db, k);
    tx.Commit();
  }

  void WaitUntilQueued(std::size_t n) {
    for (int i = 0; i < 5000 && writer_->queued() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{1});
    ASSERT_EQ(writer_->queued(), n);
    EXPECT_EQ(writer_->stats().waiting, n) << "the pool's stats (and the metrics) report the queue as it is";
  }

  // `first` runs its transaction's work, then holds its turn until `second`'s transaction is queued behind it, and
  // commits: the two end in one group. Each step throws what the store throws; the outcomes are returned.
  struct Outcomes {
    std::optional<StoreError> first;
    std::optional<StoreError> second;
  };
  Outcomes InOneGroup(const std::function<void(Connection&)>& first, const std::function<void(Connection&)>& second) {
    auto a = Connect();
    auto b = Connect();
    Outcomes outcomes;
    std::thread other;
    try {
      Transaction tx(*a);
      first(*a);
      other = std::thread([&] {
        try {
          Transaction tx_b(*b);
          second(*b);
          tx_b.Commit();
        } catch (const StoreError& e) {
          outcomes.second = e;
        }
      });
      WaitUntilQueued(1);
      tx.Commit();
    } catch (const StoreError& e) {
      outcomes.first = e;
    }
    if (other.joinable()) other.join();
    return outcomes;
  }

  std::string path_;
  std::shared_ptr<SqliteWriter> writer_;
};

TEST_F(SqliteWriterTest, TransactionsEndingWhileOthersWaitCommitTogether) {
  std::vector<std::int64_t> seen_when_acknowledged;
  auto outcomes = InOneGroup([](Connection& db) { Insert(db, 1); },
                             [&](Connection& db) {
                               Insert(db, 2);
                               EXPECT_TRUE(Committed().empty())
                                   << "the first transaction's work is not durable before its group commits";
                             });
  EXPECT_FALSE(outcomes.first) << outcomes.first->what();
  EXPECT_FALSE(outcomes.second) << outcomes.second->what();
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1, 2}));
  const auto stats = writer_->stats();
  EXPECT_EQ(stats.transactions, 2u);
  EXPECT_EQ(stats.groups, 1u);
  EXPECT_EQ(stats.failed_groups, 0u);
  EXPECT_EQ(stats.waiting, 0u);
}

// A group at its size or age limit is committed by the member that reaches it, whoever waits behind.
TEST_F(SqliteWriterTest, AGroupAtItsLimitIsCommittedThoughOthersWait) {
  for (const SqliteWriter::Limits limits :
       {SqliteWriter::Limits{1, std::chrono::minutes{10}}, SqliteWriter::Limits{64, std::chrono::microseconds{0}}}) {
    writer_ = std::make_shared<SqliteWriter>(path_, true, limits);
    const auto first = static_cast<std::int64_t>(Committed().size()) + 1;
    auto outcomes = InOneGroup([&](Connection& db) { Insert(db, first); },
                               [&](Connection& db) {
                                 Insert(db, first + 1);
                                 EXPECT_EQ(Committed().size(), static_cast<std::size_t>(first))
                                     << "the first transaction's group was committed without waiting";
                               });
    EXPECT_FALSE(outcomes.first);
    EXPECT_FALSE(outcomes.second);
    EXPECT_EQ(writer_->stats().groups, 2u);
    EXPECT_EQ(writer_->stats().transactions, 2u);
  }
}

TEST_F(SqliteWriterTest, ATransactionAloneCommitsAtOnce) {
  CommitAlone(7);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{7}));
  EXPECT_EQ(writer_->stats().groups, 1u);
}

TEST_F(SqliteWriterTest, AMemberRolledBackLeavesTheOthersTheirWork) {
  auto outcomes = InOneGroup([](Connection& db) { Insert(db, 1); },
                             [](Connection& db) {
                               Insert(db, 2);
                               Insert(db, 1);  // the first member's row, seen uncommitted: a unique violation
                             });
  EXPECT_FALSE(outcomes.first);
  ASSERT_TRUE(outcomes.second);
  EXPECT_EQ(outcomes.second->kind(), StoreErrorKind::kUniqueViolation);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(writer_->stats().transactions, 1u);
}

// A statement left half-read when its transaction rolls back must not keep the savepoint from being released.
TEST_F(SqliteWriterTest, AStatementLeftRunningIsStoppedByTheRollback) {
  auto outcomes = InOneGroup([](Connection& db) { Insert(db, 1); },
                             [](Connection& db) {
                               Insert(db, 2);
                               auto returning = db.Prepare("INSERT INTO t (k) VALUES (3) RETURNING k");
                               ASSERT_TRUE(returning.Step());
                               throw StoreError(StoreErrorKind::kOther, "the caller gave up");
                             });
  EXPECT_FALSE(outcomes.first);
  ASSERT_TRUE(outcomes.second);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1}));
  CommitAlone(4);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1, 4}));
}

// A deferred foreign key would fail the group's COMMIT; it fails its own transaction at its commit instead.
TEST_F(SqliteWriterTest, ADeferredForeignKeyFailsOnlyItsTransaction) {
  auto outcomes = InOneGroup([](Connection& db) { Insert(db, 1); },
                             [](Connection& db) { db.Prepare("INSERT INTO child (parent_id) VALUES (99)").Exec(); });
  EXPECT_FALSE(outcomes.first);
  ASSERT_TRUE(outcomes.second);
  EXPECT_EQ(outcomes.second->kind(), StoreErrorKind::kConstraint);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1}));
}

// SQLite itself ends the whole transaction on some errors (here a conflict clause; an I/O error or a full disk do the
// same): the members before lose their work with it, and are told so as a conflict they may retry.
TEST_F(SqliteWriterTest, ATransactionSqliteAbandonsFailsTheGroupAsRetryable) {
  auto outcomes = InOneGroup([](Connection& db) { Insert(db, 1); },
                             [](Connection& db) { db.Prepare("INSERT OR ROLLBACK INTO t (k) VALUES (1)").Exec(); });
  ASSERT_TRUE(outcomes.first) << "acknowledged a transaction SQLite rolled back";
  EXPECT_EQ(outcomes.first->kind(), StoreErrorKind::kConflict) << outcomes.first->what();
  ASSERT_TRUE(outcomes.second);
  EXPECT_EQ(outcomes.second->kind(), StoreErrorKind::kUniqueViolation) << outcomes.second->what();
  EXPECT_TRUE(Committed().empty());
  EXPECT_EQ(writer_->stats().failed_groups, 1u);
  CommitAlone(2);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{2}));
}

int RefuseCommit(void*) { return 1; }  // SQLite turns the COMMIT into a ROLLBACK

TEST_F(SqliteWriterTest, AGroupWhoseCommitFailsFailsEveryMember) {
  sqlite3_commit_hook(writer_->handle(), RefuseCommit, nullptr);
  auto outcomes = InOneGroup([](Connection& db) { Insert(db, 1); }, [](Connection& db) { Insert(db, 2); });
  ASSERT_TRUE(outcomes.first) << "acknowledged a transaction whose group did not commit";
  ASSERT_TRUE(outcomes.second) << "acknowledged a transaction whose group did not commit";
  EXPECT_EQ(outcomes.first->kind(), StoreErrorKind::kConstraint) << outcomes.first->what();
  EXPECT_TRUE(Committed().empty());
  EXPECT_EQ(writer_->stats().failed_groups, 1u);

  sqlite3_commit_hook(writer_->handle(), nullptr, nullptr);
  CommitAlone(3);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{3}));
}

// Every acknowledged commit is there, none twice, whatever the groups were.
TEST_F(SqliteWriterTest, ConcurrentWritersKeepEveryAcknowledgedCommit) {
  constexpr int kThreads = 8, kEach = 150;
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto db = Connect();
      for (int i = 0; i < kEach; ++i) {
        Transaction tx(*db);
        Insert(*db, t * kEach + i);
        tx.Commit();
        ++acknowledged;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(acknowledged.load(), kThreads * kEach);
  EXPECT_EQ(Committed().size(), static_cast<std::size_t>(kThreads * kEach));
  const auto stats = writer_->stats();
  EXPECT_EQ(stats.transactions, static_cast<std::uint64_t>(kThreads * kEach));
  EXPECT_LE(stats.groups, stats.transactions);
  EXPECT_EQ(stats.failed_groups, 0u);
}

// A stand-in for fdatasync that counts, records what it synced, and can hold a sync until released or fail it.
class SyncProbe {
 public:
  SqliteWriter::SyncFile Function() {
    return [this](int fd) {
      std::unique_lock lock(mutex_);
      ++calls_;
      synced_ = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd)).string();
      changed_.notify_all();
      changed_.wait(lock, [&] { return !hold_; });
      if (fail_) {
        errno = EIO;
        return -1;
      }
      return ::fdatasync(fd);
    };
  }
  void Hold() {
    Set([&] { hold_ = true; });
  }
  void Release() {
    Set([&] { hold_ = false; });
  }
  void Fail() {
    Set([&] { fail_ = true; });
  }
  int calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::string synced() {
    std::lock_guard lock(mutex_);
    return synced_;
  }
  bool AwaitCalls(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds{10}, [&] { return calls_ >= n; });
  }

 private:
  void Set(const std::function<void()>& change) {
    {
      std::lock_guard lock(mutex_);
      change();
    }
    changed_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable changed_;
  int calls_ = 0;
  bool hold_ = false;
  bool fail_ = false;
  std::string synced_;
};

// The groups' commits do not sync (synchronous=NORMAL on the writer's handle); the writer syncs the WAL itself, and
// only then acknowledges.
TEST_F(SqliteWriterTest, ACommitIsAcknowledgedAfterTheWriterSyncsTheWal) {
  SyncProbe probe;
  writer_ = std::make_shared<SqliteWriter>(path_, true, Patient(), probe.Function());
  CommitAlone(1);
  EXPECT_EQ(probe.calls(), 1);
  EXPECT_EQ(probe.synced(), std::filesystem::absolute(path_).string() + "-wal");
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(writer_->stats().groups, 1u);
}

// While one group's sync waits for the disk, the next groups run and commit; the sync after it covers them all.
TEST_F(SqliteWriterTest, GroupsRunWhileASyncWaitsAndTheNextSyncCoversThemAll) {
  SyncProbe probe;
  writer_ = std::make_shared<SqliteWriter>(path_, true, Patient(), probe.Function());
  probe.Hold();
  std::vector<std::thread> threads;
  struct Joined {  // also when an assertion ends the test early
    SyncProbe& probe;
    std::vector<std::thread>& threads;
    ~Joined() {
      probe.Release();
      for (auto& thread : threads) thread.join();
    }
  } joined{probe, threads};
  std::atomic<int> acknowledged{0};
  auto commit = [&](std::int64_t k) {
    threads.emplace_back([&, k] {
      CommitAlone(k);
      ++acknowledged;
    });
  };
  auto await_committed = [&](std::size_t n) {
    for (int i = 0; i < 5000 && Committed().size() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{1});
    return Committed().size() == n;
  };
  commit(1);
  ASSERT_TRUE(probe.AwaitCalls(1));
  commit(2);  // each in its own group, one after the other
  ASSERT_TRUE(await_committed(2)) << "a group waited for another's sync to commit";
  commit(3);
  ASSERT_TRUE(await_committed(3)) << "a group waited for another's sync to commit";
  EXPECT_EQ(acknowledged.load(), 0) << "acknowledged before the WAL was synced";
  probe.Release();
  for (auto& thread : threads) thread.join();
  threads.clear();
  EXPECT_EQ(acknowledged.load(), 3);
  EXPECT_EQ(probe.calls(), 2) << "the second sync began after both later COMMITs, and covers them";
  EXPECT_EQ(writer_->stats().groups, 3u);
  EXPECT_EQ(writer_->stats().transactions, 3u);
}

// A failed sync may have lost pages that later frames of the WAL build on: nothing after it is acknowledged.
TEST_F(SqliteWriterTest, AFailedSyncFailsItsGroupAndEveryTransactionAfter) {
  SyncProbe probe;
  writer_ = std::make_shared<SqliteWriter>(path_, true, Patient(), probe.Function());
  CommitAlone(1);
  probe.Fail();
  try {
    CommitAlone(2);
    ADD_FAILURE() << "acknowledged a transaction whose WAL sync failed";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kIo) << e.what();
    EXPECT_NE(std::string(e.what()).find("restart"), std::string::npos) << e.what();
  }
  EXPECT_THROW(CommitAlone(3), StoreError);
  EXPECT_EQ(probe.calls(), 2) << "a transaction after the failure reached the disk";
  EXPECT_EQ(writer_->stats().failed_groups, 1u);
  EXPECT_EQ(writer_->stats().transactions, 1u);
}

// SQLite's temporary files (the prefix is its own), open in this process: unlinked at once, so only /proc sees them.
int OpenTemporaryFiles() {
  int count = 0;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code error;
    const auto target = std::filesystem::read_symlink(fd.path(), error).string();
    count += !error && target.find("etilqs_") != std::string::npos;
  }
  return count;
}

// Each member runs in a savepoint, which keeps the pages it changes as they were. Kept in a file (SQLite's default
// past 64 KiB) that cost a booking group an open, an unlink and a write per page (bench/run.sh); kept in memory, none.
TEST_F(SqliteWriterTest, AMemberChangingManyPagesOpensNoTemporaryFile) {
  auto db = Connect();
  db->ExecScript("CREATE TABLE wide (k INTEGER PRIMARY KEY, v BLOB)");
  {
    Transaction tx(*db);
    for (int k = 0; k < 200; ++k) db->Prepare("INSERT INTO wide VALUES (?, zeroblob(1024))").Bind(1, k).Exec();
    tx.Commit();
  }
  const int before = OpenTemporaryFiles();
  Transaction tx(*db);
  db->Prepare("UPDATE wide SET v = randomblob(1024)").Exec();  // some 60 pages that were there before the savepoint
  EXPECT_EQ(OpenTemporaryFiles(), before);
  tx.Commit();
  auto count = db->Prepare("SELECT COUNT(*) FROM wide WHERE v <> zeroblob(1024)");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), 200);
}

// Frames in the WAL since its last restart, as a passive checkpoint reports them (it copies them too).
int WalFrames(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(PASSIVE)", -1, &stmt, nullptr);
  const int frames = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 1) : -1;
  sqlite3_finalize(stmt);
  return frames;
}

// SQLite's own bound (1,000 pages) checkpointed inside the writer's turn every ~25 booking groups; the writer's is
// kCheckpointPages: the WAL holds more than SQLite's default, and is still checkpointed and restarted past it.
TEST_F(SqliteWriterTest, TheWalIsCheckpointedPastTheWritersBoundNotSqlitesDefault) {
  auto db = Connect();
  db->ExecScript("CREATE TABLE wide (k INTEGER PRIMARY KEY, v BLOB)");
  int k = 0;
  auto write_pages = [&](int pages) {
    for (int done = 0; done < pages; done += 16) {
      Transaction tx(*db);
      for (int i = 0; i < 16; ++i) db->Prepare("INSERT INTO wide VALUES (?, zeroblob(3500))").Bind(1, k++).Exec();
      tx.Commit();
    }
  };
  const auto frame_bytes = 4096 + 24;
  write_pages(2 * 1000);
  EXPECT_GT(std::filesystem::file_size(path_ + "-wal"), 2u * 1000 * frame_bytes);  // not checkpointed at 1,000
  write_pages(SqliteWriter::kCheckpointPages);
  const int frames = WalFrames(writer_->handle());
  EXPECT_GT(frames, 0);
  EXPECT_LT(frames, SqliteWriter::kCheckpointPages);  // checkpointed and restarted past the bound
}

// Read transactions stay on the connection's own handle and see committed work only.
TEST_F(SqliteWriterTest, ReadTransactionsSeeCommittedWork) {
  auto writer_side = Connect();
  auto reader = Connect();
  Transaction tx(*writer_side);
  Insert(*writer_side, 5);
  {
    Transaction read(*reader, Transaction::Mode::kRead);
    auto stmt = reader->Prepare("SELECT COUNT(*) FROM t");
    ASSERT_TRUE(stmt.Step());
    EXPECT_EQ(stmt.Int(0), 0);
  }
  tx.Commit();
  Transaction read(*reader, Transaction::Mode::kRead);
  auto stmt = reader->Prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Int(0), 1);
}

// ---- Combine: queued transactions run back to back on one thread's turn (store::InWriteTransaction) ----------------

// One transaction submitted to the writer's queue from a thread of its own: where its body ran, and what became of it.
struct Submission {
  std::thread::id caller;
  std::optional<std::thread::id> ran_on;
  std::optional<StoreError> error;
  std::atomic<bool> done{false};  // the caller has its answer
  std::thread thread;
};

class CombineTest : public SqliteWriterTest {
 protected:
  // Starts `body` as a combined write transaction on a new thread and connection, and returns once it is queued
  // (the writer's queue holds `queued` transactions then).
  void Submit(Submission& s, std::size_t queued, std::function<void(Connection&, WriteScope&)> body) {
    s.thread = std::thread([this, &s, body = std::move(body)] {
      s.caller = std::this_thread::get_id();
      auto db = Connect();
      db->CountCommitsIn(&counted_);
      try {
        InWriteTransaction(*db, [&](WriteScope& tx) {
          s.ran_on = std::this_thread::get_id();
          body(*db, tx);
          return 0;
        });
      } catch (const StoreError& e) {
        s.error = e;
      }
      s.done = true;
    });
    WaitUntilQueued(queued);
  }
  std::atomic<std::uint64_t> counted_{0};  // the submitted transactions' commits, as the search snapshot counts them
  // The holder's transaction and two submitted behind it (b leads, c waits asleep) end in one group, whose sync is
  // held: neither caller is answered until it returns; then all three are, with the sync's outcome.
  void ExpectAcknowledgedAfterTheSync(bool sync_fails) {
    SyncProbe probe;
    writer_ = std::make_shared<SqliteWriter>(path_, true, Patient(), probe.Function());
    probe.Hold();
    auto holder = Connect();
    Submission b, c;
    std::optional<StoreError> holder_error;
    // The holder's commit waits for the held sync, so it runs on a thread of its own, which holds the turn from its
    // transaction's start (the turn is a mutex: the thread that took it gives it back).
    std::promise<void> began, queued;
    std::thread holding([&] {
      try {
        Transaction tx(*holder);
        Insert(*holder, 1);
        began.set_value();
        queued.get_future().wait();
        tx.Commit();
      } catch (const StoreError& e) {
        holder_error = e;
      }
    });
    began.get_future().wait();
    Submit(b, 1, Inserting(2));
    Submit(c, 2, Inserting(3));
    queued.set_value();
    ASSERT_TRUE(probe.AwaitCalls(1));
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
    EXPECT_FALSE(b.done.load()) << "the leader was answered before its group's sync returned";
    EXPECT_FALSE(c.done.load()) << "a transaction the leader ran was answered before its group's sync returned";
    if (sync_fails) probe.Fail();
    probe.Release();
    holding.join();
    b.thread.join();
    c.thread.join();
    EXPECT_EQ(c.ran_on, b.caller);
    for (const auto* error : {&holder_error, &b.error, &c.error}) {
      EXPECT_EQ(error->has_value(), sync_fails);
      if (sync_fails && error->has_value()) {
        EXPECT_EQ((*error)->kind(), StoreErrorKind::kIo) << (*error)->what();
      }
    }
    EXPECT_EQ(counted_.load(), sync_fails ? 0u : 2u);
    EXPECT_EQ(probe.calls(), 1);
  }
  void ConcurrentCombinedAndPlainWriters();
  static std::function<void(Connection&, WriteScope&)> Inserting(std::int64_t k) {
    return [k](Connection& db, WriteScope& tx) {
      Insert(db, k);
      tx.Commit();
    };
  }
};

// While one transaction holds the turn, two are submitted: the first to arrive leads, and runs the other's body on its
// own thread as soon as the turn is free; all three share one group.
TEST_F(CombineTest, QueuedTransactionsRunOnTheLeadersThreadInOneGroup) {
  auto holder = Connect();
  Submission b, c;
  {
    Transaction tx(*holder);
    Insert(*holder, 1);
    Submit(b, 1, Inserting(2));
    Submit(c, 2, Inserting(3));
    tx.Commit();
  }
  b.thread.join();
  c.thread.join();
  EXPECT_FALSE(b.error);
  EXPECT_FALSE(c.error);
  EXPECT_EQ(b.ran_on, b.caller) << "the first submitted leads, on its own thread";
  EXPECT_EQ(c.ran_on, b.caller) << "the second ran on the leader's thread";
  EXPECT_NE(c.ran_on, c.caller);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1, 2, 3}));
  const auto stats = writer_->stats();
  EXPECT_EQ(stats.groups, 1u);
  EXPECT_EQ(stats.transactions, 3u);
  EXPECT_EQ(stats.waiting, 0u);
}

// A body that returns without Commit() is undone; one that throws is undone and its caller gets what it threw (a
// statement it left half-read stopped, so the savepoint could be released); the others' work stays.
TEST_F(CombineTest, ABodyThatDoesNotCommitOrThrowsIsUndoneAloneAndItsCallerTold) {
  auto holder = Connect();
  Submission quits, throws, fails_its_key, commits;
  {
    Transaction tx(*holder);
    Insert(*holder, 1);
    Submit(quits, 1, [](Connection& db, WriteScope&) { Insert(db, 2); });
    Submit(throws, 2, [](Connection& db, WriteScope&) {
      Insert(db, 3);
      auto returning = db.Prepare("INSERT INTO t (k) VALUES (4) RETURNING k");
      ASSERT_TRUE(returning.Step());
      throw StoreError(StoreErrorKind::kOther, "the caller gave up");
    });
    Submit(fails_its_key, 3, [](Connection& db, WriteScope& tx) {
      db.Prepare("INSERT INTO child (parent_id) VALUES (99)").Exec();  // a deferred foreign key, checked at its end
      tx.Commit();
    });
    Submit(commits, 4, Inserting(5));
    tx.Commit();
  }
  for (auto* s : {&quits, &throws, &fails_its_key, &commits}) s->thread.join();
  EXPECT_FALSE(quits.error);
  ASSERT_TRUE(throws.error);
  EXPECT_EQ(throws.error->kind(), StoreErrorKind::kOther);
  EXPECT_STREQ(throws.error->what(), "the caller gave up");
  ASSERT_TRUE(fails_its_key.error);
  EXPECT_EQ(fails_its_key.error->kind(), StoreErrorKind::kConstraint);
  EXPECT_FALSE(commits.error);
  EXPECT_EQ(commits.ran_on, quits.caller);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1, 5}));
  EXPECT_EQ(writer_->stats().transactions, 2u);
  EXPECT_EQ(writer_->stats().groups, 1u);
}

// SQLite ending the whole transaction in one body fails the members before it in the group as retryable; the work
// after it begins a new group.
TEST_F(CombineTest, ATransactionSqliteAbandonsFailsTheCombinedMembersBeforeIt) {
  auto holder = Connect();
  Submission before, abandons, after;
  {
    Transaction tx(*holder);
    Insert(*holder, 1);
    Submit(before, 1, Inserting(2));
    Submit(abandons, 2, [](Connection& db, WriteScope& tx) {
      db.Prepare("INSERT OR ROLLBACK INTO t (k) VALUES (1)").Exec();
      tx.Commit();
    });
    Submit(after, 3, Inserting(3));
    EXPECT_THROW(tx.Commit(), StoreError) << "the holder's work went with the group";
  }
  for (auto* s : {&before, &abandons, &after}) s->thread.join();
  ASSERT_TRUE(before.error) << "acknowledged a transaction SQLite rolled back";
  EXPECT_EQ(before.error->kind(), StoreErrorKind::kConflict) << before.error->what();
  ASSERT_TRUE(abandons.error);
  EXPECT_EQ(abandons.error->kind(), StoreErrorKind::kUniqueViolation);
  EXPECT_FALSE(after.error);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(writer_->stats().failed_groups, 1u);
}

// A leader leads one group at most: at the group's limit it commits and hands the queue to the thread of the first
// transaction left, which leads the next.
TEST_F(CombineTest, ALeaderAtTheGroupsLimitHandsTheQueueOn) {
  writer_ = std::make_shared<SqliteWriter>(path_, true, SqliteWriter::Limits{2, std::chrono::minutes{10}});
  auto holder = Connect();
  Submission b, c, d;
  {
    Transaction tx(*holder);
    Insert(*holder, 1);
    Submit(b, 1, Inserting(2));
    Submit(c, 2, Inserting(3));
    Submit(d, 3, Inserting(4));
    tx.Commit();
  }
  for (auto* s : {&b, &c, &d}) s->thread.join();
  for (auto* s : {&b, &c, &d}) EXPECT_FALSE(s->error);
  EXPECT_EQ(b.ran_on, b.caller);
  EXPECT_EQ(c.ran_on, c.caller) << "the group of the holder and b was full: c leads the next";
  EXPECT_EQ(d.ran_on, c.caller);
  EXPECT_EQ(Committed(), (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(writer_->stats().groups, 2u);
  EXPECT_EQ(writer_->stats().transactions, 4u);
}

// A combined transaction is acknowledged only once its group's sync returned, and not at all if the sync failed.
TEST_F(CombineTest, ACombinedTransactionWaitsForItsGroupsSyncAndFailsWithIt) {
  SyncProbe probe;
  writer_ = std::make_shared<SqliteWriter>(path_, true, Patient(), probe.Function());
  probe.Hold();
  std::atomic<bool> acknowledged{false};
  std::thread first([&] {
    auto db = Connect();
    InWriteTransaction(*db, [&](WriteScope& tx) {
      Insert(*db, 1);
      tx.Commit();
      return 0;
    });
    acknowledged = true;
  });
  ASSERT_TRUE(probe.AwaitCalls(1));
  std::this_thread::sleep_for(std::chrono::milliseconds{20});
  EXPECT_FALSE(acknowledged.load()) << "acknowledged before its sync returned";
  probe.Release();
  first.join();
  EXPECT_TRUE(acknowledged.load());

  probe.Fail();
  auto db = Connect();
  try {
    InWriteTransaction(*db, [&](WriteScope& tx) {
      Insert(*db, 2);
      tx.Commit();
      return 0;
    });
    ADD_FAILURE() << "acknowledged a transaction whose sync failed";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kIo) << e.what();
  }
}

TEST_F(CombineTest, AQueuedTransactionIsAcknowledgedOnlyOnceItsGroupIsSynced) { ExpectAcknowledgedAfterTheSync(false); }

TEST_F(CombineTest, AQueuedTransactionIsNotAcknowledgedNorCountedWhenItsGroupsSyncFails) {
  ExpectAcknowledgedAfterTheSync(true);
}

// Combined and one-at-a-time transactions from many threads: every acknowledged commit is there once, and the search
// snapshot's commit counter counts each committed one.
// At limits so small that groups close and leaders hand the queue on all the time, as under load.
TEST_F(CombineTest, ConcurrentWritersAtSmallLimitsKeepEveryAcknowledgedCommit) {
  writer_ = std::make_shared<SqliteWriter>(path_, true, SqliteWriter::Limits{2, std::chrono::microseconds{50}});
  ConcurrentCombinedAndPlainWriters();
}

TEST_F(CombineTest, ConcurrentCombinedAndPlainWritersKeepEveryAcknowledgedCommit) {
  ConcurrentCombinedAndPlainWriters();
}

void CombineTest::ConcurrentCombinedAndPlainWriters() {
  constexpr int kThreads = 8, kEach = 150;
  std::atomic<std::uint64_t> counted{0};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto db = Connect();
      db->CountCommitsIn(&counted);
      for (int i = 0; i < kEach; ++i) {
        const std::int64_t k = t * kEach + i;
        if (t % 2 == 0) {
          InWriteTransaction(*db, [&](WriteScope& tx) {
            Insert(*db, k);
            if (i % 10 != 0) tx.Commit();  // every tenth is undone
            return 0;
          });
        } else {
          Transaction tx(*db);
          Insert(*db, k);
          tx.Commit();
        }
        ++acknowledged;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(acknowledged.load(), kThreads * kEach);
  const std::size_t undone = (kThreads / 2) * (kEach / 10);
  EXPECT_EQ(Committed().size(), static_cast<std::size_t>(kThreads * kEach) - undone);
  EXPECT_EQ(counted.load(), static_cast<std::uint64_t>(kThreads * kEach) - undone);
  const auto stats = writer_->stats();
  EXPECT_EQ(stats.transactions, static_cast<std::uint64_t>(kThreads * kEach) - undone);
  EXPECT_EQ(stats.failed_groups, 0u);
  EXPECT_EQ(stats.waiting, 0u);
}

}  // namespace
}  // namespace jetway::store
