#include "booking/payment.hpp"

#include <gtest/gtest.h>

namespace jetway::booking {

TEST(Payment, Luhn) {
  EXPECT_TRUE(LuhnValid("4242424242424242"));
  EXPECT_TRUE(LuhnValid("4000000000000002"));
  EXPECT_FALSE(LuhnValid("4242424242424241"));
  EXPECT_FALSE(LuhnValid("4242-4242-4242-4242"));
}

TEST(Payment, TestGatewayApprovesAndDeclines) {
  TestCardGateway gateway;
  const core::Money amount{12340, "EUR"};
  auto ok = gateway.Charge(amount, {"4242424242424242", 12, 2030, "123", "JENS HANSEN"}, "K1");
  EXPECT_TRUE(ok.approved);
  EXPECT_FALSE(ok.reference.empty());
  auto declined = gateway.Charge(amount, {"4000000000000002", 12, 2030, "123", "JENS HANSEN"}, "K2");
  EXPECT_FALSE(declined.approved);
  EXPECT_NE(declined.decline_reason.find("declined"), std::string::npos);
  EXPECT_FALSE(gateway.Charge(amount, {"4242424242424241", 12, 2030, "123", "X"}, "K3").approved);
}

TEST(Payment, CardDigitsDropSpacesAndDashesAndStayShort) {
  EXPECT_EQ(CardDigits("4242 4242-4242 4242"), "4242424242424242");
  EXPECT_EQ(CardDigits(std::string(5000, '4')).size(), 20u);  // too long to be a card, and kept short
  EXPECT_EQ(CardDigits(" - "), "");
}

}  // namespace jetway::booking
