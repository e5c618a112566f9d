#include "ops/error_tracker.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

#include "ops/error_reports.hpp"
#include "store/migrations.hpp"
#include "store/test_database.hpp"

namespace jetway::ops {
namespace {

using namespace std::chrono_literals;

const core::Instant kNoon = core::FromEpoch(1796212800);  // 2026-12-02 12:00:00 UTC

ErrorEvent Request(core::Instant at, int status, std::string route = "/api/v1/bookings", std::string error = {}) {
  ErrorEvent e;
  e.at = at;
  e.request_id = "r" + std::to_string(core::ToEpoch(at));
  e.listener = "public";
  e.route = std::move(route);
  e.method = "POST";
  e.path = e.route;
  e.status = status;
  e.code = status >= 500 ? "INTERNAL_ERROR" : "";
  e.error = std::move(error);
  return e;
}

class ErrorTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<store::TestDatabase>("errors_mgmt");
    pool_ = db_->Pool(2);
    auto lease = pool_->Acquire();
    store::Migrate(*lease, store::MgmtMigrations());
  }

  std::unique_ptr<store::TestDatabase> db_;
  std::unique_ptr<store::ConnectionPool> pool_;
  ErrorTracker tracker_{"1.2.3", "node-a"};
};

TEST(FoldNumbers, IdsCountsAndAddressesAreOneCauseWordsStay) {
  EXPECT_EQ(FoldNumbers("row 17 of booking 4411 locked"), "row # of booking # locked");
  EXPECT_EQ(FoldNumbers("at 0x7ffd12a0b3c8"), "at #x#");
  EXPECT_EQ(FoldNumbers("deadbeef00 vs cafe"), "# vs cafe");
  EXPECT_EQ(FoldNumbers("E195 seat 12A"), "E# seat #A");
  EXPECT_EQ(Fingerprint(Request(kNoon, 500, "/r", "row 1 locked")),
            Fingerprint(Request(kNoon + 5s, 500, "/r", "row 999 locked")));
  EXPECT_NE(Fingerprint(Request(kNoon, 500, "/r", "row 1 locked")), Fingerprint(Request(kNoon, 500, "/r", "disk full")));
  EXPECT_NE(Fingerprint(Request(kNoon, 500, "/r", "x")), Fingerprint(Request(kNoon, 500, "/s", "x")));
}

TEST_F(ErrorTrackerTest, ErrorsAreGroupedByCauseWithFirstAndLastSeenAndCounts) {
  tracker_.Observe(Request(kNoon, 201));
  tracker_.Observe(Request(kNoon + 1s, 500, "/api/v1/bookings", "row 17 locked"));
  tracker_.Observe(Request(kNoon + 2s, 200));
  tracker_.Observe(Request(kNoon + 3s, 500, "/api/v1/bookings", "row 23 locked"));
  tracker_.Observe(Request(kNoon + 4s, 503, "/api/v1/search"));
  tracker_.Flush(*pool_);
  EXPECT_EQ(tracker_.pending(), 0u);
  tracker_.Observe(Request(kNoon + 60s, 500, "/api/v1/bookings", "row 99 locked"));
  tracker_.Flush(*pool_);

  auto lease = pool_->Acquire();
  const auto groups = RecentErrorGroups(*lease, kNoon - 1h, 10);
  ASSERT_EQ(groups.size(), 2u);
  const auto& locked = groups[0];
  EXPECT_EQ(locked.route, "/api/v1/bookings");
  EXPECT_EQ(locked.occurrences, 3);
  EXPECT_EQ(locked.first_seen, kNoon + 1s);
  EXPECT_EQ(locked.last_seen, kNoon + 60s);
  EXPECT_EQ(locked.error, "row 99 locked");
  EXPECT_EQ(locked.last_request_id, "r" + std::to_string(core::ToEpoch(kNoon + 60s)));
  EXPECT_EQ(locked.last_release, "1.2.3");
  EXPECT_EQ(groups[1].status, 503);
  EXPECT_EQ(groups[1].error, "INTERNAL_ERROR");  // no exception: the code is the error
  const auto occurrences = OccurrencesOf(*lease, locked.fingerprint, 10);
  ASSERT_EQ(occurrences.size(), 3u);
  EXPECT_EQ(occurrences[0].error, "row 99 locked");
  EXPECT_EQ(occurrences[2].error, "row 17 locked");
  EXPECT_EQ(occurrences[0].node, "node-a");
  ASSERT_TRUE(FindErrorGroup(*lease, locked.fingerprint));
  EXPECT_FALSE(FindErrorGroup(*lease, "nope"));
}

// What the server calls for every answer: a request that went well is counted without being described; a 5xx is
// described and kept, and counts as the same route's request and error.
TEST_F(ErrorTrackerTest, ARequestThatWentWellIsCountedWithoutBeingDescribed) {
  int described = 0;
  auto describe = [&](core::Instant at, int status) {
    return [&, at, status] {
      ++described;
      return Request(at, status, "/api/v1/availability");
    };
  };
  for (int i = 0; i < 5; ++i)
    tracker_.Observe(kNoon + std::chrono::seconds{i}, "public", "/api/v1/availability", 200, describe(kNoon, 200));
  EXPECT_EQ(described, 0);
  tracker_.Observe(kNoon + 9s, "public", "/api/v1/availability", 503, describe(kNoon + 9s, 503));
  EXPECT_EQ(described, 1);
  tracker_.Observe(Request(kNoon + 10s, 200, "/api/v1/availability"));  // the event form adds to the same count
  tracker_.Flush(*pool_);
  auto lease = pool_->Acquire();
  const auto hourly = ErrorRates(*lease, kNoon - 1h, RatePeriod::kHour, true);
  ASSERT_EQ(hourly.size(), 1u);
  EXPECT_EQ(hourly[0].route, "/api/v1/availability");
  EXPECT_EQ(hourly[0].requests, 7);
  EXPECT_EQ(hourly[0].errors, 1);
}

