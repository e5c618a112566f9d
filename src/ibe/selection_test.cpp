#include "ibe/selection.hpp"

#include <gtest/gtest.h>

namespace jetway::ibe {
namespace {

const web::Signer kSigner{std::string(64, '7')};
const core::Instant kNow = core::FromEpoch(1'800'000'000);

TEST(BookingToken, OpensItsBookingUntilItExpires) {
  const auto token = BookingToken(kSigner, "ABC234", {"0123456789abcdef0123456789abcdef", kNow + std::chrono::hours{24}});
  auto grant = ReadBookingToken(kSigner, "ABC234", token, kNow);
  ASSERT_TRUE(grant) << grant.error().message;
  EXPECT_EQ(grant->hold_token, "0123456789abcdef0123456789abcdef");
  EXPECT_TRUE(ReadBookingToken(kSigner, "ABC234", token, kNow + std::chrono::hours{24}));
  auto expired = ReadBookingToken(kSigner, "ABC234", token, kNow + std::chrono::hours{24} + std::chrono::seconds{1});
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, "BOOKING_LINK_EXPIRED");
}

TEST(BookingToken, RefusesAnotherBookingOrAnyChange) {
  const auto token = BookingToken(kSigner, "ABC234", {"", kNow + std::chrono::hours{1}});
  EXPECT_TRUE(ReadBookingToken(kSigner, "ABC234", token, kNow));
  EXPECT_EQ(ReadBookingToken(kSigner, "ABC235", token, kNow).error().code, "BOOKING_LINK");
  // A later expiry, or a hold token slipped in, breaks the signature.
  const auto dot = token.find('.');
  const auto later = std::to_string(core::ToEpoch(kNow) + 999999) + token.substr(dot);
  EXPECT_EQ(ReadBookingToken(kSigner, "ABC234", later, kNow).error().code, "BOOKING_LINK");
  const auto with_hold = token.substr(0, dot + 1) + std::string(32, 'a') + token.substr(dot + 1);
  EXPECT_EQ(ReadBookingToken(kSigner, "ABC234", with_hold, kNow).error().code, "BOOKING_LINK");
  for (const char* garbage : {"", ".", "..", "x.y.z", "1..", "0123456789abcdef0123456789abcdef"})
    EXPECT_EQ(ReadBookingToken(kSigner, "ABC234", garbage, kNow).error().code, "BOOKING_LINK") << garbage;
  const web::Signer other{std::string(64, '8')};
  EXPECT_FALSE(ReadBookingToken(other, "ABC234", token, kNow));
}

}  // namespace
}  // namespace jetway::ibe
