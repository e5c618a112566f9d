#include "schedule/change_plan.hpp"

#include <gtest/gtest.h>

namespace jetway::schedule {

namespace {
core::LocalDate PlanDay(const char* text) { return *core::ParseIsoDate(text); }

// CPH 09:10 -> ABZ 10:05, daily from 1 to 7 December 2026, configuration 1.
ScheduleLine Daily() {
  return ScheduleLine{"X9", 101, "CPH", "ABZ", 9 * 60 + 10, 10 * 60 + 5, 0, "1234567", PlanDay("2026-12-01"),
                      PlanDay("2026-12-07"), 1};
}

std::vector<DatedFlight> ExpandLine(const ScheduleLine& line) {
  return *Expand(line, core::FindZone("Europe/Copenhagen"), core::FindZone("Europe/London"));
}

std::vector<ExistingFlight> Existing(const ScheduleLine& line) {
  std::vector<ExistingFlight> flights;
  std::int64_t id = 100;
  for (const auto& f : ExpandLine(line))
    flights.push_back(ExistingFlight{id++, f.departure_date, f.departure_utc, f.arrival_utc, line.config_id, 0, 0, false});
  return flights;
}
}  // namespace

TEST(ChangePlan, TheSameLinePlansNothing) {
  const auto plan = Plan(Existing(Daily()), ExpandLine(Daily()), 1, {"J", "Y"}, PlanDay("2026-12-01"));
  EXPECT_TRUE(plan.Empty());
  EXPECT_EQ(plan.kept.size(), 7u);
}

TEST(ChangePlan, FewerDaysRemoveFlightsAndALongerPeriodAddsThem) {
  auto edited = Daily();
  edited.days_of_operation = "1.3.5.7";  // 1 Dec 2026 is a Tuesday: Tue, Thu, Sat go
  edited.valid_to = PlanDay("2026-12-09");      // Mon 7 is flown; Wed 9 is new
  auto existing = Existing(Daily());
  existing[1].active_bookings = 2;  // Wed 2 Dec: kept, it is still flown
  existing[3].active_bookings = 1;  // Fri 4 Dec: flown on Fridays, kept
  existing[2].active_bookings = 1;  // Thu 3 Dec: removed with a booking on it
  const auto plan = Plan(existing, ExpandLine(edited), 1, {"J", "Y"}, PlanDay("2026-12-01"));
  ASSERT_EQ(plan.removed.size(), 3u);
  EXPECT_EQ(plan.removed[0].date, PlanDay("2026-12-01"));
  EXPECT_EQ(plan.removed[1].date, PlanDay("2026-12-03"));
  ASSERT_EQ(plan.added.size(), 1u);
  EXPECT_EQ(plan.added[0].departure_date, PlanDay("2026-12-09"));
  EXPECT_TRUE(plan.TouchesBookings());
}

TEST(ChangePlan, NewTimesRetimeEveryFlightAndDatesBeforeTodayAreNotAdded) {
  auto edited = Daily();
  edited.departure_local_minutes += 30;
  edited.arrival_local_minutes += 30;
  edited.valid_from = PlanDay("2026-11-28");  // the days before 1 December are already past
  const auto plan = Plan(Existing(Daily()), ExpandLine(edited), 1, {"J", "Y"}, PlanDay("2026-12-01"));
  EXPECT_TRUE(plan.added.empty());
  ASSERT_EQ(plan.retimed.size(), 7u);
  EXPECT_EQ(plan.retimed[0].to.departure_utc - plan.retimed[0].flight.departure_utc, std::chrono::minutes{30});
  EXPECT_FALSE(plan.TouchesBookings());  // nobody booked
}

TEST(ChangePlan, ANewAircraftRebuildsEmptyFlightsAndMovesBookedOnesWhoseCabinsItHas) {
  auto existing = Existing(Daily());
  for (int i : {2, 4, 5}) {
    existing[i].booked_seats = 3;
    existing[i].active_bookings = 2;
  }
  existing[2].booked_cabins = {"Y"};                // the new aircraft has Y: moved to it, seats and all
  existing[4].booked_cabins = {"J", "Y"};           // it has no J: stays on the old one
  existing[5].booked_cabins = {"Y"};
  existing[5].seats_assigned = true;                // seat numbers of the old seat map: stays too
  auto edited = Daily();
  edited.config_id = 2;
  const auto plan = Plan(existing, ExpandLine(edited), 2, {"Y"}, PlanDay("2026-12-01"));
  EXPECT_EQ(plan.reconfigured.size(), 4u);
  ASSERT_EQ(plan.reequipped.size(), 1u);
  EXPECT_EQ(plan.reequipped[0].id, existing[2].id);
  ASSERT_EQ(plan.kept_on_old_aircraft.size(), 2u);
  EXPECT_EQ(plan.kept_on_old_aircraft[0].id, existing[4].id);
  EXPECT_EQ(plan.kept_on_old_aircraft[1].id, existing[5].id);
  EXPECT_TRUE(plan.TouchesBookings());
}

}  // namespace jetway::schedule
