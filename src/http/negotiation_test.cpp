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

TEST(Negotiation, AcceptsHtml) {
  EXPECT_TRUE(AcceptsHtml("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
  EXPECT_TRUE(AcceptsHtml("TEXT/HTML"));
  EXPECT_TRUE(AcceptsHtml("text/*;q=0.5"));
  EXPECT_FALSE(AcceptsHtml("text/html;q=0"));
  EXPECT_FALSE(AcceptsHtml("application/json"));
  EXPECT_FALSE(AcceptsHtml("*/*"));  // curl and API clients: JSON
  EXPECT_FALSE(AcceptsHtml(""));
}

}  // namespace jetway::http
