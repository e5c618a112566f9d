// The store interface against a real database: SQLite by default, PostgreSQL when JETWAY_TEST_POSTGRES is set.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_checks.hpp"
#include "store/test_database.hpp"

namespace jetway::store {

// Exits 0 when configuring first works and stops SQLite's count of its memory, and configuring later is refused.
[[noreturn]] void ConfigureThenUseSqlite(const std::string& path) {
  const bool first = ConfigureSqliteProcess();
  auto db = OpenSqlite(path, false);
  db->ExecScript("CREATE TABLE t (v BLOB); INSERT INTO t VALUES (randomblob(100000));");
  sqlite3_int64 used = -1, highwater = -1;
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highwater, 0);
  const bool again = ConfigureSqliteProcess();
  db.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::exit(first && used == 0 && highwater == 0 && !again ? 0 : 1);
}

// In a process of its own (the death test runs this binary again, for this test alone): this one has used SQLite.
TEST(SqliteProcessDeathTest, ConfiguredFirstSqliteCountsNoMemoryAndLaterItIsTooLate) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto path = std::filesystem::temp_directory_path() / ("jetway_process_" + std::to_string(getpid()) + ".db");
  EXPECT_EXIT(ConfigureThenUseSqlite(path.string()), ::testing::ExitedWithCode(0), "");
}

TEST(Store, MigrateIsIdempotent) {
  TestDatabase database("migrate");
  auto db = database.Open();
  EXPECT_EQ(SchemaVersion(*db), 0);
  EXPECT_EQ(Migrate(*db, DataMigrations()), static_cast<int>(DataMigrations().size()));
  EXPECT_EQ(Migrate(*db, DataMigrations()), 0);
  EXPECT_EQ(SchemaVersion(*db), DataMigrations().back().version);
}

TEST(SqliteChecks, ListsOfThreeValuesOrMoreBecomeComparisonsAndTheRestStaysAsWritten) {
  EXPECT_EQ(UnrollCheckInLists("CREATE TABLE t (\n  s TEXT NOT NULL CHECK (s IN ('A','B', 'C')),\n  k TEXT CHECK "
                               "(k IN ('x','y')),\n  u TEXT CHECK (u IN ('p','q','r','s'))\n)"),
            "CREATE TABLE t (\n  s TEXT NOT NULL CHECK (s = 'A' OR s = 'B' OR s = 'C'),\n  k TEXT CHECK "
            "(k IN ('x','y')),\n  u TEXT CHECK (u = 'p' OR u = 'q' OR u = 'r' OR u = 's')\n)");
  // Not a list of string literals, or not a CHECK of its own: as written.
  for (const char* kept : {"CREATE TABLE t (n BIGINT CHECK (n IN (1, 2, 3)))",
                           "CREATE TABLE t (s TEXT CHECK (s IN ('A','B','C') OR s IS NULL))",
                           "CREATE TABLE t (s TEXT CHECK (s IN (SELECT v FROM w)))"})
    EXPECT_EQ(UnrollCheckInLists(kept), kept);
  const std::string once = UnrollCheckInLists("CREATE TABLE t (s TEXT CHECK (s IN ('A','B','C')))");
  EXPECT_EQ(UnrollCheckInLists(once), once);
}

