#include "core/time.hpp"

#include <gtest/gtest.h>

namespace jetway::core {

namespace {
LocalDate D(const char* text) { return *ParseIsoDate(text); }
}  // namespace

TEST(Time, ParsesOnlyRealDates) {
  EXPECT_TRUE(ParseIsoDate("2026-02-28"));
  EXPECT_FALSE(ParseIsoDate("2026-02-30"));
  EXPECT_FALSE(ParseIsoDate("2026-2-3"));
  EXPECT_FALSE(ParseIsoDate("2026-13-01"));
  EXPECT_EQ(FormatIsoDate(D("2028-02-29")), "2028-02-29");
}

TEST(Time, LocalToUtcFollowsDst) {
  const auto* cph = FindZone("Europe/Copenhagen");
  ASSERT_NE(cph, nullptr);
  // Winter: UTC+1. Summer: UTC+2. 2026 switch is on Sunday 29 March.
  EXPECT_EQ(FormatUtc(LocalToUtc(cph, D("2026-03-28"), 7 * 60)), "2026-03-28T06:00:00Z");
  EXPECT_EQ(FormatUtc(LocalToUtc(cph, D("2026-03-29"), 7 * 60)), "2026-03-29T05:00:00Z");
  EXPECT_EQ(FormatLocal(LocalToUtc(cph, D("2026-03-29"), 7 * 60), cph), "2026-03-29T07:00:00+02:00");
}

TEST(Time, GapAndOverlapResolveByEarliest) {
  const auto* lon = FindZone("Europe/London");
  // 01:30 does not exist in London on 2026-03-29: resolves to the switch instant, 01:00Z (= 02:00 BST).
  EXPECT_EQ(FormatUtc(LocalToUtc(lon, D("2026-03-29"), 90)), "2026-03-29T01:00:00Z");
  // 01:30 happens twice on 2026-10-25: the earlier (BST) one, 00:30Z.
  EXPECT_EQ(FormatUtc(LocalToUtc(lon, D("2026-10-25"), 90)), "2026-10-25T00:30:00Z");
}

TEST(Time, WeekdaysAndDates) {
  EXPECT_EQ(IsoWeekday(D("2026-11-23")), 1);  // Monday
  EXPECT_EQ(IsoWeekday(D("2026-11-29")), 7);  // Sunday
  EXPECT_EQ(FormatIsoDate(AddDays(D("2026-12-31"), 1)), "2027-01-01");
  EXPECT_EQ(*ParseUtc("2026-03-29T01:00:00Z"), LocalToUtc(FindZone("UTC"), D("2026-03-29"), 60));
  EXPECT_FALSE(ParseUtc("2026-03-29T25:00:00Z"));
}

TEST(Time, UnknownZoneIsNull) { EXPECT_EQ(FindZone("Mars/Olympus"), nullptr); }

}  // namespace jetway::core

TEST(Time, LocalDayAndClockOfAFormattedLocalTime) {
  const auto* riga = jetway::core::FindZone("Europe/Riga");
  const auto local = jetway::core::FormatLocal(*jetway::core::ParseUtc("2026-12-05T23:35:00Z"), riga);
  EXPECT_EQ(jetway::core::LocalDayOf(local), "2026-12-06");
  EXPECT_EQ(jetway::core::LocalClockOf(local), "01:35");
}

