// Boarding-pass symbols drawn and read back with zxing: every field of a one-leg and a four-leg IATA pass survives
// PDF417 and Aztec.
#include "barcode/barcode.hpp"

#include <gtest/gtest.h>

namespace jetway::barcode {
namespace {

constexpr const char* kOneLeg =
    "M1SALIM/AMINA         EK7QM2X ZNZDARXX 0301 073Y004A0012 13B>60B2WW6072BXX 2A999210051873100XX              "
    "       20KN";

std::string FourLegs() {
  std::string text = "M4HANSEN/IDA          E";
  for (int leg = 0; leg < 4; ++leg)
    text += "K7QM2X CPHHAMX9 0101 335Y012C0003 100";  // each leg without conditional data
  return text;
}

TEST(Barcode, PrintedAndMobileSymbolsReadBackExactly) {
  for (auto symbology : {Symbology::kPdf417, Symbology::kAztec})
    for (const std::string& text : {std::string(kOneLeg), FourLegs()}) {
      const auto matrix = Encode(symbology, text);
      ASSERT_GT(matrix.width, 0);
      ASSERT_GT(matrix.height, 0);
      const auto read = Read(Render(matrix, symbology));
      ASSERT_TRUE(read) << "nothing read back";
      EXPECT_EQ(*read, text);
    }
}

TEST(Barcode, ThePageDrawsRectanglesOnly) {
  const auto matrix = Encode(Symbology::kAztec, kOneLeg);
  const auto svg = Svg(matrix, Symbology::kAztec);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0U);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("<rect x="), std::string::npos);
  EXPECT_TRUE(svg.ends_with("</g></svg>"));
}

TEST(Barcode, NoSymbolIsNothingRead) {
  Image blank{100, 100, std::vector<std::uint8_t>(10000, 255)};
  EXPECT_FALSE(Read(blank));
  EXPECT_FALSE(Read(Image{10, 10, {}}));
  EXPECT_THROW(Encode(Symbology::kPdf417, "tab\there"), std::invalid_argument);
}

}  // namespace
}  // namespace jetway::barcode
