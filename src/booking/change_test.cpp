#include "booking/change.hpp"

#include <gtest/gtest.h>

namespace jetway::booking {
namespace {

using core::Money;
using core::PaxType;
using std::chrono::minutes;

pricing::SegmentPrice Share(std::int64_t fare, std::int64_t taxes) { return {{fare, "EUR"}, {taxes, "EUR"}}; }

ChangeTerms Paid(std::optional<std::int64_t> fee_each, bool refundable = false, int seated = 2) {
  ChangeTerms terms;
  terms.paid = true;
  terms.refundable = refundable;
  if (fee_each) terms.fee_each = Money{*fee_each, "EUR"};
  terms.seated = seated;
  return terms;
}

TEST(Change, DearerFlightCostsTheFeePerSeatAndTheDifference) {
  auto quote = QuoteChange(Share(20000, 3000), Share(26000, 3400), Paid(5000));
  ASSERT_TRUE(quote) << quote.error().message;
  EXPECT_EQ(quote->fee, (Money{10000, "EUR"}));
  EXPECT_EQ(quote->collect, (Money{10000 + 6000 + 400, "EUR"}));
  EXPECT_EQ(quote->give_back.minor, 0);
  EXPECT_EQ(quote->forfeited.minor, 0);
  EXPECT_EQ(quote->Net(), (Money{16400, "EUR"}));
}

TEST(Change, CheaperNonRefundableFareKeepsItsDifferenceButGivesLowerTaxesBack) {
  auto quote = QuoteChange(Share(20000, 3000), Share(15000, 2000), Paid(2500));
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->collect.minor, 5000);
  EXPECT_EQ(quote->give_back.minor, 1000);
  EXPECT_EQ(quote->forfeited.minor, 5000);
  EXPECT_EQ(quote->Net().minor, 4000);
}

TEST(Change, CheaperRefundableFareGivesTheDifferenceBack) {
  auto quote = QuoteChange(Share(20000, 3000), Share(15000, 3000), Paid(0, true, 1));
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->fee.minor, 0);
  EXPECT_EQ(quote->collect.minor, 0);
  EXPECT_EQ(quote->give_back.minor, 5000);
  EXPECT_EQ(quote->forfeited.minor, 0);
  EXPECT_EQ(quote->Net().minor, -5000);
}

TEST(Change, FareWithoutChangesIsRefusedOncePaid) {
  auto quote = QuoteChange(Share(20000, 3000), Share(20000, 3000), Paid(std::nullopt));
  ASSERT_FALSE(quote);
  EXPECT_EQ(quote.error().code, "CHANGES_NOT_PERMITTED");
}

TEST(Change, UnpaidBookingChangesForTheNewPriceAlone) {
  ChangeTerms held;  // not paid, and its fare permits no changes: nothing was bought yet
  auto quote = QuoteChange(Share(20000, 3000), Share(15000, 2000), held);
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->fee.minor, 0);
  EXPECT_EQ(quote->collect.minor, -6000);
  EXPECT_EQ(quote->give_back.minor, 0);
  EXPECT_EQ(quote->forfeited.minor, 0);
}

TEST(Change, CancellingOneFlightGivesBackWhatItsFareRuleRefunds) {
  auto kept = QuoteLegCancel(Share(20000, 3000), true, false, 0);
  EXPECT_EQ(kept.give_back.minor, 3000);  // the taxes only
  EXPECT_EQ(kept.forfeited.minor, 20000);
  EXPECT_EQ(kept.Net().minor, -3000);
  auto refunded = QuoteLegCancel(Share(20000, 3000), true, true, 1500);
  EXPECT_EQ(refunded.give_back.minor, 23000 - 1500);  // less the commission a net agency kept
  EXPECT_EQ(refunded.forfeited.minor, 0);
  auto unpaid = QuoteLegCancel(Share(20000, 3000), false, false, 0);
  EXPECT_EQ(unpaid.collect.minor, -23000);
  EXPECT_EQ(unpaid.give_back.minor, 0);
}

TEST(Change, LinesReplaceEachTypesShareOfTheSegment) {
  std::vector<pricing::PaxTypePrice> lines = {{PaxType::kAdult, 2, {30000, "EUR"}, {5000, "EUR"}},
                                              {PaxType::kInfant, 1, {2000, "EUR"}, {200, "EUR"}}};
  const std::vector<pricing::PaxTypePrice> before = {{PaxType::kAdult, 2, {20000, "EUR"}, {3000, "EUR"}},
                                                     {PaxType::kInfant, 1, {1000, "EUR"}, {100, "EUR"}}};
  const std::vector<pricing::PaxTypePrice> after = {{PaxType::kAdult, 2, {24000, "EUR"}, {3500, "EUR"}},
                                                    {PaxType::kInfant, 1, {1200, "EUR"}, {0, "EUR"}}};
  auto changed = LinesAfterChange(lines, before, after);
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed[0].fare_each.minor, 34000);
  EXPECT_EQ(changed[0].taxes_each.minor, 5500);
  EXPECT_EQ(changed[0].count, 2);
  EXPECT_EQ(changed[1].fare_each.minor, 2200);
  EXPECT_EQ(changed[1].taxes_each.minor, 100);
}

core::Instant At(int hour, int minute = 0) {
  return core::FromEpoch(1'796'860'800) + std::chrono::hours(hour) + std::chrono::minutes(minute);  // 2026-12-10
}

std::vector<Leg> Journey() {
  return {{"X9101", "ABZ", "CPH", At(6), At(8)}, {"X9201", "CPH", "RIX", At(9), At(11)}};
}

TEST(Change, ReplacementMustFlyTheSameRoute) {
  auto ok = CheckReplacement(Journey(), 1, {"X9301", "CPH", "HAM", At(10), At(11)}, minutes(45), minutes(45));
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, "CHANGE_ROUTE_DIFFERS");
}

TEST(Change, ReplacementKeepsTheConnections) {
  // Leaves CPH 30 minutes after the first flight lands: under the 45 minutes needed.
  auto early = CheckReplacement(Journey(), 1, {"X9203", "CPH", "RIX", At(8, 30), At(10, 30)}, minutes(45), minutes(45));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "CHANGE_BREAKS_CONNECTION");
  EXPECT_NE(early.error().message.find("45 minutes"), std::string::npos);
  // The first flight moved so late that it lands after the second leaves.
  auto late = CheckReplacement(Journey(), 0, {"X9103", "ABZ", "CPH", At(7), At(8, 30)}, minutes(45), minutes(45));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, "CHANGE_BREAKS_CONNECTION");
  EXPECT_TRUE(CheckReplacement(Journey(), 1, {"X9205", "CPH", "RIX", At(8, 45), At(10, 45)}, minutes(45), minutes(45)));
  EXPECT_TRUE(CheckReplacement(Journey(), 0, {"X9099", "ABZ", "CPH", At(5), At(8, 15)}, minutes(45), minutes(45)));
}

}  // namespace
}  // namespace jetway::booking