TEST_F(ErrorTrackerTest, TheErrorRateIsPerTransactionPerHourAndPerDay) {
  for (int i = 0; i < 8; ++i) tracker_.Observe(Request(kNoon + std::chrono::seconds{i}, i < 2 ? 500 : 201));
  for (int i = 0; i < 10; ++i) tracker_.Observe(Request(kNoon + 1h + std::chrono::seconds{i}, 200, "/api/v1/search"));
  tracker_.Observe(Request(kNoon + 1h, 500, "/api/v1/bookings"));
  tracker_.Flush(*pool_);
  // A second node's counts add to the same hours.
  ErrorTracker other{"1.2.3", "node-b"};
  other.Observe(Request(kNoon + 5s, 201));
  other.Flush(*pool_);

  auto lease = pool_->Acquire();
  const auto hourly = ErrorRates(*lease, kNoon - 2h, RatePeriod::kHour, true);
  ASSERT_EQ(hourly.size(), 3u);  // 13:00 bookings and search, 12:00 bookings
  EXPECT_EQ(hourly[0].period_start, kNoon + 1h);
  EXPECT_EQ(hourly[0].route, "/api/v1/bookings");
  EXPECT_EQ(hourly[0].requests, 1);
  EXPECT_EQ(hourly[0].errors, 1);
  EXPECT_EQ(hourly[1].route, "/api/v1/search");
  EXPECT_EQ(hourly[1].errors, 0);
  EXPECT_EQ(hourly[2].period_start, kNoon);
  EXPECT_EQ(hourly[2].requests, 9);
  EXPECT_EQ(hourly[2].errors, 2);
  EXPECT_DOUBLE_EQ(hourly[2].rate(), 2.0 / 9.0);
  EXPECT_EQ(ErrorRates(*lease, kNoon - 2h, RatePeriod::kHour).size(), 2u);  // only those with errors

  const auto daily = ErrorRates(*lease, kNoon - 24h, RatePeriod::kDay);
  ASSERT_EQ(daily.size(), 1u);
  EXPECT_EQ(daily[0].period_start, core::FromEpoch(core::ToEpoch(kNoon) / 86400 * 86400));
  EXPECT_EQ(daily[0].requests, 10);
  EXPECT_EQ(daily[0].errors, 3);
  const auto overall = OverallErrorRates(*lease, kNoon - 24h, RatePeriod::kDay);
  ASSERT_EQ(overall.size(), 1u);
  EXPECT_EQ(overall[0].requests, 20);
  EXPECT_EQ(overall[0].errors, 3);
}

TEST_F(ErrorTrackerTest, WhatCannotBeWrittenWaitsWithinItsBoundAndTheRestIsCounted) {
  for (std::size_t i = 0; i < ErrorTracker::kMaxPending + 5; ++i)
    tracker_.Observe(Request(kNoon, 500, "/api/v1/bookings", "boom"));
  // A database that refuses the write: the migrations are not there.
  store::TestDatabase empty("errors_empty");
  auto broken = empty.Pool(1);
  EXPECT_THROW(tracker_.Flush(*broken), std::exception);
  EXPECT_EQ(tracker_.pending(), ErrorTracker::kMaxPending + 1);  // the events and one hour's count
  tracker_.Flush(*pool_);

  auto lease = pool_->Acquire();
  const auto groups = RecentErrorGroups(*lease, kNoon - 1h, 10);
  ASSERT_EQ(groups.size(), 2u);
  std::int64_t kept = 0, dropped = 0;
  for (const auto& g : groups) (g.code == "EVENTS_DROPPED" ? dropped : kept) += g.occurrences;
  EXPECT_EQ(kept, static_cast<std::int64_t>(ErrorTracker::kMaxPending));
  EXPECT_EQ(dropped, 5);
  const auto rates = ErrorRates(*lease, kNoon - 1h, RatePeriod::kHour);
  ASSERT_EQ(rates.size(), 1u);
  EXPECT_EQ(rates[0].errors, static_cast<std::int64_t>(ErrorTracker::kMaxPending + 5));
}

TEST_F(ErrorTrackerTest, OldEventsAndCountsAreRemoved) {
  tracker_.Observe(Request(kNoon - std::chrono::hours{24 * 40}, 500, "/old", "old"));
  tracker_.Flush(*pool_);
  tracker_.Observe(Request(kNoon, 500, "/new", "new"));
  tracker_.Flush(*pool_);
  auto lease = pool_->Acquire();
  const auto groups = RecentErrorGroups(*lease, kNoon - std::chrono::hours{24 * 60}, 10);
  ASSERT_EQ(groups.size(), 2u);  // the group is kept a quarter
  EXPECT_EQ(OccurrencesOf(*lease, groups[1].fingerprint, 10).size(), 0u);  // its event a month
  EXPECT_EQ(OccurrencesOf(*lease, groups[0].fingerprint, 10).size(), 1u);
}

}  // namespace
}  // namespace jetway::ops
