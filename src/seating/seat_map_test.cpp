#include "seating/seat_map.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

namespace jetway::seating {
namespace {

SeatMap Map(std::string_view text) {
  auto map = ParseSeatMap(text);
  EXPECT_TRUE(map) << (map ? "" : map.error().message);
  return map ? *map : SeatMap{};
}

TEST(SeatMap, ParsesCabinsRowsExitsPaidAndBlockedSeats) {
  const auto map = Map("J 1-3 AC.DF\n  y 4-12,14-15 ABC.DEF exit=12,14 paid=4-5 blocked=15e,15F  \n");
  EXPECT_EQ(map.seats.size(), 3u * 4 + 11u * 6);
  EXPECT_EQ(map.Sellable("J"), 12);
  EXPECT_EQ(map.Sellable("Y"), 66 - 2);
  EXPECT_EQ(map.Find("13A"), nullptr) << "row 13 is skipped";
  const auto* a = map.Find("12A");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->exit);
  EXPECT_EQ(a->cabin, "Y");
  EXPECT_EQ(a->position, Position::kWindow);
  EXPECT_EQ(map.Find("12C")->position, Position::kAisle);
  EXPECT_EQ(map.Find("12B")->position, Position::kMiddle);
  EXPECT_EQ(map.Find("12D")->block, 1);
  EXPECT_TRUE(map.Find("4B")->paid);
  EXPECT_FALSE(map.Find("6B")->paid);
  EXPECT_TRUE(map.Find("15E")->blocked);
  EXPECT_EQ(map.text, "J 1-3 AC.DF\nY 4-12,14-15 ABC.DEF exit=12,14 paid=4-5 blocked=15E,15F");
  EXPECT_EQ(Map(map.text).text, map.text) << "the normal form reads back as itself";
}

TEST(SeatMap, EmptyTextIsNoMap) { EXPECT_TRUE(Map(" \n").Empty()); }

TEST(SeatMap, RefusesEachKindOfMistakeNamingTheLine) {
  for (const char* bad : {"Q 1-3 AB", "Y 1-3", "Y 0-3 AB", "Y 3-1 AB", "Y 1-100 AB", "Y 1-3 A.B.C.D", "Y 1-3 .AB",
                          "Y 1-3 AA", "Y 1-3 ABCDEFGHIJK", "Y 1-3 AB exit=4", "Y 1-3 AB paid=x",
                          "Y 1-3 AB blocked=3C", "Y 1-3 AB blocked=4A", "Y 1-3 AB window=1", "Y 1-3,2 AB",
                          "J 1-2 AB\nY 2-3 AB", "Y 1-3 a1"}) {
    auto map = ParseSeatMap(std::string("\n") + bad);
    ASSERT_FALSE(map) << bad;
    EXPECT_EQ(map.error().code, "INVALID_SEAT_MAP") << bad;
    const auto line = 2 + std::count(bad, bad + std::strlen(bad), '\n');
    EXPECT_NE(map.error().message.find("line " + std::to_string(line) + ":"), std::string::npos) << map.error().message;
  }
}

TEST(SeatMap, FitsAConfigurationWithTheSameCabinsAndSeats) {
  const auto map = Map("J 1-2 AC.DF\nY 3-12 ABC.DEF blocked=12F");
  EXPECT_TRUE(CheckFitsCabins(map, {{"J", 8}, {"Y", 59}}));
  EXPECT_TRUE(CheckFitsCabins(SeatMap{}, {{"Y", 59}}));
  for (const auto& cabins : std::vector<std::map<std::string, int>>{{{"J", 8}, {"Y", 60}}, {{"Y", 59}},
                                                                     {{"J", 8}, {"Y", 59}, {"W", 10}}}) {
    auto fits = CheckFitsCabins(map, cabins);
    ASSERT_FALSE(fits);
    EXPECT_EQ(fits.error().code, "SEAT_MAP_MISMATCH");
  }
}

TEST(SeatMap, NormalisesSeatNames) {
  EXPECT_EQ(NormaliseSeat(" 04a"), "4A");
  EXPECT_EQ(NormaliseSeat("12F"), "12F");
  for (const char* bad : {"", "A", "12", "0A", "100A", "1-A", "12AA"}) EXPECT_FALSE(NormaliseSeat(bad)) << bad;
}

TEST(SeatMap, ChecksEachRuleOfAChosenSeat) {
  const auto map = Map("J 1-2 AC.DF\nY 3-12 ABC.DEF exit=10 paid=3 blocked=12F");
  const Sitter adult{1, false, false};
  const Sitter child{2, true, false};
  const Sitter with_infant{3, false, true};
  const std::set<std::string> taken{"5A"};
  auto code = [&](std::string_view seat, const Sitter& who, bool paid_ok = false) {
    auto r = CheckSeat(map, "Y", seat, who, taken, paid_ok);
    return r ? std::string("OK ") + (*r)->Name() : r.error().code;
  };
  EXPECT_EQ(code("5b", adult), "OK 5B");
  EXPECT_EQ(code("14A", adult), "SEAT_NOT_FOUND");
  EXPECT_EQ(code("bad", adult), "SEAT_NOT_FOUND");
  EXPECT_EQ(code("1A", adult), "SEAT_WRONG_CABIN");
  EXPECT_EQ(code("12F", adult), "SEAT_BLOCKED");
  EXPECT_EQ(code("5A", adult), "SEAT_TAKEN");
  EXPECT_EQ(code("10A", adult), "OK 10A");
  EXPECT_EQ(code("10A", child), "EXIT_ROW_NOT_ALLOWED");
  EXPECT_EQ(code("10A", with_infant), "EXIT_ROW_NOT_ALLOWED");
  EXPECT_EQ(code("3A", adult), "SEAT_NOT_PAID");
  EXPECT_EQ(code("3A", adult, true), "OK 3A");
}

TEST(SeatMap, AutoAssignSeatsAPartySideBySideAvoidingPaidExitAndTakenSeats) {
  const auto map = Map("Y 1-6 ABC.DEF paid=1 exit=2");
  const std::vector<Sitter> family{{1, false, true}, {2, true, false}, {3, false, false}};
  // Row 1 is paid, row 2 an exit the child and the adult with an infant may not use; 3A is taken.
  const auto given = AutoAssign(map, "Y", family, {"3A"});
  ASSERT_EQ(given.size(), 3u);
  EXPECT_EQ(given.at(1), "3D");
  EXPECT_EQ(given.at(2), "3E");
  EXPECT_EQ(given.at(3), "3F");
  // One alone gets a window or aisle before a middle seat, at the front.
  const auto alone = AutoAssign(map, "Y", {{7, false, false}}, {"2A"});
  EXPECT_EQ(alone.at(7), "2C");
}

TEST(SeatMap, AutoAssignSplitsAPartyWhenNoRowHasRoomAndStopsWhenFull) {
  const auto map = Map("Y 1-2 AB.CD");
  const auto split = AutoAssign(map, "Y", {{1}, {2}, {3}}, {"1A", "2D"});
  ASSERT_EQ(split.size(), 3u);
  EXPECT_EQ(split.at(1), "1B");
  EXPECT_EQ(split.at(2), "1C");
  EXPECT_EQ(split.at(3), "1D");
  const auto full = AutoAssign(map, "Y", {{1}, {2}}, {"1A", "1B", "1C", "1D", "2A", "2B", "2C"});
  EXPECT_EQ(full.size(), 1u);
  EXPECT_EQ(full.at(1), "2D");
}

}  // namespace
}  // namespace jetway::seating
