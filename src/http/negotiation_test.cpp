#include "http/negotiation.hpp"

#include <gtest/gtest.h>

namespace jetway::http {

TEST(Negotiation, PrefersBrotliThenGzipAmongAccepted) {
  EXPECT_EQ(ChooseCoding("gzip, deflate, br", true, true), Coding::kBrotli);
  EXPECT_EQ(ChooseCoding("gzip, deflate", true, true), Coding::kGzip);
  EXPECT_EQ(ChooseCoding("br;q=0.5, gzip;q=0.8", true, true), Coding::kGzip);
  EXPECT_EQ(ChooseCoding("gzip;q=1.0, br;q=1", true, true), Coding::kBrotli);
  EXPECT_EQ(ChooseCoding("*", true, true), Coding::kBrotli);
  EXPECT_EQ(ChooseCoding("*;q=0.3, br;q=0", true, true), Coding::kGzip);
  EXPECT_EQ(ChooseCoding("GZIP", true, false), Coding::kGzip);
}

TEST(Negotiation, IdentityWhenNothingAcceptableOrAvailable) {
  EXPECT_EQ(ChooseCoding("", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("identity", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("gzip;q=0, br;q=0", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("br", true, false), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("gzip, br", false, false), Coding::kIdentity);
  // Malformed weights count as if the element were absent.
  EXPECT_EQ(ChooseCoding("br;q=2, gzip;q=abc", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("br;q=0.0001", true, true), Coding::kIdentity);
}

TEST(Negotiation, EtagListsAndWeakPrefixes) {
  EXPECT_TRUE(EtagMatches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagMatches("\"x\", W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagMatches(" * ", "\"abc\""));
  EXPECT_FALSE(EtagMatches("\"abc-gz\"", "\"abc\""));
  EXPECT_FALSE(EtagMatches("abc", "\"abc\""));
  EXPECT_FALSE(EtagMatches("", "\"abc\""));
}

}  // namespace jetway::http
