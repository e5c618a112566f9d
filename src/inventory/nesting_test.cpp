#include "inventory/nesting.hpp"

#include <gtest/gtest.h>

namespace jetway::inventory {

namespace {
// Economy of 100 seats, 10% overbooking: Y may sell 110, B 80 of them, M 50, L 20.
CabinInventory Economy() {
  return CabinInventory{"Y", 100, 10, {{"Y", 0, 110, 0, 0, false}, {"B", 1, 80, 0, 0, false},
                                       {"M", 2, 50, 0, 0, false}, {"L", 3, 20, 0, 0, false}}};
}
}  // namespace

TEST(Nesting, EmptyCabinShowsAuthorizations) {
  auto cabin = Economy();
  EXPECT_EQ(cabin.Limit(), 110);
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{110, 80, 50, 20}));
}

TEST(Nesting, LowerClassSaleCountsAgainstEveryClassAbove) {
  auto cabin = Economy();
  ASSERT_TRUE(Hold(cabin, "L", 15));
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{95, 65, 35, 5}));
  ASSERT_TRUE(SellHeld(cabin, "L", 15));
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{95, 65, 35, 5}));
}

TEST(Nesting, HigherClassSaleDoesNotReduceLowerUntilNestBinds) {
  auto cabin = Economy();
  ASSERT_TRUE(Hold(cabin, "Y", 60));
  // Y sales use capacity above B's authorization first... B = min(80, 110 - 60) = 50.
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{50, 50, 50, 20}));
  ASSERT_TRUE(Hold(cabin, "Y", 45));
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{5, 5, 5, 5}));
}

TEST(Nesting, NeverNegativeAndClosedIsZero) {
  auto cabin = Economy();
  cabin.classes[0].sold = 120;  // an oversale recorded by hand must not show negative availability
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{0, 0, 0, 0}));
  cabin = Economy();
  cabin.classes[2].closed = true;
  EXPECT_EQ(NestedAvailability(cabin), (std::vector<int>{110, 80, 0, 20}));
  EXPECT_EQ(Hold(cabin, "M", 1).error().code, "SEATS_UNAVAILABLE");
}

TEST(Nesting, HoldRefusesBeyondAvailability) {
  auto cabin = Economy();
  auto result = Hold(cabin, "L", 21);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "SEATS_UNAVAILABLE");
  EXPECT_EQ(cabin.Booked(), 0);  // nothing changed
  EXPECT_EQ(Hold(cabin, "Q", 1).error().code, "UNKNOWN_BOOKING_CLASS");
}

TEST(Nesting, CountChangesNeverTakeACountBelowZero) {
  EXPECT_TRUE(CanTake(2, 0, SellingHeld(2)));
  EXPECT_FALSE(CanTake(1, 0, SellingHeld(2)));
  EXPECT_TRUE(CanTake(0, 3, Releasing(3, true)));
  EXPECT_FALSE(CanTake(5, 2, Releasing(3, true)));
  EXPECT_FALSE(CanTake(2, 5, Releasing(3, false)));
  EXPECT_EQ(SellingHeld(2).held, -2);
  EXPECT_EQ(SellingHeld(2).sold, 2);
}

TEST(Nesting, ReleaseReturnsSeats) {
  auto cabin = Economy();
  ASSERT_TRUE(Hold(cabin, "M", 4));
  ASSERT_TRUE(SellHeld(cabin, "M", 2));
  ASSERT_TRUE(Release(cabin, "M", 2, false));
  ASSERT_TRUE(Release(cabin, "M", 2, true));
  EXPECT_EQ(cabin.Booked(), 0);
  EXPECT_FALSE(Release(cabin, "M", 1, true));
}

TEST(Nesting, ProtectIgnoresClosedAndExhaustedClassesButNotTheCabin) {
  auto cabin = Economy();
  cabin.classes[3].closed = true;
  ASSERT_TRUE(Hold(cabin, "M", 50));  // L and M have nothing left to sell
  EXPECT_EQ(AvailableIn(cabin, "L"), 0);
  ASSERT_TRUE(Protect(cabin, "L", 30));  // moved passengers still get seats in their class
  EXPECT_EQ(cabin.classes[3].held, 30);
  EXPECT_EQ(FreeSeats(cabin), 20);
  auto refused = Protect(cabin, "L", 21);  // overbooking is for sale, not for protection: 100 seats only
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "SEATS_UNAVAILABLE");
  EXPECT_EQ(cabin.classes[3].held, 30);
  EXPECT_EQ(Protect(cabin, "Q", 1).error().code, "UNKNOWN_BOOKING_CLASS");
  ASSERT_TRUE(Protect(cabin, "L", 20));
  EXPECT_EQ(FreeSeats(cabin), 0);
}

}  // namespace jetway::inventory
