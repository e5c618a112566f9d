#include "ticketing/ticket.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace jetway::ticketing {
namespace {

TEST(TicketNumber, IsTheAccountingCodeAndATenDigitSerial) {
  EXPECT_EQ(TicketNumber("919", 2'000'000'001), "9192000000001");
  EXPECT_EQ(TicketNumber("074", 42), "0740000000042");
  EXPECT_TRUE(IsTicketNumber("9192000000001"));
  EXPECT_FALSE(IsTicketNumber("919200000000"));
  EXPECT_FALSE(IsTicketNumber("919-200000000"));
  EXPECT_THROW(TicketNumber("91", 1), std::invalid_argument);
  EXPECT_THROW(TicketNumber("919", 0), std::invalid_argument);
  EXPECT_THROW(TicketNumber("919", kMaxSerial + 1), std::invalid_argument);
}

TEST(TicketNumber, CheckDigitIsTheSerialModuloSeven) {
  // The reference's example: 999-2100518731, serial mod 7 = 3.
  EXPECT_EQ(CheckDigit(2'100'518'731), 3);
  EXPECT_EQ(DisplayNumber("9992100518731"), "999-2100518731 3");
  EXPECT_EQ(DisplayNumber("not a number"), "not a number");
}

TEST(TicketNumber, MoreThanFourFlightsTakeConjunctionDocuments) {
  EXPECT_TRUE(Documents(0).empty());
  ASSERT_EQ(Documents(4).size(), 1U);
  const auto six = Documents(6);
  ASSERT_EQ(six.size(), 2U);
  EXPECT_EQ(six[0].first_segment, 0);
  EXPECT_EQ(six[0].coupons, 4);
  EXPECT_EQ(six[1].first_segment, 4);
  EXPECT_EQ(six[1].coupons, 2);
  EXPECT_EQ(Documents(20).size(), 5U);
}

TEST(Coupon, StatusesAreTheirIataCodes) {
  for (auto s : {CouponStatus::kOpen, CouponStatus::kCheckedIn, CouponStatus::kBoarded, CouponStatus::kFlown,
                 CouponStatus::kExchanged, CouponStatus::kRefunded, CouponStatus::kVoid, CouponStatus::kClosed})
    EXPECT_EQ(ParseCouponStatus(std::string(1, Code(s))), s);
  EXPECT_EQ(std::string("OCLFERVZ"), std::string({Code(CouponStatus::kOpen), Code(CouponStatus::kCheckedIn),
                                                  Code(CouponStatus::kBoarded), Code(CouponStatus::kFlown),
                                                  Code(CouponStatus::kExchanged), Code(CouponStatus::kRefunded),
                                                  Code(CouponStatus::kVoid), Code(CouponStatus::kClosed)}));
  EXPECT_FALSE(ParseCouponStatus("Q"));
  EXPECT_FALSE(ParseCouponStatus("OC"));
}

TEST(Coupon, EveryMoveOutsideTheLifecycleIsRefused) {
  using S = CouponStatus;
  const S all[] = {S::kOpen, S::kCheckedIn, S::kBoarded, S::kFlown, S::kExchanged, S::kRefunded, S::kVoid,
                   S::kClosed};
  const std::pair<S, S> allowed[] = {{S::kOpen, S::kCheckedIn},  {S::kOpen, S::kExchanged}, {S::kOpen, S::kRefunded},
                                     {S::kOpen, S::kVoid},       {S::kOpen, S::kClosed},     {S::kCheckedIn, S::kBoarded},
                                     {S::kCheckedIn, S::kOpen},  {S::kBoarded, S::kFlown}};
  int refused = 0;
  for (auto from : all)
    for (auto to : all) {
      const bool expected = std::find(std::begin(allowed), std::end(allowed), std::pair{from, to}) != std::end(allowed);
      auto ok = CheckCouponMove(from, to);
      EXPECT_EQ(ok.has_value(), expected) << Code(from) << " -> " << Code(to);
      if (!ok) {
        ++refused;
        EXPECT_EQ(ok.error().code, "COUPON_STATUS_NOT_ALLOWED");
      }
    }
  EXPECT_EQ(refused, 64 - 8);
  EXPECT_EQ(CheckCouponMove(S::kFlown, S::kRefunded).error().message,
            "a coupon flown (F) cannot become refunded (R)");
}

}  // namespace
}  // namespace jetway::ticketing