// SQLite builds a temporary table for a CHECK's list of three values or more each time the check runs (12.4 % of a
// booking's instructions in the writer's turn): the migrated data schema has none left, and its checks still refuse.
TEST(Store, TheMigratedDataSchemaChecksWithoutListsAndStillRefusesAnUnknownValue) {
  TestDatabase database("checks");
  auto pool = database.Pool(2);
  auto db = pool->Acquire();
  const char* insert =
      "INSERT INTO mail_outbox (kind, reference, recipient, language, status, next_attempt_at, created_at) "
      "VALUES ('confirmation', 'ABC123', 'a@example.com', 'en', ?, 0, 0)";
  auto add = [&](const char* status) {
    Transaction tx(*db);
    db->Prepare(insert).Bind(1, status).Exec();
    tx.Commit();
  };
  // A database in use before the change: its rows stay as they are.
  std::vector<Migration> before;
  for (const auto& m : DataMigrations())
    if (m.version < 35) before.push_back(m);
  Migrate(*db, before);
  add("sent");
  Migrate(*db, DataMigrations());
  if (db->engine() == Engine::kSqlite) {
    auto tables = db->Prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL");
    int unrolled = 0;
    while (tables.Step()) {
      const auto sql = tables.Text(1);
      EXPECT_EQ(UnrollCheckInLists(sql), sql)
          << tables.Text(0) << " checks a list of three values or more: a migration after 35 must write it as "
          << "comparisons (store/sqlite_checks.hpp says why)";
      if (sql.find("status = 'HELD' OR status = 'CONFIRMED'") != std::string::npos) ++unrolled;
    }
    EXPECT_EQ(unrolled, 1);  // bookings
    auto check = db->Prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.Step());
    EXPECT_EQ(check.Text(0), "ok");
  }
  add("pending");
  try {
    add("lost");
    ADD_FAILURE() << "a status outside the list was stored";
  } catch (const StoreError& error) {
    EXPECT_EQ(error.kind(), StoreErrorKind::kConstraint) << error.what();
  }
  auto statuses = db->Prepare("SELECT status FROM mail_outbox ORDER BY id");
  std::vector<std::string> kept;
  while (statuses.Step()) kept.push_back(statuses.Text(0));
  EXPECT_EQ(kept, (std::vector<std::string>{"sent", "pending"}));
}

TEST(Store, ConcurrentMigrationsRunOnce) {
  TestDatabase database("migrate_race");
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      auto db = database.Open();
      applied += Migrate(*db, DataMigrations());
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(applied.load(), static_cast<int>(DataMigrations().size()));
}

TEST(Store, BindsInt64WithoutTruncation) {
  TestDatabase database("int64");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (v BIGINT)");
  const std::int64_t big = 9'007'199'254'740'993LL;  // not representable as a double
  db->Prepare("INSERT INTO t VALUES (?)").Bind(1, big).Exec();
  db->Prepare("INSERT INTO t VALUES (?)").Bind(1, std::int64_t{-big}).Exec();
  auto stmt = db->Prepare("SELECT v FROM t ORDER BY v");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Int(0), -big);
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Int(0), big);
  EXPECT_FALSE(stmt.Step());
}

TEST(Store, TextNullsAndNumberedPlaceholders) {
  TestDatabase database("text");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
  db->Prepare("INSERT INTO t VALUES (?, ?)").Bind(1, "æøå 'quoted' ?1").Bind(2, std::optional<std::string>{}).Exec();
  auto stmt = db->Prepare("SELECT k, v FROM t WHERE k = ?1 OR v = ?1");
  stmt.Bind(1, "æøå 'quoted' ?1");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Text(0), "æøå 'quoted' ?1");
  EXPECT_TRUE(stmt.IsNull(1));
  EXPECT_EQ(stmt.OptText(1), std::nullopt);
}

TEST(Store, BooleanExpressionsReadAsIntegers) {
  TestDatabase database("bool");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (v BIGINT)");
  db->Prepare("INSERT INTO t VALUES (?)").Bind(1, 5).Exec();
  auto stmt = db->Prepare("SELECT EXISTS (SELECT 1 FROM t WHERE v = ?1), EXISTS (SELECT 1 FROM t WHERE v <> ?1)");
  stmt.Bind(1, 5);
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Int(0), 1);
  EXPECT_EQ(stmt.Int(1), 0);
}

