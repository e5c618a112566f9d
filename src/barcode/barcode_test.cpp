// Boarding-pass symbols drawn and read back with zxing: every field of a one-leg and a four-leg IATA pass survives
// PDF417 and Aztec.
#include "barcode/barcode.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <cstring>

#include "barcode/png.hpp"

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

// A PNG of the symbol as a desk's upload would be (cairo writes it: RGB, with a grey margin), read back.
std::string Png(const Image& image) {
  auto* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.width + 40, image.height + 40);
  auto* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  auto* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      const std::uint32_t v = image.pixels[static_cast<std::size_t>(y * image.width + x)];
      const std::uint32_t pixel = 0xff000000u | (v << 16) | (v << 8) | v;
      std::memcpy(data + (y + 20) * stride + (x + 20) * 4, &pixel, 4);
    }
  cairo_surface_mark_dirty(surface);
  std::string png;
  cairo_surface_write_to_png_stream(
      surface,
      [](void* out, const unsigned char* bytes, unsigned int n) {
        static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(bytes), n);
        return CAIRO_STATUS_SUCCESS;
      },
      &png);
  cairo_surface_destroy(surface);
  return png;
}

TEST(Barcode, AnUploadedPngIsReadAsAScannerReadsIt) {
  const auto image = Render(Encode(Symbology::kPdf417, kOneLeg), Symbology::kPdf417);
  const auto png = Png(image);
  auto decoded = DecodePng(png);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->width, image.width + 40);
  EXPECT_EQ(Read(*decoded), std::string(kOneLeg));
  EXPECT_FALSE(DecodePng("GIF89a not a png"));
  EXPECT_FALSE(DecodePng(png.substr(0, png.size() / 2))) << "a truncated upload";
  EXPECT_FALSE(DecodePng(""));
}

}  // namespace
}  // namespace jetway::barcode
