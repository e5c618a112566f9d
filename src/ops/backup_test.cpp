#include "ops/backup.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/digest.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_backup.hpp"
#include "store/store.hpp"

namespace jetway::ops {
namespace {

namespace fs = std::filesystem;

std::int64_t Count(const fs::path& db_file) {
  auto db = store::OpenSqlite(db_file.string(), false);
  auto stmt = db->Prepare("SELECT COUNT(*) FROM t");
  stmt.Step();
  return stmt.Int(0);
}

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("jetway-backup-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "var");
    for (const char* file : kDatabaseFiles) {
      auto db = store::OpenSqlite((root_ / "var" / file).string(), true);
      db->ExecScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);");
    }
  }
  void TearDown() override { fs::remove_all(root_); }

  core::Instant At(int second) { return core::Instant{std::chrono::seconds{1796212800 + second}}; }

  fs::path root_;
};

TEST_F(BackupTest, CopiesCommittedRowsWithChecksumsAndAManifestWhileAWriterIsMidTransaction) {
  auto writer = store::OpenSqlite((root_ / "var" / "data.db").string(), true);
  writer->ExecScript("BEGIN IMMEDIATE; INSERT INTO t VALUES (4);");  // not committed: not in the backup
  auto info = BackupSqliteDatabases(root_ / "var", root_ / "backups", At(0), "9.9.9");
  writer->ExecScript("COMMIT;");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->directory, root_ / "backups" / "jetway-20261202T120000Z");
  EXPECT_GT(info->bytes, 0u);
  const auto sums = Read(info->directory / "SHA256SUMS");
  for (const char* file : kDatabaseFiles) {
    EXPECT_NE(sums.find(*core::Sha256File(info->directory / file) + "  " + file + "\n"), std::string::npos) << sums;
    EXPECT_FALSE(fs::exists(info->directory / (std::string(file) + "-wal")));
  }
  EXPECT_EQ(Count(info->directory / "data.db"), 3);  // opening it for jetway turns it to WAL: checksums first
  EXPECT_EQ(Count(root_ / "var" / "data.db"), 4);
  const auto manifest = Read(info->directory / "manifest.json");
  EXPECT_NE(manifest.find("\"created_at\":\"2026-12-02T12:00:00Z\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"jetway_version\":\"9.9.9\""), std::string::npos) << manifest;
  // Nothing half-written is left beside it, and the same moment twice is refused.
  EXPECT_EQ(std::distance(fs::directory_iterator(root_ / "backups"), fs::directory_iterator{}), 1);
  auto again = BackupSqliteDatabases(root_ / "var", root_ / "backups", At(0), "9.9.9");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "BACKUP_EXISTS");
}

TEST_F(BackupTest, RestoresIntoAnEmptyDirectoryOnly) {
  auto info = BackupSqliteDatabases(root_ / "var", root_ / "backups", At(1), "9.9.9");
  ASSERT_TRUE(info);
  ASSERT_TRUE(RestoreSqliteDatabases(info->directory, root_ / "restored"));
  for (const char* file : kDatabaseFiles) EXPECT_EQ(Count(root_ / "restored" / file), 3);
  auto over = RestoreSqliteDatabases(info->directory, root_ / "var");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, "RESTORE_TARGET_NOT_EMPTY");
}

TEST_F(BackupTest, ADamagedOrIncompleteBackupIsRefusedAndNothingIsRestored) {
  auto info = BackupSqliteDatabases(root_ / "var", root_ / "backups", At(2), "9.9.9");
  ASSERT_TRUE(info);
  {
    std::fstream f(info->directory / "web.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x7f');
  }
  auto damaged = RestoreSqliteDatabases(info->directory, root_ / "restored");
  ASSERT_FALSE(damaged);
  EXPECT_EQ(damaged.error().code, "BACKUP_INVALID");
  EXPECT_NE(damaged.error().message.find("web.db"), std::string::npos);
  EXPECT_FALSE(fs::exists(root_ / "restored" / "mgmt.db"));
  fs::remove(info->directory / "SHA256SUMS");
  EXPECT_EQ(RestoreSqliteDatabases(info->directory, root_ / "restored").error().code, "BACKUP_INVALID");
}

TEST_F(BackupTest, AMissingDatabaseFailsTheBackup) {
  fs::remove(root_ / "var" / "web.db");
  auto info = BackupSqliteDatabases(root_ / "var", root_ / "backups", At(3), "9.9.9");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, "BACKUP_FAILED");
  EXPECT_FALSE(fs::exists(root_ / "backups" / "jetway-20261202T120003Z"));
}

}  // namespace
}  // namespace jetway::ops