TEST(Store, ReturningAndChanges) {
  TestDatabase database("returning");
  auto db = database.Open();
  db->ExecScript(ExpandDdl(db->engine(), "CREATE TABLE t (id {id}, v BIGINT NOT NULL)"));
  std::int64_t first = 0;
  {
    auto insert = db->Prepare("INSERT INTO t (v) VALUES (?) RETURNING id");
    insert.Bind(1, 7);
    ASSERT_TRUE(insert.Step());
    first = insert.Int(0);
  }
  auto insert = db->Prepare("INSERT INTO t (v) VALUES (?) RETURNING id");
  insert.Bind(1, 8);
  ASSERT_TRUE(insert.Step());
  EXPECT_GT(insert.Int(0), first);
  db->Prepare("UPDATE t SET v = v + 1").Exec();
  EXPECT_EQ(db->Changes(), 2);
  db->Prepare("UPDATE t SET v = 0 WHERE id = ?").Bind(1, std::int64_t{-1}).Exec();
  EXPECT_EQ(db->Changes(), 0);
}

TEST(Store, UniqueViolationIsNamed) {
  TestDatabase database("unique");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY)");
  db->Prepare("INSERT INTO t VALUES (?)").Bind(1, "A").Exec();
  try {
    db->Prepare("INSERT INTO t VALUES (?)").Bind(1, "A").Exec();
    FAIL() << "expected a unique violation";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kUniqueViolation);
  }
}

TEST(Store, CheckViolationIsAConstraint) {
  TestDatabase database("check");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (v BIGINT CHECK (v >= 0))");
  try {
    db->Prepare("INSERT INTO t VALUES (?)").Bind(1, -1).Exec();
    FAIL() << "expected a constraint error";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kConstraint);
  }
}

TEST(Store, TransactionRollsBackUnlessCommitted) {
  TestDatabase database("tx");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (v BIGINT)");
  {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES (1)").Exec();
  }
  {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES (2)").Exec();
    tx.Commit();
  }
  auto stmt = db->Prepare("SELECT COUNT(*), MAX(v) FROM t");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Int(0), 1);
  EXPECT_EQ(stmt.Int(1), 2);
}

// A transaction that failed half-way must not commit its first half (PostgreSQL answers COMMIT with ROLLBACK there).
TEST(Store, CommitAfterAFailedStatementThrowsAndKeepsNothing) {
  TestDatabase database("failed_tx");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY)");
  db->Prepare("INSERT INTO t VALUES ('A')").Exec();
  {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES ('B')").Exec();
    EXPECT_THROW(db->Prepare("INSERT INTO t VALUES ('A')").Exec(), StoreError);
    if (db->engine() == Engine::kPostgres) {
      EXPECT_THROW(tx.Commit(), StoreError);
    }
  }
  auto stmt = db->Prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Int(0), 1);
}

std::int64_t CountRows(Connection& db, const char* sql) {
  auto stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt.Step());
  return stmt.Int(0);
}

// Deferred writes keep their order: a read after them sees them, and they are kept by the commit.
TEST(Store, DeferredWritesAreSeenByTheNextReadAndKeptByTheCommit) {
  TestDatabase database("deferred");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)");
  {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES (?, ?)").Bind(1, "A").Bind(2, 1).Defer();
    db->Prepare("INSERT INTO t VALUES (?, ?)").Bind(1, "B").Bind(2, 2).Defer();
    db->Prepare("UPDATE t SET v = v * 10 WHERE k = ?").Bind(1, "B").Defer();
    EXPECT_EQ(CountRows(*db, "SELECT SUM(v) FROM t"), 21);
    db->Prepare("INSERT INTO t VALUES (?, ?)").Bind(1, "C").Bind(2, 300).Defer();
    tx.Commit();
  }
  EXPECT_EQ(CountRows(*db, "SELECT SUM(v) FROM t"), 321);
  EXPECT_EQ(CountRows(*db, "SELECT COUNT(*) FROM t"), 3);
}

