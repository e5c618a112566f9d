#include "pricing/fare.hpp"

#include <gtest/gtest.h>

namespace jetway::pricing {

using core::Money;
using core::PaxType;

namespace {
SegmentPricing Segment(std::int64_t adult, std::int64_t child, std::int64_t infant, std::int64_t tax) {
  SegmentPricing s;
  s.fares[PaxType::kAdult] = Fare{"M", PaxType::kAdult, "Classic", Money{adult, "EUR"}, false, {}, 1};
  s.fares[PaxType::kChild] = Fare{"M", PaxType::kChild, "Classic", Money{child, "EUR"}, false, {}, 1};
  s.fares[PaxType::kInfant] = Fare{"M", PaxType::kInfant, "Classic", Money{infant, "EUR"}, false, {}, 0};
  s.taxes.push_back(Tax{"DK", Money{1500, "EUR"}, false});
  s.taxes.push_back(Tax{"XS", Money{tax, "EUR"}, true});
  return s;
}
}  // namespace

TEST(Pricing, TotalsPerPassengerMix) {
  RateTable rates;
  auto price = PriceParty({2, 1, 1}, {Segment(10000, 7500, 1000, 200)}, rates, "EUR");
  ASSERT_TRUE(price) << price.error().message;
  // ADT 100.00 + 17.00 taxes, x2 = 234.00; CHD 75.00 + 17.00 = 92.00; INF 10.00 + 2.00 (only XS) = 12.00
  EXPECT_EQ(price->total, (Money{33800, "EUR"}));
  ASSERT_EQ(price->per_pax_type.size(), 3u);
  EXPECT_EQ(price->per_pax_type[2].taxes_each.minor, 200);
}

TEST(Pricing, ConnectionsSumSegments) {
  RateTable rates;
  auto price = PriceParty({1, 0, 0}, {Segment(10000, 0, 0, 0), Segment(5000, 0, 0, 0)}, rates, "EUR");
  ASSERT_TRUE(price);
  EXPECT_EQ(price->total.minor, 10000 + 1500 + 5000 + 1500);
}

TEST(Pricing, EachSegmentsShareIsItsFaresAndTaxesForTheWholeParty) {
  RateTable rates;
  auto price = PriceParty({2, 1, 1}, {Segment(10000, 7500, 1000, 200), Segment(5000, 4000, 500, 0)}, rates, "EUR");
  ASSERT_TRUE(price);
  ASSERT_EQ(price->per_segment.size(), 2u);
  // Fares 2 x 100.00 + 75.00 + 10.00; taxes 3 x (15.00 + 2.00) + 2.00 for the infant (XS only).
  EXPECT_EQ(price->per_segment[0].fare, (Money{28500, "EUR"}));
  EXPECT_EQ(price->per_segment[0].taxes, (Money{5300, "EUR"}));
  EXPECT_EQ(price->per_segment[1].fare, (Money{14500, "EUR"}));
  EXPECT_EQ(price->per_segment[1].taxes, (Money{4500, "EUR"}));
  std::int64_t sum = 0;
  for (const auto& share : price->per_segment) sum += share.fare.minor + share.taxes.minor;
  EXPECT_EQ(sum, price->total.minor);
  // Each passenger type's share of the first segment: what a change of that segment replaces.
  const auto& types = price->per_segment[0].per_pax_type;
  ASSERT_EQ(types.size(), 3u);
  EXPECT_EQ(types[0].pax_type, core::PaxType::kAdult);
  EXPECT_EQ(types[0].count, 2);
  EXPECT_EQ(types[0].fare_each, (Money{10000, "EUR"}));
  EXPECT_EQ(types[0].taxes_each, (Money{1700, "EUR"}));
  EXPECT_EQ(types[1].fare_each, (Money{7500, "EUR"}));
  EXPECT_EQ(types[2].pax_type, core::PaxType::kInfant);
  EXPECT_EQ(types[2].fare_each, (Money{1000, "EUR"}));
  EXPECT_EQ(types[2].taxes_each, (Money{200, "EUR"}));
}

TEST(Pricing, ConvertsPerUnitThenMultiplies) {
  RateTable rates;
  rates.Set("EUR", "DKK", 7'460'000);
  auto price = PriceParty({3, 0, 0}, {Segment(10001, 0, 0, 0)}, rates, "DKK");
  ASSERT_TRUE(price);
  // 100.01 EUR -> 746.07 DKK (746.0746); 15.00 EUR -> 111.90 DKK; x3
  EXPECT_EQ(price->total, (Money{(74607 + 11190) * 3, "DKK"}));
  // Inverse rate: DKK -> EUR uses 1/7.46.
  auto back = rates.Convert(Money{74600, "DKK"}, "EUR");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->minor, 10000);
  EXPECT_EQ(PriceParty({1, 0, 0}, {Segment(1, 0, 0, 0)}, rates, "USD").error().code, "UNSUPPORTED_CURRENCY");
}

TEST(Pricing, AllInTellsWhenPricingConvertsNothing) {
  EXPECT_TRUE(AllIn({Segment(10000, 7500, 1000, 200), Segment(5000, 0, 0, 0)}, "EUR"));
  EXPECT_FALSE(AllIn({Segment(10000, 7500, 1000, 200)}, "DKK"));
  auto taxed_in_dkk = Segment(10000, 7500, 1000, 200);
  taxed_in_dkk.taxes.push_back(Tax{"DK", Money{7500, "DKK"}, false});
  EXPECT_FALSE(AllIn({Segment(5000, 0, 0, 0), taxed_in_dkk}, "EUR"));  // one tax in another currency is enough
  auto child_in_dkk = Segment(10000, 7500, 1000, 200);
  child_in_dkk.fares[PaxType::kChild].amount = Money{56000, "DKK"};
  EXPECT_FALSE(AllIn({child_in_dkk}, "EUR"));
  EXPECT_TRUE(AllIn({}, "EUR"));
}

TEST(Pricing, MissingFareForPaxTypeIsReported) {
  SegmentPricing s = Segment(10000, 7500, 1000, 0);
  s.fares.erase(PaxType::kChild);
  EXPECT_EQ(PriceParty({1, 1, 0}, {s}, RateTable{}, "EUR").error().code, "FARE_NOT_FOUND");
}

// A form shows each field's problem at once; the API's first problem is what Validate always answered.
TEST(Pricing, PartyProblemsListsOnePerFieldInValidatesOrder) {
  const auto problems = PartyProblems({1, 9, 2});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "children");
  EXPECT_EQ(problems[1].field, "infants");
  EXPECT_EQ(Validate({1, 9, 2}).error().field, "children");
  EXPECT_EQ(Validate({1, 9, -1}).error().message, "infants cannot be negative");
  EXPECT_EQ(PartyProblems({12, -1, 0}).size(), 2u);
  EXPECT_TRUE(PartyProblems({2, 1, 2}).empty());
}

TEST(Pricing, PartyMixRules) {
  EXPECT_TRUE(Validate({1, 0, 0}));
  EXPECT_TRUE(Validate({9, 0, 9}));
  EXPECT_FALSE(Validate({0, 1, 0}));
  EXPECT_FALSE(Validate({10, 0, 0}));
  EXPECT_FALSE(Validate({2, 0, 3}));
  EXPECT_FALSE(Validate({5, 5, 0}));
  EXPECT_FALSE(Validate({1, -1, 0}));
}

}  // namespace jetway::pricing
