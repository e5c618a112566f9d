#include "ops/security_watch.hpp"

#include <gtest/gtest.h>

namespace jetway::ops {
namespace {

using namespace std::chrono_literals;

const core::Instant kWindow = core::FromEpoch(1796212800);  // 2026-12-02 12:00:00 UTC, a multiple of 600 s

SecurityThresholds Low() {
  SecurityThresholds t;
  t.firewall_blocks = 3;
  t.not_found = 5;
  t.rate_limited = 4;
  return t;
}

TEST(SecurityWatchTest, WindowsAreAlignedToTheClockSoEveryNodeSharesThem) {
  EXPECT_EQ(WindowStart(kWindow, 600s), kWindow);
  EXPECT_EQ(WindowStart(kWindow + 599s, 600s), kWindow);
  EXPECT_EQ(WindowStart(kWindow + 600s, 600s), kWindow + 600s);
}

TEST(SecurityWatchTest, OnlyTheAnswersThatAreSignsCount) {
  EXPECT_EQ(SignOf(403, "REQUEST_BLOCKED"), kFirewallBlocks);
  EXPECT_EQ(SignOf(404, "NOT_FOUND"), kNotFoundScan);
  EXPECT_EQ(SignOf(404, "BOOKING_NOT_FOUND"), kNotFoundScan);
  EXPECT_EQ(SignOf(429, "TOO_MANY_REQUESTS"), kFlood);
  EXPECT_EQ(SignOf(403, "FORBIDDEN"), "");  // a staff user without the permission: not an attack sign
  EXPECT_EQ(SignOf(429, "TOO_MANY_ATTEMPTS"), "");  // the guessing limits have their own counters
  EXPECT_EQ(SignOf(200, ""), "");
  EXPECT_EQ(SignOf(500, "INTERNAL_ERROR"), "");
}

TEST(SecurityWatchTest, ASourceIsReportedWhenItReachesItsThresholdThenWhatItAdds) {
  SecurityWatch watch(Low());
  for (int i = 0; i < 4; ++i) watch.ObserveAnswer(404, "NOT_FOUND", "203.0.113.9", kWindow + std::chrono::seconds{i});
  EXPECT_TRUE(watch.TakeReports(kWindow + 5s).empty());
  watch.ObserveAnswer(404, "NOT_FOUND", "203.0.113.9", kWindow + 10s);
  auto reports = watch.TakeReports(kWindow + 11s);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, kNotFoundScan);
  EXPECT_EQ(reports[0].source, "203.0.113.9");
  EXPECT_EQ(reports[0].window_start, kWindow);
  EXPECT_EQ(reports[0].count, 5);
  EXPECT_EQ(reports[0].first_seen, kWindow);
  EXPECT_EQ(reports[0].last_seen, kWindow + 10s);
  EXPECT_TRUE(watch.TakeReports(kWindow + 12s).empty());  // nothing new
  watch.ObserveAnswer(404, "NOT_FOUND", "203.0.113.9", kWindow + 20s);
  watch.ObserveAnswer(404, "NOT_FOUND", "203.0.113.9", kWindow + 21s);
  reports = watch.TakeReports(kWindow + 22s);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].count, 2);
  EXPECT_EQ(reports[0].last_seen, kWindow + 21s);
}

TEST(SecurityWatchTest, SignsAndSourcesAreCountedApart) {
  SecurityWatch watch(Low());
  for (int i = 0; i < 3; ++i) {
    watch.ObserveAnswer(403, "REQUEST_BLOCKED", "198.51.100.7", kWindow);
    watch.ObserveAnswer(404, "NOT_FOUND", "198.51.100.7", kWindow);  // 3 of 5
    watch.ObserveAnswer(403, "REQUEST_BLOCKED", "198.51.100.8", kWindow);
  }
  for (int i = 0; i < 4; ++i) watch.ObserveAnswer(429, "TOO_MANY_REQUESTS", "2001:db8::1", kWindow);
  const auto reports = watch.TakeReports(kWindow + 1s);
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& r : reports) keys.emplace_back(r.kind, r.source);
  EXPECT_EQ(keys, (std::vector<std::pair<std::string, std::string>>{{"firewall_blocks", "198.51.100.7"},
                                                                     {"firewall_blocks", "198.51.100.8"},
                                                                     {"flood", "2001:db8::1"}}));
}

TEST(SecurityWatchTest, ANewWindowStartsFromZero) {
  SecurityWatch watch(Low());
  for (int i = 0; i < 4; ++i) watch.ObserveAnswer(404, "NOT_FOUND", "203.0.113.9", kWindow + 590s);
  for (int i = 0; i < 4; ++i) watch.ObserveAnswer(404, "NOT_FOUND", "203.0.113.9", kWindow + 610s);
  EXPECT_TRUE(watch.TakeReports(kWindow + 611s).empty());  // 4 and 4: neither window reached 5
  watch.ObserveAnswer(404, "NOT_FOUND", "203.0.113.9", kWindow + 612s);
  const auto reports = watch.TakeReports(kWindow + 613s);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].window_start, kWindow + 600s);
  EXPECT_EQ(reports[0].count, 5);
}

TEST(SecurityWatchTest, MemoryIsBoundedBySources) {
  SecurityWatch watch(Low(), 3);
  for (const char* source : {"a", "b", "c", "d", "e"}) watch.ObserveAnswer(404, "NOT_FOUND", source, kWindow);
  EXPECT_EQ(watch.uncounted(), 2);
  // Once their window has ended and has nothing to report, room is made for new sources.
  for (int i = 0; i < 5; ++i) watch.ObserveAnswer(404, "NOT_FOUND", "f", kWindow + 600s);
  const auto reports = watch.TakeReports(kWindow + 601s);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].source, "f");
  EXPECT_EQ(watch.uncounted(), 2);
}

}  // namespace
}  // namespace jetway::ops