// A deferred write that fails is thrown, as the same kind of error, where the engine learns of it (SQLite at once;
// PostgreSQL at the commit), the transaction keeps nothing, and the connection goes on working.
TEST(Store, ADeferredWriteThatFailsIsThrownAndKeepsNothing) {
  TestDatabase database("deferred_fail");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY)");
  db->Prepare("INSERT INTO t VALUES ('A')").Exec();
  bool thrown_by_commit = false;
  try {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES (?)").Bind(1, "B").Defer();
    db->Prepare("INSERT INTO t VALUES (?)").Bind(1, "A").Defer();
    db->Prepare("INSERT INTO t VALUES (?)").Bind(1, "C").Defer();
    thrown_by_commit = true;
    tx.Commit();
    FAIL() << "expected a unique violation";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kUniqueViolation) << e.what();
  }
  // PostgreSQL has not read the answers before the commit (one round trip for all); SQLite ran each at once.
  EXPECT_EQ(thrown_by_commit, db->engine() == Engine::kPostgres);
  EXPECT_EQ(CountRows(*db, "SELECT COUNT(*) FROM t"), 1);
  {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES (?)").Bind(1, "D").Defer();
    tx.Commit();
  }
  EXPECT_EQ(CountRows(*db, "SELECT COUNT(*) FROM t"), 2);
}

// The same error thrown by the read that follows it; and deferred writes of a transaction that ends without a
// commit are rolled back with it.
TEST(Store, ADeferredWriteThatFailsIsThrownByTheNextReadAndRolledBack) {
  TestDatabase database("deferred_read");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY)");
  db->Prepare("INSERT INTO t VALUES ('A')").Exec();
  try {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES (?)").Bind(1, "A").Defer();
    CountRows(*db, "SELECT COUNT(*) FROM t");
    FAIL() << "expected a unique violation";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kUniqueViolation) << e.what();
  }
  {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES (?)").Bind(1, "B").Defer();
  }
  EXPECT_EQ(CountRows(*db, "SELECT COUNT(*) FROM t"), 1);
}

// Prefetched reads answer their Step with the rows for the binds they were sent with; other binds run the read
// again. On PostgreSQL the read was sent at Prefetch (its rows are as of then: a write in between is not seen);
// SQLite runs it at Step.
TEST(Store, PrefetchedReadsAnswerTheirStep) {
  TestDatabase database("prefetch");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)");
  db->Prepare("INSERT INTO t VALUES ('A', 1), ('B', 2), ('C', 3)").Exec();
  const char* by_key = "SELECT v FROM t WHERE k = ?";
  const char* in_order = "SELECT k, v FROM t WHERE v >= ? AND v < 10 ORDER BY k";
  Transaction tx(*db);
  db->Prepare(by_key).Bind(1, "A").Prefetch();
  db->Prepare(in_order).Bind(1, 2).Prefetch();
  db->Prepare("SELECT v FROM t WHERE k = 'nothing'").Prefetch();
  db->Prepare("UPDATE t SET v = 10 WHERE k = 'A'").Defer();
  {
    auto rows = db->Prepare(in_order);
    rows.Bind(1, 2);
    std::vector<std::string> seen;
    while (rows.Step()) seen.push_back(rows.Text(0) + "=" + std::to_string(rows.Int(1)));
    EXPECT_EQ(seen, (std::vector<std::string>{"B=2", "C=3"}));
  }
  EXPECT_FALSE(db->Prepare("SELECT v FROM t WHERE k = 'nothing'").Step());
  {
    auto a = db->Prepare(by_key);
    a.Bind(1, "A");
    ASSERT_TRUE(a.Step());
    EXPECT_EQ(a.Int(0), db->engine() == Engine::kPostgres ? 1 : 10);
    EXPECT_FALSE(a.Step());
  }
  db->Prepare(by_key).Bind(1, "B").Prefetch();
  {
    auto c = db->Prepare(by_key);
    c.Bind(1, "C");
    ASSERT_TRUE(c.Step());
    EXPECT_EQ(c.Int(0), 3);
  }
  {
    auto a = db->Prepare(by_key);  // the prefetch's answer was used once; a second Step reads afresh
    a.Bind(1, "A");
    ASSERT_TRUE(a.Step());
    EXPECT_EQ(a.Int(0), 10);
  }
  tx.Commit();
  EXPECT_EQ(CountRows(*db, "SELECT SUM(v) FROM t"), 15);
}

