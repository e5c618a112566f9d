#include "core/codes.hpp"

#include <gtest/gtest.h>

namespace jetway::core {

TEST(Codes, AirportCodes) {
  EXPECT_TRUE(IsAirportCode("CPH"));
  EXPECT_FALSE(IsAirportCode("cph"));
  EXPECT_FALSE(IsAirportCode("CP"));
  EXPECT_FALSE(IsAirportCode("CP1"));
}

TEST(Codes, AirlineDesignators) {
  EXPECT_TRUE(IsAirlineDesignator("X9"));
  EXPECT_TRUE(IsAirlineDesignator("9X"));
  EXPECT_TRUE(IsAirlineDesignator("SK"));
  EXPECT_FALSE(IsAirlineDesignator("99"));
  EXPECT_FALSE(IsAirlineDesignator("SKA"));
}

TEST(Codes, FlightNumbers) {
  auto fn = ParseFlightNumber("X9101");
  ASSERT_TRUE(fn);
  EXPECT_EQ(fn->airline, "X9");
  EXPECT_EQ(fn->number, 101);
  EXPECT_EQ(fn->ToString(), "X9101");
  EXPECT_FALSE(ParseFlightNumber("X90"));
  EXPECT_FALSE(ParseFlightNumber("X912345"));
  EXPECT_FALSE(ParseFlightNumber("X9A1"));
}

TEST(Codes, PaxTypesRoundTrip) {
  for (auto t : {PaxType::kAdult, PaxType::kChild, PaxType::kInfant}) EXPECT_EQ(ParsePaxType(ToString(t)), t);
  EXPECT_FALSE(ParsePaxType("YTH"));
}

}  // namespace jetway::core
