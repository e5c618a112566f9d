#include "ops/security_events.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::ops {
namespace {

using namespace std::chrono_literals;

const core::Instant kEventWindow = core::FromEpoch(1796212800);  // 2026-12-02 12:00:00 UTC

class SecurityEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::TestDatabase>("security_mgmt");
    pool_ = db_->Pool(2);
    auto lease = pool_->Acquire();
    store::Migrate(*lease, store::MgmtMigrations());
  }
  void Fail(const std::string& email, core::Instant at) {
    auto lease = pool_->Acquire();
    lease->Prepare("INSERT INTO staff_login_failures (email, failures, locked_until, updated_at) VALUES (?, 1, 0, ?)")
        .Bind(1, email)
        .Bind(2, core::ToEpoch(at))
        .Exec();
  }
  std::unique_ptr<store::TestDatabase> db_;
  std::unique_ptr<store::ConnectionPool> pool_;
};

TEST_F(SecurityEventsTest, NodesAddTheirCountsToOneRowPerSignSourceAndWindow) {
  auto lease = pool_->Acquire();
  const SecurityCount scan{"not_found_scan", "203.0.113.9", kEventWindow, 50, kEventWindow + 5s, kEventWindow + 60s};
  RecordSecurityCounts(*lease, {scan}, "node-a");
  RecordSecurityCounts(*lease, {{"not_found_scan", "203.0.113.9", kEventWindow, 7, kEventWindow + 61s, kEventWindow + 70s}}, "node-a");
  RecordSecurityCounts(*lease, {{"not_found_scan", "203.0.113.9", kEventWindow, 50, kEventWindow + 2s, kEventWindow + 65s}}, "node-b");
  RecordSecurityCounts(*lease, {{"not_found_scan", "203.0.113.9", kEventWindow + 600s, 51, kEventWindow + 601s, kEventWindow + 650s},
                                {"firewall_blocks", "203.0.113.9", kEventWindow, 20, kEventWindow + 3s, kEventWindow + 4s}},
                       "node-b");
  const auto events = RecentSecurityEvents(*lease, kEventWindow);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].window_start, kEventWindow + 600s);  // latest first
  const auto& merged = events[1];
  EXPECT_EQ(merged.kind, "not_found_scan");
  EXPECT_EQ(merged.source, "203.0.113.9");
  EXPECT_EQ(merged.occurrences, 107);
  EXPECT_EQ(merged.first_seen, kEventWindow + 2s);
  EXPECT_EQ(merged.last_seen, kEventWindow + 70s);
  EXPECT_EQ(merged.nodes, "node-a,node-b");
  EXPECT_EQ(events[2].kind, "firewall_blocks");
  EXPECT_TRUE(RecentSecurityEvents(*lease, kEventWindow + 651s).empty());
}

TEST_F(SecurityEventsTest, SignInsFailingForManyAddressesInAWindowAreOneEvent) {
  SecurityThresholds t;
  t.login_failures = 3;
  Fail("old@example.com", kEventWindow - 1s);  // the window before
  Fail("a@example.com", kEventWindow + 10s);
  Fail("b@example.com", kEventWindow + 20s);
  auto lease = pool_->Acquire();
  EXPECT_FALSE(StaffSignInFailures(*lease, t, kEventWindow + 30s));
  Fail("c@example.com", kEventWindow + 30s);
  auto count = StaffSignInFailures(*lease, t, kEventWindow + 31s);
  ASSERT_TRUE(count);
  EXPECT_EQ(count->kind, "login_failures");
  EXPECT_EQ(count->source, kStaffSignIn);
  EXPECT_EQ(count->count, 3);
  EXPECT_EQ(count->first_seen, kEventWindow + 10s);
  EXPECT_EQ(count->last_seen, kEventWindow + 30s);
  // Two nodes read the same table: the row holds the figure, not their sum.
  RecordSignInFailures(*lease, *count, "node-a");
  RecordSignInFailures(*lease, *count, "node-b");
  const auto events = RecentSecurityEvents(*lease, kEventWindow);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].occurrences, 3);
  EXPECT_EQ(events[0].nodes, "node-a,node-b");
}

TEST_F(SecurityEventsTest, OldEventsAreRemoved) {
  auto lease = pool_->Acquire();
  RecordSecurityCounts(*lease, {{"flood", "a", kEventWindow, 200, kEventWindow, kEventWindow + 10s},
                                {"flood", "b", kEventWindow + 600s, 200, kEventWindow + 600s, kEventWindow + 610s}},
                       "n");
  EXPECT_EQ(RemoveSecurityEventsBefore(*lease, kEventWindow + 600s), 1);
  const auto events = RecentSecurityEvents(*lease, kEventWindow);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].source, "b");
}

}  // namespace
}  // namespace jetway::ops