// Prefetched reads share the round trip of the read stepped after them: three reads, one wait for the server.
TEST(Store, PrefetchedReadsShareOneRoundTrip) {
  TestDatabase database("prefetch_trips");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)");
  db->Prepare("INSERT INTO t VALUES ('A', 1), ('B', 2), ('C', 3)").Exec();
  const char* by_key = "SELECT v FROM t WHERE k = ?";
  db->Prepare(by_key).Bind(1, "A").Exec();  // prepared (a round trip of its own) before the count starts
  auto read = [&](const char* key) {
    auto stmt = db->Prepare(by_key);
    stmt.Bind(1, key);
    EXPECT_TRUE(stmt.Step());
    return stmt.Int(0);
  };
  Transaction tx(*db);
  const auto before = db->RoundTrips();
  db->Prepare(by_key).Bind(1, "B").Prefetch();
  db->Prepare(by_key).Bind(1, "C").Prefetch();
  EXPECT_EQ(read("A") + read("B") * 10 + read("C") * 100, 321);
  const auto reads = db->RoundTrips() - before;
  tx.Commit();
  const auto committed = db->RoundTrips() - before;
  if (db->engine() == Engine::kPostgres) {
    EXPECT_EQ(reads, 1U);  // BEGIN, B, C and A
    EXPECT_EQ(committed, 2U);
  } else {
    EXPECT_EQ(committed, 0U);
  }
}

// The same read prefetched twice with the same binds: the Step reads the newer answer.
TEST(Store, APrefetchSentAgainIsAnsweredByTheNewerSend) {
  TestDatabase database("prefetch_again");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)");
  db->Prepare("INSERT INTO t VALUES ('A', 1)").Exec();
  const char* by_key = "SELECT v FROM t WHERE k = ?";
  Transaction tx(*db);
  db->Prepare(by_key).Bind(1, "A").Prefetch();
  db->Prepare("UPDATE t SET v = 2 WHERE k = 'A'").Defer();
  db->Prepare(by_key).Bind(1, "A").Prefetch();
  db->Prepare("UPDATE t SET v = 3 WHERE k = 'A'").Defer();
  auto a = db->Prepare(by_key);
  a.Bind(1, "A");
  ASSERT_TRUE(a.Step());
  EXPECT_EQ(a.Int(0), db->engine() == Engine::kPostgres ? 2 : 3);
}

// An answer prefetched but never stepped ends with its transaction: the next one reads what is true then.
TEST(Store, APrefetchedAnswerDoesNotOutliveItsTransaction) {
  TestDatabase database("prefetch_end");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)");
  db->Prepare("INSERT INTO t VALUES ('A', 1)").Exec();
  const char* by_key = "SELECT v FROM t WHERE k = ?";
  for (const bool commit : {true, false}) {
    {
      Transaction tx(*db);
      db->Prepare(by_key).Bind(1, "A").Prefetch();
      if (commit) tx.Commit();
    }
    db->Prepare("UPDATE t SET v = v + 1 WHERE k = 'A'").Exec();
    Transaction tx(*db);
    auto a = db->Prepare(by_key);
    a.Bind(1, "A");
    ASSERT_TRUE(a.Step());
    EXPECT_EQ(a.Int(0), commit ? 2 : 3);
  }
  db->Prepare(by_key).Bind(1, "A").Prefetch();  // outside a transaction: Step runs it
  db->Prepare("UPDATE t SET v = 7 WHERE k = 'A'").Exec();
  EXPECT_EQ(CountRows(*db, "SELECT v FROM t WHERE k = 'A'"), 7);
  auto a = db->Prepare(by_key);
  a.Bind(1, "A");
  ASSERT_TRUE(a.Step());
  EXPECT_EQ(a.Int(0), 7);
}

