#include "core/countries.hpp"

#include <gtest/gtest.h>

namespace jetway::core {
namespace {

TEST(Countries, Alpha2AndAlpha3BothWays) {
  EXPECT_EQ(Alpha3("DK"), "DNK");
  EXPECT_EQ(Alpha3("TZ"), "TZA");
  EXPECT_EQ(Alpha3("NO"), "NOR");
  EXPECT_EQ(Alpha3("GB"), "GBR");
  EXPECT_EQ(Alpha2("DEU"), "DE");
  EXPECT_EQ(Alpha2("KEN"), "KE");
  for (const char* code : {"ZZ", "", "dk", "D", "DNK"}) EXPECT_EQ(Alpha3(code), std::nullopt) << code;
  for (const char* code : {"ZZZ", "", "dnk", "DK"}) EXPECT_EQ(Alpha2(code), std::nullopt) << code;
}

TEST(Countries, EveryCountryOnceAndTheWayBack) {
  // Debian's table has some 249 countries; every alpha-2 leads to an alpha-3 that leads back.
  int found = 0;
  for (char a = 'A'; a <= 'Z'; ++a)
    for (char b = 'A'; b <= 'Z'; ++b) {
      const char two[] = {a, b, '\0'};
      if (auto three = Alpha3(two)) {
        ++found;
        EXPECT_EQ(Alpha2(*three), std::string_view(two));
      }
    }
  EXPECT_GT(found, 240);
  EXPECT_LT(found, 260);
}

}  // namespace
}  // namespace jetway::core
