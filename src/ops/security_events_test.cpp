#include "ops/security_events.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::ops {
namespace {

using namespace std::chrono_literals;

const core::Instant kWindow = core::FromEpoch(1796212800);  // 2026-12-02 12:00:00 UTC

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
  const SecurityCount scan{"not_found_scan", "203.0.113.9", kWindow, 50, kWindow + 5s, kWindow + 60s};
  RecordSecurityCounts(*lease, {scan}, "node-a");
  RecordSecurityCounts(*lease, {{"not_found_scan", "203.0.113.9", kWindow, 7, kWindow + 61s, kWindow + 70s}}, "node-a");
  RecordSecurityCounts(*lease, {{"not_found_scan", "203.0.113.9", kWindow, 50, kWindow + 2s, kWindow + 65s}}, "node-b");
  RecordSecurityCounts(*lease, {{"not_found_scan", "203.0.113.9", kWindow + 600s, 51, kWindow + 601s, kWindow + 650s},
                                {"firewall_blocks", "203.0.113.9", kWindow, 20, kWindow + 3s, kWindow + 4s}},
                       "node-b");
  const auto events = RecentSecurityEvents(*lease, kWindow);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].window_start, kWindow + 600s);  // latest first
  const auto& merged = events[1];
  EXPECT_EQ(merged.kind, "not_found_scan");
  EXPECT_EQ(merged.source, "203.0.113.9");
  EXPECT_EQ(merged.occurrences, 107);
  EXPECT_EQ(merged.first_seen, kWindow + 2s);
  EXPECT_EQ(merged.last_seen, kWindow + 70s);
  EXPECT_EQ(merged.nodes, "node-a,node-b");
  EXPECT_EQ(events[2].kind, "firewall_blocks");
  EXPECT_TRUE(RecentSecurityEvents(*lease, kWindow + 651s).empty());
}

TEST_F(SecurityEventsTest, SignInsFailingForManyAddressesInAWindowAreOneEvent) {
  SecurityThresholds t;
  t.login_failures = 3;
  Fail("old@example.com", kWindow - 1s);  // the window before
  Fail("a@example.com", kWindow + 10s);
  Fail("b@example.com", kWindow + 20s);
  auto lease = pool_->Acquire();
  EXPECT_FALSE(StaffSignInFailures(*lease, t, kWindow + 30s));
  Fail("c@example.com", kWindow + 30s);
  auto count = StaffSignInFailures(*lease, t, kWindow + 31s);
  ASSERT_TRUE(count);
  EXPECT_EQ(count->kind, "login_failures");
  EXPECT_EQ(count->source, kStaffSignIn);
  EXPECT_EQ(count->count, 3);
  EXPECT_EQ(count->first_seen, kWindow + 10s);
  EXPECT_EQ(count->last_seen, kWindow + 30s);
  // Two nodes read the same table: the row holds the figure, not their sum.
  RecordSignInFailures(*lease, *count, "node-a");
  RecordSignInFailures(*lease, *count, "node-b");
  const auto events = RecentSecurityEvents(*lease, kWindow);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].occurrences, 3);
  EXPECT_EQ(events[0].nodes, "node-a,node-b");
}

TEST_F(SecurityEventsTest, OldEventsAreRemoved) {
  auto lease = pool_->Acquire();
  RecordSecurityCounts(*lease, {{"flood", "a", kWindow, 200, kWindow, kWindow + 10s},
                                {"flood", "b", kWindow + 600s, 200, kWindow + 600s, kWindow + 610s}},
                       "n");
  EXPECT_EQ(RemoveSecurityEventsBefore(*lease, kWindow + 600s), 1);
  const auto events = RecentSecurityEvents(*lease, kWindow);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].source, "b");
}

}  // namespace
}  // namespace jetway::ops