// A prefetched read that fails is thrown by the Step that reads the pipeline, the transaction keeps nothing, and the
// connection goes on working.
TEST(Store, APrefetchedReadThatFailsIsThrownAndKeepsNothing) {
  TestDatabase database("prefetch_fail");
  auto db = database.Open();
  db->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)");
  db->Prepare("INSERT INTO t VALUES ('A', 0)").Exec();
  try {
    Transaction tx(*db);
    db->Prepare("INSERT INTO t VALUES ('B', 1)").Defer();
    db->Prepare("SELECT 1 / v FROM t WHERE k = ?").Bind(1, "A").Prefetch();
    db->Prepare("SELECT v FROM t WHERE k = ?").Bind(1, "B").Prefetch();
    auto b = db->Prepare("SELECT v FROM t WHERE k = ?");
    b.Bind(1, "B");
    ASSERT_TRUE(b.Step());
    EXPECT_EQ(b.Int(0), 1);
    auto a = db->Prepare("SELECT 1 / v FROM t WHERE k = ?");
    a.Bind(1, "A");
    a.Step();
    // SQLite's integer division by zero is NULL, not an error.
    EXPECT_NE(db->engine(), Engine::kPostgres) << "expected division by zero";
    EXPECT_TRUE(a.IsNull(0));
  } catch (const StoreError& e) {
    EXPECT_EQ(db->engine(), Engine::kPostgres) << e.what();
    EXPECT_NE(std::string(e.what()).find("22012"), std::string::npos) << e.what();
  }
  EXPECT_EQ(CountRows(*db, "SELECT COUNT(*) FROM t"), 1);
  Transaction tx(*db);
  db->Prepare("INSERT INTO t VALUES ('C', 3)").Defer();
  EXPECT_EQ(CountRows(*db, "SELECT COUNT(*) FROM t"), 2);
  tx.Commit();
}

// The read-modify-write the booking service does on inventory: with the row read by PrepareLocking inside a write
// transaction, concurrent increments never lose an update.
TEST(Store, LockingReadsSerializeReadModifyWrite) {
  TestDatabase database("locking");
  {
    auto db = database.Open();
    db->ExecScript("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
    db->Prepare("INSERT INTO counter VALUES (1, 0)").Exec();
  }
  auto pool = database.Pool(8);
  constexpr int kThreads = 8, kIncrements = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        RetryConflicts([&] {
          auto lease = pool->Acquire();
          Transaction tx(*lease);
          std::int64_t n = 0;
          {
            auto read = lease->PrepareLocking("SELECT n FROM counter WHERE id = 1");
            EXPECT_TRUE(read.Step());
            n = read.Int(0);
          }
          lease->Prepare("UPDATE counter SET n = ? WHERE id = 1").Bind(1, n + 1).Exec();
          tx.Commit();
        });
      }
    });
  for (auto& t : threads) t.join();
  auto lease = pool->Acquire();
  auto stmt = lease->Prepare("SELECT n FROM counter WHERE id = 1");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Int(0), kThreads * kIncrements);
}

// A row lock that is not released in time is a 503 for the waiting request, not an endless wait.
TEST(Store, LockWaitTimesOutAsUnavailable) {
  TestDatabase database("lock_timeout");
  if (database.engine() != Engine::kPostgres) GTEST_SKIP() << "SQLite's writers queue on the write gate instead";
  auto holder = database.Open();
  auto waiter = database.Open();
  holder->ExecScript("CREATE TABLE t (id BIGINT PRIMARY KEY)");
  holder->Prepare("INSERT INTO t VALUES (1)").Exec();
  Transaction held(*holder);
  holder->PrepareLocking("SELECT id FROM t WHERE id = 1").Exec();
  waiter->ExecScript("SET lock_timeout = 200");
  Transaction tx(*waiter);
  try {
    waiter->PrepareLocking("SELECT id FROM t WHERE id = 1").Exec();
    FAIL() << "expected the lock wait to time out";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kUnavailable) << e.what();
  }
}

