#include "booking/reaccommodation.hpp"

#include <gtest/gtest.h>

namespace jetway::booking {
namespace {

using std::chrono::minutes;
using Outcome = Reaccommodation::Outcome;

core::Instant At(int hour, int minute = 0) {
  return core::FromEpoch(1'796'860'800) + std::chrono::hours(hour) + std::chrono::minutes(minute);  // 2026-12-10
}

// ABZ 06:00-08:00 CPH, then CPH 09:00-11:00 RIX: the second leg is the one disrupted.
Disruption Journey(Option now, int seats = 2) {
  Disruption d;
  d.legs = {{"X9101", "ABZ", "CPH", At(6), At(8)}, {"X9201", "CPH", "RIX", At(9), At(11)}};
  d.index = 1;
  d.now = std::move(now);
  d.seats = seats;
  return d;
}

Option Flight(std::int64_t id, int hour, int minute, int seats_free, bool cancelled = false) {
  return {id, {"X9" + std::to_string(id), "CPH", "RIX", At(hour, minute), At(hour + 2, minute)}, cancelled, seats_free};
}

TEST(Reaccommodation, AFlightThatStillWorksKeepsItsPassengers) {
  const auto retimed = Flight(201, 9, 50, 10);  // 50 minutes later: still 1 h 50 after the first leg lands
  const auto r = Reaccommodate(Journey(retimed), {Flight(203, 9, 0, 50)});
  EXPECT_EQ(r.outcome, Outcome::kStays);
  EXPECT_EQ(r.flight.flight_id, 201);
}

TEST(Reaccommodation, ACancelledFlightsPartyGoesToTheNearestFlightThatKeepsTheConnection) {
  const auto cancelled = Flight(201, 9, 0, 80, true);
  const std::vector<Option> same_day{Flight(205, 8, 30, 50),    // before the first leg lands + 45 min: breaks it
                                     Flight(207, 12, 0, 50),     // 3 h later
                                     Flight(209, 10, 30, 1),     // nearest, but one seat for two
                                     Flight(211, 11, 0, 2),      // 2 h later, room for exactly two
                                     Flight(201, 9, 0, 80, true)};
  const auto r = Reaccommodate(Journey(cancelled), same_day);
  ASSERT_EQ(r.outcome, Outcome::kMoved);
  EXPECT_EQ(r.flight.flight_id, 211);
}

TEST(Reaccommodation, OfTwoAsNearTheLaterOneAndNeverEarlierThanTheConnectionAllows) {
  const auto cancelled = Flight(201, 10, 0, 0, true);
  auto d = Journey(cancelled);
  d.legs[1].departure = At(10);
  d.legs[1].arrival = At(12);
  const auto r = Reaccommodate(d, {Flight(205, 9, 0, 9), Flight(207, 11, 0, 9)});
  ASSERT_EQ(r.outcome, Outcome::kMoved);
  EXPECT_EQ(r.flight.flight_id, 207) << "an hour either way: the later, nobody is asked to come earlier";
  d.connection_before = minutes(90);  // Copenhagen's minimum connecting time, say, is 1 h 30
  EXPECT_EQ(Reaccommodate(d, {Flight(205, 9, 0, 9), Flight(206, 9, 20, 9)}).outcome, Outcome::kUnplaced);
}

TEST(Reaccommodation, APartyNoFlightCanTakeIsListedForStaffWithTheReason) {
  const auto smaller = Flight(201, 9, 0, 1);  // re-equipped: one seat left for the two
  const auto r = Reaccommodate(Journey(smaller), {Flight(207, 12, 0, 1)});
  ASSERT_EQ(r.outcome, Outcome::kUnplaced);
  EXPECT_EQ(r.reason, "X9201 is 1 seat(s) left for a party of 2, and no flight the same day on CPH-RIX has 2 seat(s) "
                      "in the cabin and keeps the connections");
  const auto late = Flight(201, 7, 30, 50);  // retimed to leave before the first leg lands
  EXPECT_NE(Reaccommodate(Journey(late), {}).reason.find("break the journey's connections"), std::string::npos);
}

}  // namespace
}  // namespace jetway::booking
