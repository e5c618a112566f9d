#include "core/text.hpp"

#include <gtest/gtest.h>

namespace jetway::core {

TEST(Text, AsciiCaseFoldingLeavesOtherBytesAlone) {
  EXPECT_EQ(AsciiUpper("o'Brien-smith"), "O'BRIEN-SMITH");
  EXPECT_EQ(AsciiLower("K\xC3\xB8" "BENHAVN"), "k\xC3\xB8" "benhavn");
  EXPECT_EQ(AsciiLower('Q'), 'q');
  EXPECT_EQ(AsciiUpper('1'), '1');
}

TEST(Text, ParseIntegerIsStrict) {
  EXPECT_EQ(ParseInteger("42", 0, 100), 42);
  EXPECT_EQ(ParseInteger("-5", -10, 10), -5);
  EXPECT_FALSE(ParseInteger("", 0, 100));
  EXPECT_FALSE(ParseInteger("4x", 0, 100));
  EXPECT_FALSE(ParseInteger(" 4", 0, 100));
  EXPECT_FALSE(ParseInteger("+4", 0, 100));
  EXPECT_FALSE(ParseInteger("101", 0, 100));
  EXPECT_FALSE(ParseInteger("99999999999999999999", 0, INT64_MAX));
}

}  // namespace jetway::core

TEST(Text, UrlEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(jetway::core::UrlEncode("CPH-HAM_1.0~"), "CPH-HAM_1.0~");
  EXPECT_EQ(jetway::core::UrlEncode("a b&c=d/æ"), "a%20b%26c%3Dd%2F%C3%A6");
  EXPECT_EQ(jetway::core::Trim(" \tX9 "), "X9");
}

TEST(Text, JsonQuoteEscapesWhatJsonRequires) {
  EXPECT_EQ(jetway::core::JsonQuote("Flex \"Plus\""), "\"Flex \\\"Plus\\\"\"");
  EXPECT_EQ(jetway::core::JsonQuote("a\\b\nc\x01"), "\"a\\\\b\\nc\\u0001\"");
  EXPECT_EQ(jetway::core::JsonQuote("København"), "\"København\"");
}
