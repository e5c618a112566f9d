#include "core/text.hpp"

#include <gtest/gtest.h>

namespace jetway::core {

TEST(Text, AsciiCaseFoldingLeavesOtherBytesAlone) {
  EXPECT_EQ(AsciiUpper("o'Brien-smith"), "O'BRIEN-SMITH");
  EXPECT_EQ(AsciiLower("K\xC3\xB8" "BENHAVN"), "k\xC3\xB8" "benhavn");
  EXPECT_EQ(AsciiLower('Q'), 'q');
  EXPECT_EQ(AsciiUpper('1'), '1');
}

TEST(Text, IsTextIsWellFormedUtf8WithoutNul) {
  EXPECT_TRUE(IsText(""));
  EXPECT_TRUE(IsText("Kastrup, K\xC3\xB8" "benhavn"));  // ø
  EXPECT_TRUE(IsText("\xE2\x82\xAC 12"));                 // €
  EXPECT_TRUE(IsText("\xF0\x9F\x9B\xAB"));                 // U+1F6EB, an airplane departure
  EXPECT_TRUE(IsText("line one\r\nline two\t"));
  EXPECT_FALSE(IsText(std::string_view("/e\0", 3)));         // NUL
  EXPECT_FALSE(IsText("\xFF"));                              // never in UTF-8
  EXPECT_FALSE(IsText("caf\xE9"));                           // Latin-1
  EXPECT_FALSE(IsText("\xC0\xAF"));                          // overlong '/'
  EXPECT_FALSE(IsText("\xE0\x80\xAF"));                      // overlong '/', three bytes
  EXPECT_FALSE(IsText("\xED\xA0\x80"));                      // a surrogate
  EXPECT_FALSE(IsText("\xF4\x90\x80\x80"));                  // past U+10FFFF
  EXPECT_FALSE(IsText("\xC3"));                              // cut short
  EXPECT_FALSE(IsText("\x80"));                              // a continuation first
}

TEST(Text, ToTextReplacesWhatIsNotUtf8AndCutsAtACharacter) {
  EXPECT_EQ(ToText("Gr\xC3\xBCn"), "Gr\xC3\xBCn");
  EXPECT_EQ(ToText("Gr\xFCn\xFF"), "Gr\xEF\xBF\xBDn\xEF\xBF\xBD");
  EXPECT_EQ(ToText(std::string_view("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_TRUE(IsText(ToText("\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80")));
  EXPECT_EQ(ToText("ab\xC3\xBC", 3), "ab");  // ü would not fit whole
  EXPECT_EQ(ToText("ab\xC3\xBC", 4), "ab\xC3\xBC");
  EXPECT_EQ(ToText("abc", 0), "");
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
