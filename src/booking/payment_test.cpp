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

TEST(PaymentMethods, EachSaysWhoMayUseItAndWhatItNeeds) {
  const auto today = *core::ParseIsoDate("2026-12-02");
  const auto passenger = core::Actor::Passenger(core::Channel::kWeb, "192.0.2.1");
  const core::Actor clerk{core::Channel::kOffice, "7", "", {core::Permission::kPaymentsCash}};
  const CardDetails good{"4242424242424242", 12, 2026, "123", "IDA HANSEN"};
  EXPECT_EQ(PaymentRefusal(passenger, PaymentMethod::kCash, {}, today)->code, "PAYMENT_METHOD_NOT_ALLOWED");
  EXPECT_FALSE(PaymentRefusal(clerk, PaymentMethod::kCash, {}, today));
  EXPECT_FALSE(PaymentRefusal(passenger, PaymentMethod::kTestCard, good, today));
  auto expired = good;
  expired.expiry_month = 11;  // November 2026 ended before 2 December
  EXPECT_EQ(PaymentRefusal(passenger, PaymentMethod::kTestCard, expired, today)->code, "CARD_EXPIRED");
  auto no_cvc = good;
  no_cvc.cvc = "12a";
  EXPECT_EQ(PaymentRefusal(clerk, PaymentMethod::kTestCard, no_cvc, today)->field, "payment.card.cvc");
  EXPECT_EQ(PaymentRefusal(passenger, PaymentMethod::kTestCard, {}, today)->code, "CARD_REQUIRED");

  TestCardGateway gateway;
  const core::Money total{10000, "EUR"};
  const auto cash = TakePayment(gateway, PaymentMethod::kCash, {}, total, "ABC234");
  EXPECT_TRUE(cash.approved);
  EXPECT_EQ(cash.reference, "CASH-ABC234");
  const auto card = TakePayment(gateway, PaymentMethod::kTestCard, good, total, "ABC234");
  EXPECT_TRUE(card.approved);
  EXPECT_EQ(card.masked, "****4242");
  auto bad = good;
  bad.number = "4000000000000002";
  const auto declined = TakePayment(gateway, PaymentMethod::kTestCard, bad, total, "ABC234");
  EXPECT_FALSE(declined.approved);
  EXPECT_FALSE(declined.decline_reason.empty());
  EXPECT_EQ(ToString(PaymentMethod::kCash), "cash");
  EXPECT_EQ(ToString(PaymentMethod::kTestCard), "test_card");
  EXPECT_EQ(ToString(PaymentMethod::kOnAccount), "on_account");
}

TEST(PaymentMethods, OnlyATravelAgencyPaysOnAccount) {
  const auto today = *core::ParseIsoDate("2026-12-02");
  core::Actor agent{core::Channel::kAgent, "ida@nordlys.example", "192.0.2.9", {}};
  EXPECT_EQ(PaymentRefusal(agent, PaymentMethod::kOnAccount, {}, today)->code, "PAYMENT_METHOD_NOT_ALLOWED");
  agent.agency_id = 7;
  EXPECT_FALSE(PaymentRefusal(agent, PaymentMethod::kOnAccount, {}, today));
  const core::Actor clerk{core::Channel::kOffice, "7", "", core::Permissions::All()};
  EXPECT_EQ(PaymentRefusal(clerk, PaymentMethod::kOnAccount, {}, today)->kind, core::ErrorKind::kForbidden);
  EXPECT_EQ(PaymentRefusal(core::Actor::Passenger(core::Channel::kApi, "192.0.2.1"), PaymentMethod::kOnAccount, {},
                           today)->field,
            "payment.method");
}

}  // namespace jetway::booking
