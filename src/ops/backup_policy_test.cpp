#include "ops/backup_policy.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/time.hpp"
#include "log/log.hpp"
#include "ops/backup_scheduler.hpp"
#include "ops/node_lease.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/test_database.hpp"

namespace jetway::ops {
namespace {

using namespace std::chrono_literals;

// 2026-12-02 00:00:00 UTC
core::Instant Day(int hours, int minutes = 0) {
  return core::Instant{std::chrono::seconds{1796169600}} + std::chrono::hours{hours} + std::chrono::minutes{minutes};
}

TEST(BackupDue, TheFirstGoodBackupOfTheDayIsTheDailyOne) {
  BackupPolicy policy;
  EXPECT_EQ(BackupDue(policy, Day(0, 1), {}), BackupKind::kDaily);
  // Yesterday's daily does not count for today.
  EXPECT_EQ(BackupDue(policy, Day(0, 1), {{1, BackupKind::kDaily, Day(-1), true}}), BackupKind::kDaily);
  // A failed daily attempt does not either.
  EXPECT_EQ(BackupDue(policy, Day(0, 1), {{1, BackupKind::kDaily, Day(0), false}}), BackupKind::kDaily);
}

TEST(BackupDue, FrequentOnesFollowTheInterval) {
  BackupPolicy policy;  // every 5 minutes
  const std::vector<BackupRecord> today{{1, BackupKind::kDaily, Day(0, 0), true},
                                        {2, BackupKind::kFrequent, Day(1, 0), true},
                                        {3, BackupKind::kFrequent, Day(1, 6), false}};
  EXPECT_EQ(BackupDue(policy, Day(1, 4), today), std::nullopt);
  EXPECT_EQ(BackupDue(policy, Day(1, 5), today), BackupKind::kFrequent);  // the failure at 1:06 does not count
  policy.interval = 2h;
  EXPECT_EQ(BackupDue(policy, Day(2, 59), today), std::nullopt);
}

TEST(BackupsToRemove, DailiesKeepDaysFrequentOnesKeepHoursTheNewestGoodStays) {
  BackupPolicy policy;
  policy.keep_frequent_hours = 24;
  const std::vector<BackupRecord> backups{
      {1, BackupKind::kDaily, Day(-24 * 15), true},    // 15 days old: goes
      {2, BackupKind::kDaily, Day(-24 * 13), true},    // 13 days: stays
      {3, BackupKind::kFrequent, Day(-25), true},      // 25 hours: goes
      {4, BackupKind::kFrequent, Day(-23), true},      // stays
      {5, BackupKind::kDaily, Day(-30), false},        // a failed attempt goes with the frequent ones
  };
  EXPECT_EQ(BackupsToRemove(policy, Day(0), backups), (std::vector<std::int64_t>{1, 3, 5}));
  // The only good backup stays however old it is.
  EXPECT_TRUE(BackupsToRemove(policy, Day(0), {{9, BackupKind::kFrequent, Day(-24 * 100), true}}).empty());
}

TEST(NodeLease, OneHolderUntilItLapses) {
  store::TestDatabase database("node_lease");
  auto pool = database.Pool(2);
  {
    auto lease = pool->Acquire();
    store::Migrate(*lease, store::MgmtMigrations());
  }
  EXPECT_TRUE(TakeLease(*pool, "backup", "node-a", Day(0), 60s));
  EXPECT_FALSE(TakeLease(*pool, "backup", "node-b", Day(0, 0) + 30s, 60s));
  EXPECT_TRUE(TakeLease(*pool, "backup", "node-a", Day(0, 0) + 50s, 60s));  // renewed to 1:50
  EXPECT_FALSE(TakeLease(*pool, "backup", "node-b", Day(0, 1) + 40s, 60s));
  EXPECT_TRUE(TakeLease(*pool, "backup", "node-b", Day(0, 2), 60s));  // a-'s lapsed
  EXPECT_FALSE(TakeLease(*pool, "backup", "node-a", Day(0, 2) + 1s, 60s));
  EXPECT_TRUE(TakeLease(*pool, "alerts", "node-a", Day(0, 2) + 1s, 60s));  // another job, its own lease
}

TEST(BackupScheduler, TakesRecordsAndPrunes) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("jetway-scheduler-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "var");
  for (const char* file : {"data.db", "web.db", "mgmt.db"}) {
    auto db = store::OpenSqlite((root / "var" / file).string(), false);
    if (std::string(file) == "mgmt.db") store::Migrate(*db, store::MgmtMigrations());
  }
  auto mgmt = std::make_unique<store::ConnectionPool>(
      "mgmt", store::Engine::kSqlite, [&] { return store::OpenSqlite((root / "var" / "mgmt.db").string(), false); }, 2);
  core::FixedClock clock(Day(10));
  auto at = [&clock](core::Instant t) { clock.Advance(t - clock.Now()); };
  std::ostringstream log_text;
  log::Logger logger(log_text);
  BackupPolicy policy;
  policy.keep_frequent_hours = 1;
  BackupScheduler scheduler(*mgmt, root / "var", root / "backups", policy, clock, "1.0", "node-a", logger);
  scheduler.Tick();  // the daily one
  at(Day(10, 2));
  scheduler.Tick();  // not due
  at(Day(10, 5));
  scheduler.Tick();  // a frequent one
  auto status = ReadBackupStatus(*mgmt);
  ASSERT_TRUE(status.last_good);
  EXPECT_EQ(*status.last_good, Day(10, 5));
  EXPECT_GT(status.last_good_bytes, 0);
  EXPECT_TRUE(fs::exists(root / "backups" / "jetway-20261202T100000Z" / "SHA256SUMS"));
  EXPECT_TRUE(fs::exists(root / "backups" / "jetway-20261202T100500Z" / "SHA256SUMS"));
  EXPECT_FALSE(fs::exists(root / "backups" / "jetway-20261202T100200Z"));
  // Two hours on: the frequent one is past its hour and removed; the daily one stays.
  at(Day(12, 6));
  scheduler.Tick();
  EXPECT_FALSE(fs::exists(root / "backups" / "jetway-20261202T100500Z"));
  EXPECT_TRUE(fs::exists(root / "backups" / "jetway-20261202T100000Z"));
  EXPECT_TRUE(fs::exists(root / "backups" / "jetway-20261202T120600Z"));
  // A failure is recorded, and counted until the next good one.
  fs::remove(root / "var" / "web.db");
  at(Day(12, 12));
  scheduler.Tick();
  status = ReadBackupStatus(*mgmt);
  EXPECT_EQ(*status.last_good, Day(12, 6));
  EXPECT_EQ(status.failures_since_good, 1);
  EXPECT_NE(status.last_error.find("web.db"), std::string::npos) << status.last_error;
  EXPECT_NE(log_text.str().find("backup failed"), std::string::npos);
  mgmt.reset();
  fs::remove_all(root);
}

}  // namespace
}  // namespace jetway::ops