TEST(Store, PoolGivesUpAfterItsAcquireTimeout) {
  TestDatabase database("pool");
  auto factory = [&] { return database.Open(); };
  ConnectionPool pool("test", database.engine(), factory, 1, std::chrono::milliseconds{50});
  auto held = pool.Acquire();
  try {
    pool.Acquire();
    FAIL() << "expected the pool to time out";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kUnavailable);
  }
}

TEST(Store, PingCallsABusyPoolUpAndAMissingServerDown) {
  TestDatabase database("ping");
  {
    auto db = database.Open();
    Migrate(*db, MgmtMigrations());
  }
  auto factory = [&] { return database.Open(); };
  // An acquire timeout far longer than the probe's wait: a probe that waited it would be no probe.
  ConnectionPool pool("test", database.engine(), factory, 1, std::chrono::minutes{5});
  EXPECT_TRUE(Ping(pool));
  {
    auto held = pool.Acquire();  // every connection serving a request
    EXPECT_TRUE(Ping(pool));
  }
  const auto stats = pool.stats();
  EXPECT_EQ(stats.timeouts, 0u);
  EXPECT_EQ(stats.waits, 1u);
  ConnectionPool gone("gone", Engine::kSqlite,
                      [] { return OpenSqlite("/nonexistent/dir/for/jetway/ping.db", false); }, 1);
  EXPECT_FALSE(Ping(gone));
  EXPECT_GE(gone.stats().connect_failures, 1u);
}

namespace {
// A connection whose server can "go away", to test the pool without a server.
class FakeConnection final : public Connection {
 public:
  explicit FakeConnection(bool& server_up) : server_up_(server_up) {}
  Engine engine() const override { return Engine::kPostgres; }
  Statement Prepare(const std::string&) override { throw StoreError(StoreErrorKind::kOther, "fake"); }
  Statement PrepareLocking(const std::string&) override { throw StoreError(StoreErrorKind::kOther, "fake"); }
  void ExecScript(const std::string&) override {}
  int Changes() const override { return 0; }
  bool Alive() override { return server_up_; }

 protected:
  void Begin(TransactionMode) override {}
  void Commit() override {}
  void Rollback() noexcept override {}

 private:
  bool& server_up_;
};
}  // namespace

TEST(Store, PoolReplacesIdleConnectionsWhoseServerWentAway) {
  bool server_up = true;
  int opened = 0;
  ConnectionPool pool(
      "fake", Engine::kPostgres,
      [&] {
        ++opened;
        return std::make_unique<FakeConnection>(server_up);
      },
      3, std::chrono::milliseconds{100}, std::chrono::milliseconds{0});
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();
  }
  EXPECT_EQ(opened, 2);
  { auto again = pool.Acquire(); }
  EXPECT_EQ(opened, 2);  // reused while the server is up
  server_up = false;     // "restarted": both idle connections are dead now
  server_up = [&] {
    auto lease = pool.Acquire();  // finds one dead, drops both, opens a new one
    return true;
  }();
  EXPECT_EQ(opened, 3);
  // Both old slots were given back: three connections can be held at once again.
  auto x = pool.Acquire();
  auto y = pool.Acquire();
  auto z = pool.Acquire();
  EXPECT_EQ(opened, 5);
}

TEST(Store, RetryConflictsRetriesOnlyRetryableKinds) {
  int calls = 0;
  EXPECT_EQ(RetryConflicts([&] {
              if (++calls < 3) throw StoreError(StoreErrorKind::kConflict, "deadlock");
              return 42;
            }),
            42);
  EXPECT_EQ(calls, 3);
  calls = 0;
  EXPECT_THROW(RetryConflicts([&]() -> int {
                 ++calls;
                 throw StoreError(StoreErrorKind::kUnavailable, "down");
               }),
               StoreError);
  EXPECT_EQ(calls, 1);
  calls = 0;
  EXPECT_THROW(RetryConflicts(
                   [&]() -> int {
                     ++calls;
                     throw StoreError(StoreErrorKind::kConflict, "always");
                   },
                   4),
               StoreError);
  EXPECT_EQ(calls, 4);
}

}  // namespace jetway::store
