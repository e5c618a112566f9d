#include <gtest/gtest.h>

#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"

namespace jetway::store {

namespace {
std::string TempDb(const char* name) {
  auto path = std::filesystem::temp_directory_path() / fmt::format("jetway_store_test_{}_{}.db", name, getpid());
  std::filesystem::remove(path);
  return path.string();
}
}  // namespace

TEST(Store, MigrateIsIdempotent) {
  Connection db(TempDb("migrate"), true);
  EXPECT_EQ(SchemaVersion(db), 0);
  EXPECT_EQ(Migrate(db, DataMigrations()), static_cast<int>(DataMigrations().size()));
  EXPECT_EQ(Migrate(db, DataMigrations()), 0);
  EXPECT_EQ(SchemaVersion(db), DataMigrations().back().version);
}

TEST(Store, BindsInt64WithoutTruncation) {
  Connection db(TempDb("int64"), false);
  db.ExecScript("CREATE TABLE t (v INTEGER)");
  const std::int64_t big = 9'007'199'254'740'993LL;  // not representable as a double
  db.Prepare("INSERT INTO t VALUES (?)").Bind(1, big).Exec();
  auto stmt = db.Prepare("SELECT v FROM t");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Int(0), big);
}

TEST(Store, UniqueViolationIsNamed) {
  Connection db(TempDb("unique"), false);
  db.ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY)");
  db.Prepare("INSERT INTO t VALUES (?)").Bind(1, "A").Exec();
  try {
    db.Prepare("INSERT INTO t VALUES (?)").Bind(1, "A").Exec();
    FAIL() << "expected a unique violation";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kUniqueViolation);
  }
}

TEST(Store, TransactionRollsBackUnlessCommitted) {
  Connection db(TempDb("tx"), false);
  db.ExecScript("CREATE TABLE t (v INTEGER)");
  {
    Transaction tx(db);
    db.Prepare("INSERT INTO t VALUES (1)").Exec();
  }
  {
    Transaction tx(db);
    db.Prepare("INSERT INTO t VALUES (2)").Exec();
    tx.Commit();
  }
  auto stmt = db.Prepare("SELECT group_concat(v) FROM t");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.Text(0), "2");
}

}  // namespace jetway::store
