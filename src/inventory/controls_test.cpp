#include "inventory/controls.hpp"

#include <gtest/gtest.h>

namespace jetway::inventory {

namespace {
// Economy of 100 seats, 10% overbooking (limit 110): Y 110, B 80, M 50, L 20; 30 sold in M, 10 held in L.
CabinInventory ControlsEconomy() {
  return CabinInventory{"Y", 100, 10, {{"Y", 0, 110, 0, 0, false}, {"B", 1, 80, 0, 0, false},
                                       {"M", 2, 50, 30, 0, false}, {"L", 3, 20, 0, 10, false}}};
}
CabinControl Authorize(const std::string& booking_class, int seats) {
  return CabinControl{std::nullopt, std::nullopt, {{booking_class, seats, std::nullopt}}};
}
}  // namespace

TEST(Controls, ClosingAndOpeningAClassChangesOnlyItsAvailability) {
  auto cabin = ControlsEconomy();
  ASSERT_TRUE(ApplyControl(cabin, CabinControl{std::nullopt, std::nullopt, {{"B", std::nullopt, true}}}));
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{70, 0, 10, 10}));
  ASSERT_TRUE(ApplyControl(cabin, CabinControl{std::nullopt, std::nullopt, {{"B", std::nullopt, false}}}));
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{70, 40, 10, 10}));
}

TEST(Controls, AnAuthorizationMayShrinkToWhatIsBookedInItsNestButNotBelow) {
  auto cabin = ControlsEconomy();
  ASSERT_TRUE(ApplyControl(cabin, Authorize("M", 40)));  // 40 booked in M and L
  EXPECT_EQ(AvailableIn(cabin, "M"), 0);
  auto refused = ApplyControl(cabin, Authorize("M", 39));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "AUTHORIZATION_BELOW_BOOKED");
  EXPECT_EQ(refused.error().kind, core::ErrorKind::kConflict);
  EXPECT_NE(refused.error().message.find("40 seats are booked in M"), std::string::npos) << refused.error().message;
  EXPECT_EQ(cabin.classes[2].authorized, 40);  // unchanged by the refusal
  // L's own 10 held seats bound L; B's nest holds all 40.
  EXPECT_FALSE(ApplyControl(cabin, Authorize("L", 9)));
  EXPECT_FALSE(ApplyControl(cabin, Authorize("B", 39)));
  EXPECT_TRUE(ApplyControl(cabin, Authorize("L", 10)));
}

TEST(Controls, CapacityMayShrinkToWhatIsBookedButNotBelow) {
  auto cabin = ControlsEconomy();
  // 40 booked: with 10% overbooking a capacity of 37 allows 40 (37 * 110 / 100), 36 allows 39.
  ASSERT_TRUE(ApplyControl(cabin, CabinControl{37, std::nullopt, {}}));
  EXPECT_EQ(cabin.Limit(), 40);
  auto refused = ApplyControl(cabin, CabinControl{36, std::nullopt, {}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "CAPACITY_BELOW_BOOKED");
  EXPECT_EQ(refused.error().field, "capacity");
  EXPECT_NE(refused.error().message.find("go down to 37 at the least"), std::string::npos) << refused.error().message;
  auto no_overbooking = ApplyControl(cabin, CabinControl{std::nullopt, 0, {}});
  ASSERT_FALSE(no_overbooking);
  EXPECT_EQ(no_overbooking.error().field, "overbooking_pct");
  EXPECT_EQ(cabin.capacity, 37);
  EXPECT_EQ(cabin.overbooking_pct, 10);
}

TEST(Controls, OneRefusedClassRefusesTheWholeChange) {
  auto cabin = ControlsEconomy();
  const CabinControl change{120, std::nullopt, {{"Y", 130, std::nullopt}, {"M", 10, std::nullopt}}};
  ASSERT_FALSE(ApplyControl(cabin, change));
  EXPECT_EQ(cabin.capacity, 100);
  EXPECT_EQ(cabin.classes[0].authorized, 110);
}

TEST(Controls, ALevelAlreadyOversoldMayBeClosedButNotPushedFurther) {
  auto cabin = ControlsEconomy();
  cabin.classes[3].authorized = 5;  // 10 held in L: 5 beyond, from data older than these rules
  EXPECT_EQ(Excess(cabin), (std::vector<int>{0, 0, 0, 0, 5}));
  EXPECT_TRUE(ApplyControl(cabin, CabinControl{std::nullopt, std::nullopt, {{"L", std::nullopt, true}}}));
  EXPECT_TRUE(ApplyControl(cabin, Authorize("L", 8)));
  EXPECT_FALSE(ApplyControl(cabin, Authorize("L", 4)));
}

TEST(Controls, UnknownClassesAndBadNumbersAreRefusedBeforeAnyFlight) {
  auto cabin = ControlsEconomy();
  EXPECT_EQ(ApplyControl(cabin, Authorize("F", 4)).error().code, "UNKNOWN_BOOKING_CLASS");
  EXPECT_EQ(ValidateControl(CabinControl{kMaxCabinSeats + 1, std::nullopt, {}}).error().code, "INVALID_CAPACITY");
  EXPECT_EQ(ValidateControl(CabinControl{-1, std::nullopt, {}}).error().code, "INVALID_CAPACITY");
  EXPECT_EQ(ValidateControl(CabinControl{std::nullopt, kMaxOverbookingPct + 1, {}}).error().code,
            "INVALID_OVERBOOKING");
  EXPECT_EQ(ValidateControl(Authorize("M", -1)).error().code, "INVALID_AUTHORIZATION");
  EXPECT_EQ(ValidateControl(Authorize("m", 4)).error().code, "INVALID_BOOKING_CLASS");
  EXPECT_EQ(ValidateControl(CabinControl{}).error().code, "NOTHING_TO_CHANGE");
  EXPECT_TRUE(ValidateControl(Authorize("M", 0)));
}

}  // namespace jetway::inventory

namespace jetway::inventory {

TEST(Controls, FreeSeatsLeaveThatManyOnTopOfWhatTheNestHasTaken) {
  auto cabin = ControlsEconomy();
  ClassControl m{"M", std::nullopt, false};
  m.free_seats = 6;  // 40 taken at and below M (30 sold in M, 10 held in L)
  ASSERT_TRUE(ApplyControl(cabin, CabinControl{std::nullopt, std::nullopt, {m}}));
  EXPECT_EQ(cabin.classes[2].authorized, 46);
  EXPECT_EQ(AvailableIn(cabin, "M"), 6);
  m.free_seats = 0;  // none left to sell, nothing un-sold
  ASSERT_TRUE(ApplyControl(cabin, CabinControl{std::nullopt, std::nullopt, {m}}));
  EXPECT_EQ(AvailableIn(cabin, "M"), 0);
  m.authorized = 50;
  EXPECT_EQ(ValidateControl(CabinControl{std::nullopt, std::nullopt, {m}}).error().code, "INVALID_FREE_SEATS");
  m.authorized.reset();
  m.free_seats = -1;
  EXPECT_EQ(ValidateControl(CabinControl{std::nullopt, std::nullopt, {m}}).error().code, "INVALID_FREE_SEATS");
}

}  // namespace jetway::inventory
