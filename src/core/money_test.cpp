#include "core/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace jetway::core {

TEST(Money, FormatsByCurrencyMinorUnits) {
  EXPECT_EQ(FormatAmount({12340, "EUR"}), "123.40");
  EXPECT_EQ(FormatAmount({5, "EUR"}), "0.05");
  EXPECT_EQ(FormatAmount({-5, "EUR"}), "-0.05");
  EXPECT_EQ(FormatAmount({12340, "JPY"}), "12340");
  EXPECT_EQ(FormatAmount({12340, "KWD"}), "12.340");
  EXPECT_EQ(FormatAmount({0, "EUR"}), "0.00");
  EXPECT_EQ(FormatAmount({-7, "KWD"}), "-0.007");
  EXPECT_EQ(FormatAmount({0, "JPY"}), "0");
}

TEST(Money, FormatsTheExtremesWithoutOverflow) {
  EXPECT_EQ(FormatAmount({INT64_MAX, "EUR"}), "92233720368547758.07");
  EXPECT_EQ(FormatAmount({INT64_MIN, "EUR"}), "-92233720368547758.08");
  EXPECT_EQ(FormatAmount({INT64_MIN, "KWD"}), "-9223372036854775.808");
  EXPECT_EQ(FormatAmount({INT64_MIN, "JPY"}), "-9223372036854775808");
}

TEST(Money, AmountTextIsFormatAmountsText) {
  for (const Money& m : {Money{12340, "EUR"}, Money{-5, "EUR"}, Money{12340, "JPY"}, Money{-12340, "KWD"},
                         Money{INT64_MIN, "KWD"}})
    EXPECT_EQ(FormatAmountText(m).view(), FormatAmount(m));
}

TEST(Money, ParsesStrictDecimals) {
  EXPECT_EQ(ParseAmount("123.4", "EUR")->minor, 12340);
  EXPECT_EQ(ParseAmount("123", "EUR")->minor, 12300);
  EXPECT_FALSE(ParseAmount("1.234", "EUR"));
  EXPECT_FALSE(ParseAmount("1.", "EUR"));
  EXPECT_FALSE(ParseAmount("abc", "EUR"));
  EXPECT_FALSE(ParseAmount("12", "eur"));
}

TEST(Money, ConvertsWithIntegerRatesRoundingHalfAway) {
  // 100.00 EUR at 7.460381 DKK/EUR = 746.0381 -> 746.04
  EXPECT_EQ(Convert({10000, "EUR"}, "DKK", 7'460'381), (Money{74604, "DKK"}));
  // 0.01 EUR at 0.5 -> 0.005 rounds away from zero to 0.01
  EXPECT_EQ(Convert({1, "EUR"}, "GBP", 500'000).minor, 1);
  EXPECT_EQ(Convert({-1, "EUR"}, "GBP", 500'000).minor, -1);
  // Different minor units: 10.00 EUR at 160 JPY/EUR = 1600 JPY
  EXPECT_EQ(Convert({1000, "EUR"}, "JPY", 160'000'000), (Money{1600, "JPY"}));
}

}  // namespace jetway::core
