#include "schedule/ssim_schedule.hpp"

#include <gtest/gtest.h>

namespace jetway::schedule {
namespace {

core::LocalDate D(const char* text) { return *core::ParseIsoDate(text); }

const date::time_zone* Zone(std::string_view airport) {
  if (airport == "CPH" || airport == "AAL") return date::locate_zone("Europe/Copenhagen");
  if (airport == "ABZ") return date::locate_zone("Europe/London");
  if (airport == "KEF") return date::locate_zone("Atlantic/Reykjavik");  // no summer time
  return nullptr;
}

SsimLine Line(int number, const char* from, const char* to, const char* days = "1234567") {
  SsimLine l;
  l.line = {"X9", number, "CPH", "ABZ", 9 * 60 + 10, 10 * 60 + 5, 0, days, D(from), D(to), 0};
  l.aircraft_type = "DH4";
  l.configuration = "J8Y66";
  l.booking_classes = "JY";
  return l;
}

std::vector<SsimAirline> Airline(std::vector<SsimLine> lines) { return {{"X9", "KATTEGAT AIR", std::move(lines)}}; }

TEST(SsimSchedule, ALineAcrossTheClockChangeIsOneLegPerVariationAndOneLineAgain) {
  // 2027's summer time starts on 28 March in Denmark and the United Kingdom alike.
  const auto set = ToDataSet(Airline({Line(101, "2027-03-01", "2027-04-30")}), Zone, D("2027-01-15"));
  ASSERT_EQ(set.legs.size(), 2U);
  EXPECT_EQ((std::tuple{set.legs[0].from, set.legs[0].to, set.legs[0].departure_offset, set.legs[0].arrival_offset}),
            (std::tuple{D("2027-03-01"), D("2027-03-27"), 60, 0}));
  EXPECT_EQ((std::tuple{set.legs[1].from, set.legs[1].to, set.legs[1].departure_offset, set.legs[1].arrival_offset}),
            (std::tuple{D("2027-03-28"), D("2027-04-30"), 120, 60}));
  EXPECT_EQ((std::tuple{set.legs[0].variation, set.legs[1].variation}), (std::tuple{1, 2}));
  ASSERT_EQ(set.carriers.size(), 1U);
  EXPECT_EQ((std::tuple{set.carriers[0].season, set.carriers[0].valid_from, set.carriers[0].valid_to}),
            (std::tuple{std::string("W26"), D("2027-03-01"), D("2027-04-30")}));
  auto read = FromDataSet(std::get<ssim::DataSet>(ssim::Parse(ssim::Write(set))), Zone);
  ASSERT_TRUE(std::holds_alternative<std::vector<SsimAirline>>(read))
      << std::get<std::vector<ssim::Problem>>(read).front().message;
  const auto& lines = std::get<std::vector<SsimAirline>>(read).at(0).lines;
  ASSERT_EQ(lines.size(), 1U) << "the two stretches are one line again";
  EXPECT_EQ(lines[0].line.valid_from, D("2027-03-01"));
  EXPECT_EQ(lines[0].line.valid_to, D("2027-04-30"));
  EXPECT_EQ(lines[0].line.days_of_operation, "1234567");
  EXPECT_EQ((std::tuple{lines[0].aircraft_type, lines[0].configuration}),
            (std::tuple{std::string("DH4"), std::string("J8Y66")}));
}

TEST(SsimSchedule, ExportImportExportIsByteIdentical) {
  auto saturdays = Line(103, "2027-03-20", "2027-04-02", ".....6.");  // a stretch with no flight is left out
  auto overnight = Line(105, "2027-06-01", "2027-06-30");
  overnight.line.origin = "KEF";
  overnight.line.departure_local_minutes = 23 * 60 + 30;
  overnight.line.arrival_local_minutes = 4 * 60 + 15;
  overnight.line.arrival_day_offset = 1;
  overnight.line.destination = "CPH";
  const auto first = ssim::Write(ToDataSet(
      Airline({Line(101, "2027-03-01", "2027-04-30"), Line(101, "2027-05-01", "2027-05-31"), saturdays, overnight}),
      Zone, D("2027-01-15")));
  auto read = FromDataSet(std::get<ssim::DataSet>(ssim::Parse(first)), Zone);
  ASSERT_TRUE(std::holds_alternative<std::vector<SsimAirline>>(read));
  const auto again = ssim::Write(ToDataSet(std::get<std::vector<SsimAirline>>(read), Zone, D("2027-01-15")));
  EXPECT_EQ(again, first);
  const auto& lines = std::get<std::vector<SsimAirline>>(read)[0].lines;
  ASSERT_EQ(lines.size(), 3U) << "101's two contiguous lines are one";
  EXPECT_EQ(lines[0].line.valid_to, D("2027-05-31"));
  EXPECT_EQ(lines[2].line.arrival_day_offset, 1);
  EXPECT_EQ(lines[1].line.valid_from, D("2027-03-20")) << "only the stretch before the change has a Saturday";
  EXPECT_EQ(lines[1].line.valid_to, D("2027-03-27"));
}

TEST(SsimSchedule, DaysNotFlownAreTheLinesOperatingDaysWithoutAFlight) {
  const auto line = Line(101, "2027-06-01", "2027-06-14", "1.3.5..").line;  // Tue 1 June to Mon 14 June
  EXPECT_EQ(NotFlown(line, {D("2027-06-02"), D("2027-06-07"), D("2027-06-11"), D("2027-06-14")}),
            (std::vector{D("2027-06-04"), D("2027-06-09")}));
  EXPECT_TRUE(NotFlown(line, {D("2027-06-02"), D("2027-06-04"), D("2027-06-07"), D("2027-06-09"), D("2027-06-11"),
                              D("2027-06-14")})
                  .empty());
}

TEST(SsimSchedule, ALineWithDaysNotFlownIsCutAroundThemAndReadBackAsThePiecesThatAreFlown) {
  auto line = Line(101, "2027-06-01", "2027-06-30");
  line.not_flown = {D("2027-06-01"), D("2027-06-10"), D("2027-06-11"), D("2027-06-20")};
  const auto first = ssim::Write(ToDataSet(Airline({line}), Zone, D("2027-01-15")));
  const auto set = std::get<ssim::DataSet>(ssim::Parse(first));
  ASSERT_EQ(set.legs.size(), 3U);
  EXPECT_EQ((std::tuple{set.legs[0].from, set.legs[0].to}), (std::tuple{D("2027-06-02"), D("2027-06-09")}));
  EXPECT_EQ((std::tuple{set.legs[1].from, set.legs[1].to}), (std::tuple{D("2027-06-12"), D("2027-06-19")}));
  EXPECT_EQ((std::tuple{set.legs[2].from, set.legs[2].to}), (std::tuple{D("2027-06-21"), D("2027-06-30")}));
  EXPECT_EQ((std::tuple{set.legs[0].variation, set.legs[1].variation, set.legs[2].variation}),
            (std::tuple{1, 2, 3}));
  EXPECT_EQ((std::tuple{set.carriers.at(0).valid_from, set.carriers.at(0).valid_to}),
            (std::tuple{D("2027-06-02"), D("2027-06-30")}));

  auto read = FromDataSet(set, Zone);
  ASSERT_TRUE(std::holds_alternative<std::vector<SsimAirline>>(read));
  const auto& lines = std::get<std::vector<SsimAirline>>(read)[0].lines;
  ASSERT_EQ(lines.size(), 3U) << "pieces with days between them are not one line";
  EXPECT_EQ(ssim::Write(ToDataSet(std::get<std::vector<SsimAirline>>(read), Zone, D("2027-01-15"))), first);
}

TEST(SsimSchedule, AWeeklyLineWhoseEveryFlightOfAStretchIsNotFlownLeavesTheStretchOut) {
  auto line = Line(103, "2027-06-01", "2027-06-30", ".....6.");  // Saturdays 5, 12, 19 and 26 June
  line.not_flown = {D("2027-06-26")};
  const auto set = ToDataSet(Airline({line}), Zone, D("2027-01-15"));
  ASSERT_EQ(set.legs.size(), 1U);
  EXPECT_EQ((std::tuple{set.legs[0].from, set.legs[0].to}), (std::tuple{D("2027-06-01"), D("2027-06-25")}));
}

TEST(SsimSchedule, WhatJetwayCannotHoldIsReportedByRecord) {
  auto set = ToDataSet(Airline({Line(101, "2027-06-01", "2027-06-30"), Line(102, "2027-06-01", "2027-06-30")}),
                       Zone, D("2027-01-15"));
  set.legs[0].departure_offset = 60;  // CPH is +0200 in June
  set.legs[0].line = 3;
  set.legs[1].destination = "XXX";
  set.legs[1].line = 4;
  auto read = FromDataSet(set, Zone);
  ASSERT_TRUE(std::holds_alternative<std::vector<ssim::Problem>>(read));
  const auto& problems = std::get<std::vector<ssim::Problem>>(read);
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ((std::tuple{problems[0].line, problems[0].field}),
            (std::tuple{3, std::string("UTC/local time variation (48-52)")}));
  EXPECT_EQ(problems[0].message, "CPH is UTC+0200 on 01JUN27 at 0910, not UTC+0100");
  EXPECT_EQ((std::tuple{problems[1].line, problems[1].message}), (std::tuple{4, std::string("jetway has no airport XXX")}));
  set = ToDataSet(Airline({Line(101, "2027-06-01", "2027-06-30")}), Zone, D("2027-01-15"));
  set.legs[0].departure_day_shift = 1;  // a later leg leaving the day after its flight's first: not held
  EXPECT_EQ(std::get<std::vector<ssim::Problem>>(FromDataSet(set, Zone)).at(0).field, "date variation (193)");
}

TEST(SsimSchedule, AMultiLegFlightIsOneVariationWithItsLegsInOrder) {
  auto first = Line(201, "2027-06-01", "2027-06-30");  // CPH 09:10 - ABZ 10:05
  auto second = Line(201, "2027-06-01", "2027-06-30");
  second.line.origin = "ABZ";
  second.line.destination = "KEF";
  second.line.departure_local_minutes = 11 * 60;
  second.line.arrival_local_minutes = 12 * 60 + 30;
  auto other_days = Line(201, "2027-06-01", "2027-06-30", ".....67");
  const auto set = ToDataSet(Airline({second, other_days, first}), Zone, D("2027-01-15"));
  ASSERT_EQ(set.legs.size(), 3U);
  std::vector<std::tuple<std::string, std::string, int, int>> legs;
  for (const auto& l : set.legs)
    legs.emplace_back(l.origin + "-" + l.destination, l.days, l.variation, l.leg_sequence);
  EXPECT_EQ(legs, (std::vector<std::tuple<std::string, std::string, int, int>>{
                      {"CPH-ABZ", ".....67", 1, 1}, {"CPH-ABZ", "1234567", 2, 1}, {"ABZ-KEF", "1234567", 2, 2}}));
  auto read = FromDataSet(std::get<ssim::DataSet>(ssim::Parse(ssim::Write(set))), Zone);
  ASSERT_TRUE(std::holds_alternative<std::vector<SsimAirline>>(read));
  EXPECT_EQ(std::get<std::vector<SsimAirline>>(read)[0].lines.size(), 3U) << "each leg jetway's own line again";
  EXPECT_EQ(ssim::Write(ToDataSet(std::get<std::vector<SsimAirline>>(read), Zone, D("2027-01-15"))),
            ssim::Write(set));
}

TEST(SsimSchedule, AUtcDataSetIsReadInLocalTimeWithItsDaysMovedWhereTheDateChanges) {
  // Mondays 00:30 from Copenhagen in June 2027 (UTC+2) to Aberdeen 01:20 (UTC+1): in UTC, Sundays 22:30 to 00:20.
  ssim::DataSet set;
  set.carriers.push_back({'U', "X9", "S27", D("2027-06-06"), D("2027-06-27"), D("2027-01-15"), "KATTEGAT AIR", 'C', 2});
  ssim::Leg leg;
  leg.airline = "X9";
  leg.flight_number = 111;
  leg.from = D("2027-06-06");
  leg.to = D("2027-06-27");
  leg.days = "......7";
  leg.origin = "CPH";
  leg.departure_minutes = 22 * 60 + 30;
  leg.departure_offset = 120;
  leg.destination = "ABZ";
  leg.arrival_minutes = 20;
  leg.arrival_offset = 60;
  leg.arrival_day_shift = 1;
  leg.aircraft_type = "DH4";
  leg.configuration = "J8Y66";
  leg.line = 3;
  set.legs.push_back(leg);
  auto read = FromDataSet(set, Zone);
  ASSERT_TRUE(std::holds_alternative<std::vector<SsimAirline>>(read))
      << std::get<std::vector<ssim::Problem>>(read).front().message;
  const auto& l = std::get<std::vector<SsimAirline>>(read)[0].lines.at(0).line;
  EXPECT_EQ((std::tuple{l.departure_local_minutes, l.arrival_local_minutes, l.arrival_day_offset}), (std::tuple{30, 80, 0}));
  EXPECT_EQ(l.days_of_operation, "1......");
  EXPECT_EQ((std::tuple{l.valid_from, l.valid_to}), (std::tuple{D("2027-06-07"), D("2027-06-28")}));
  // Written again, it is a local data set of the same flight.
  const auto local = ToDataSet(std::get<std::vector<SsimAirline>>(read), Zone, D("2027-01-15"));
  EXPECT_EQ((std::tuple{local.carriers[0].time_mode, local.legs[0].days, local.legs[0].departure_minutes}),
            (std::tuple{'L', std::string("1......"), 30}));
}

TEST(SsimSchedule, Configurations) {
  EXPECT_EQ(ConfigurationOf({{"J", 8, 0}, {"Y", 66, 4}}), "J8Y66");
  const auto cabins = ParseConfiguration("C12Y150");
  ASSERT_TRUE(cabins);
  EXPECT_EQ((std::tuple{(*cabins)[0].cabin, (*cabins)[0].seats, (*cabins)[1].cabin, (*cabins)[1].seats}),
            (std::tuple{std::string("C"), 12, std::string("Y"), 150}));
  for (const char* bad : {"", "Y", "78", "Y0", "y78", "Y1000"}) EXPECT_FALSE(ParseConfiguration(bad)) << bad;
}

}  // namespace
}  // namespace jetway::schedule
