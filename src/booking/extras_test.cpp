#include "booking/extras.hpp"

#include <gtest/gtest.h>

namespace jetway::booking {
namespace {

std::string ExtraCode(const Extra& e, core::PaxType type = core::PaxType::kAdult, const std::vector<Extra>& had = {}) {
  auto ok = CheckExtra(e, type, had);
  return ok ? "OK" : ok.error().code;
}

TEST(Extras, KindsCarryTheirReasonsForIssuance) {
  ASSERT_NE(FindExtra("BAG"), nullptr);
  EXPECT_EQ(FindExtra("BAG")->rfic, 'C');
  EXPECT_EQ(FindExtra("BAG")->rfisc, "0CC");
  EXPECT_EQ(FindExtra("SEAT")->rfisc, "0B5");
  EXPECT_EQ(FindExtra("LOUNGE"), nullptr);
  EXPECT_EQ(ExtraKinds().size(), 3U);
}

TEST(Extras, EachRuleOfAPurchase) {
  EXPECT_EQ(ExtraCode({1, 1, "BAG", ""}), "OK");
  EXPECT_EQ(ExtraCode({1, 1, "LOUNGE", ""}), "UNKNOWN_EXTRA");
  EXPECT_EQ(ExtraCode({2, 1, "SEAT", "4A"}, core::PaxType::kInfant), "EXTRA_NOT_FOR_PASSENGER");
  EXPECT_EQ(ExtraCode({2, 1, "MEAL", ""}, core::PaxType::kInfant), "EXTRA_NOT_FOR_PASSENGER");
  EXPECT_EQ(ExtraCode({2, 1, "BAG", ""}, core::PaxType::kInfant), "OK") << "an infant's pram and bag";
  EXPECT_EQ(ExtraCode({1, 1, "SEAT", ""}), "SEAT_REQUIRED");
  const std::vector<Extra> had{{1, 1, "BAG", ""}, {1, 1, "BAG", ""}, {1, 1, "MEAL", ""}};
  EXPECT_EQ(ExtraCode({1, 1, "BAG", ""}, core::PaxType::kAdult, had), "TOO_MANY_EXTRAS");
  EXPECT_EQ(ExtraCode({1, 1, "MEAL", ""}, core::PaxType::kAdult, had), "TOO_MANY_EXTRAS");
  EXPECT_EQ(ExtraCode({1, 2, "BAG", ""}, core::PaxType::kAdult, had), "OK") << "another flight";
  EXPECT_EQ(ExtraCode({2, 1, "BAG", ""}, core::PaxType::kAdult, had), "OK") << "another passenger";
}

TEST(Extras, APurchaseIsPricedInOneCurrency) {
  const std::vector<std::pair<std::string, core::Money>> prices{{"BAG", {3500, "EUR"}}, {"SEAT", {1200, "EUR"}}};
  auto total = PriceOf({{1, 1, "BAG", ""}, {1, 1, "BAG", ""}, {1, 1, "SEAT", "4A"}}, prices);
  ASSERT_TRUE(total);
  EXPECT_EQ(*total, (core::Money{8200, "EUR"}));
  EXPECT_EQ(PriceOf({{1, 1, "MEAL", ""}}, prices).error().code, "EXTRA_NOT_SOLD");
  EXPECT_EQ(PriceOf({}, prices).error().code, "INVALID_EXTRAS");
  EXPECT_EQ(PriceOf({{1, 1, "BAG", ""}, {1, 1, "SEAT", "4A"}}, {{"BAG", {3500, "EUR"}}, {"SEAT", {90, "NOK"}}})
                .error()
                .code,
            "CURRENCY_MISMATCH");
}

}  // namespace
}  // namespace jetway::booking
