#include "schedule/schedule.hpp"

#include <gtest/gtest.h>

namespace jetway::schedule {

namespace {
core::LocalDate D(const char* text) { return *core::ParseIsoDate(text); }

ScheduleLine CphToAbz() {
  // Copenhagen (CET/CEST) 09:10 -> Aberdeen (GMT/BST) 10:05, daily.
  return ScheduleLine{"X9", 101, "CPH", "ABZ", 9 * 60 + 10, 10 * 60 + 5, 0, "1234567",
                      D("2026-03-27"), D("2026-03-30"), 1};
}
}  // namespace

TEST(Schedule, ExpandsAcrossSpringDstSwitch) {
  auto flights = Expand(CphToAbz(), core::FindZone("Europe/Copenhagen"), core::FindZone("Europe/London"));
  ASSERT_TRUE(flights) << flights.error().message;
  ASSERT_EQ(flights->size(), 4u);
  // Before the switch (Sat 28 Mar): 09:10 CET = 08:10Z, 10:05 GMT = 10:05Z.
  EXPECT_EQ(core::FormatUtc((*flights)[1].departure_utc), "2026-03-28T08:10:00Z");
  EXPECT_EQ(core::FormatUtc((*flights)[1].arrival_utc), "2026-03-28T10:05:00Z");
  // After (Sun 29 Mar): 09:10 CEST = 07:10Z, 10:05 BST = 09:05Z. The block time stays 1h55.
  EXPECT_EQ(core::FormatUtc((*flights)[2].departure_utc), "2026-03-29T07:10:00Z");
  EXPECT_EQ(core::FormatUtc((*flights)[2].arrival_utc), "2026-03-29T09:05:00Z");
}

TEST(Schedule, NextDayArrival) {
  // Riga 23:30 (EET) -> Copenhagen 00:20 next day (CET): block 1h50.
  ScheduleLine line{"X9", 202, "RIX", "CPH", 23 * 60 + 30, 20, 1, "5", D("2026-11-23"), D("2026-11-29"), 1};
  auto flights = Expand(line, core::FindZone("Europe/Riga"), core::FindZone("Europe/Copenhagen"));
  ASSERT_TRUE(flights);
  ASSERT_EQ(flights->size(), 1u);  // only Friday 27 Nov
  EXPECT_EQ(core::FormatIsoDate((*flights)[0].departure_date), "2026-11-27");
  EXPECT_EQ(core::FormatUtc((*flights)[0].departure_utc), "2026-11-27T21:30:00Z");
  EXPECT_EQ(core::FormatUtc((*flights)[0].arrival_utc), "2026-11-27T23:20:00Z");
}

TEST(Schedule, ArrivalBeforeDepartureIsRefused) {
  ScheduleLine line = CphToAbz();
  line.arrival_local_minutes = 6 * 60;  // 06:00 London is before 09:10 Copenhagen
  auto flights = Expand(line, core::FindZone("Europe/Copenhagen"), core::FindZone("Europe/London"));
  ASSERT_FALSE(flights);
  EXPECT_EQ(flights.error().code, "INVALID_BLOCK_TIME");
}

TEST(Schedule, DaysOfOperation) {
  EXPECT_EQ(*ParseDaysOfOperation("1234567"), 0x7fu);
  EXPECT_EQ(*ParseDaysOfOperation("1.3.5.7"), 0b1010101u);
  EXPECT_FALSE(ParseDaysOfOperation("8"));
  EXPECT_FALSE(ParseDaysOfOperation("11"));
  EXPECT_FALSE(ParseDaysOfOperation("......."));
}

TEST(Schedule, ValidationCatchesBadLines) {
  auto line = CphToAbz();
  line.destination = "CPH";
  EXPECT_EQ(Validate(line).error().code, "SAME_AIRPORT");
  line = CphToAbz();
  line.valid_to = D("2026-01-01");
  EXPECT_EQ(Validate(line).error().code, "INVALID_PERIOD");
}

}  // namespace jetway::schedule
