#include "schedule/flight_filter.hpp"

#include <gtest/gtest.h>

namespace jetway::schedule {

namespace {
core::LocalDate FilterDay(const char* text) { return *core::ParseIsoDate(text); }
// December 2026, Tuesdays and Saturdays (bits 1 and 5), CPH-HAM only.
FlightFilter TuesdaysAndSaturdays() {
  return FlightFilter{"X9", std::nullopt, "CPH", "HAM", FilterDay("2026-12-01"), FilterDay("2026-12-31"), (1u << 1) | (1u << 5)};
}
}  // namespace

TEST(FlightFilter, MatchesDaysOfTheWeekInsideThePeriod) {
  const auto filter = TuesdaysAndSaturdays();
  EXPECT_EQ(core::IsoWeekday(FilterDay("2026-12-01")), 2);  // a Tuesday
  EXPECT_TRUE(filter.Matches("X9", 101, "CPH", "HAM", FilterDay("2026-12-01")));
  EXPECT_TRUE(filter.Matches("X9", 101, "CPH", "HAM", FilterDay("2026-12-05")));   // Saturday
  EXPECT_FALSE(filter.Matches("X9", 101, "CPH", "HAM", FilterDay("2026-12-06")));  // Sunday
  EXPECT_FALSE(filter.Matches("X9", 101, "CPH", "HAM", FilterDay("2027-01-02")));  // a Saturday after the period
  EXPECT_FALSE(filter.Matches("X9", 101, "HAM", "CPH", FilterDay("2026-12-01")));
  EXPECT_FALSE(filter.Matches("K7", 101, "CPH", "HAM", FilterDay("2026-12-01")));
}

TEST(FlightFilter, EmptyFieldsMatchAnything) {
  FlightFilter filter{"", 202, "", "", FilterDay("2026-12-01"), FilterDay("2026-12-01")};
  EXPECT_TRUE(filter.Matches("K7", 202, "BGO", "CPH", FilterDay("2026-12-01")));
  EXPECT_FALSE(filter.Matches("K7", 203, "BGO", "CPH", FilterDay("2026-12-01")));
}

TEST(FlightFilter, RefusesBadPeriodsAndCodes) {
  auto filter = TuesdaysAndSaturdays();
  EXPECT_TRUE(Validate(filter));
  filter.to = FilterDay("2026-11-30");
  EXPECT_EQ(Validate(filter).error().code, "INVALID_PERIOD");
  filter.to = FilterDay("2027-12-02");  // 367 days: one too many
  EXPECT_EQ(Validate(filter).error().code, "INVALID_PERIOD");
  filter.to = FilterDay("2027-12-01");  // 366 days
  EXPECT_TRUE(Validate(filter));
  filter.weekdays = 0;
  EXPECT_EQ(Validate(filter).error().code, "INVALID_DAYS");
  filter = TuesdaysAndSaturdays();
  filter.origin = "cph";
  EXPECT_EQ(Validate(filter).error().code, "INVALID_AIRPORT");
  filter = TuesdaysAndSaturdays();
  filter.flight_number = 0;
  EXPECT_EQ(Validate(filter).error().code, "INVALID_FLIGHT_NUMBER");
}

}  // namespace jetway::schedule
