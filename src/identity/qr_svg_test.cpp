#include "identity/qr_svg.hpp"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jetway::identity {
namespace {

constexpr std::string_view kUri =
    "otpauth://totp/Jetway:annika.berg%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Jetway"
    "&algorithm=SHA1&digits=6&period=30";

using Grid = std::vector<std::vector<bool>>;

// Reads a decimal number at the front of `text` and drops it; -1 when there is none.
int TakeNumber(std::string_view& text) {
  int value = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc()) return -1;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return value;
}

bool TakeLiteral(std::string_view& text, std::string_view literal) {
  if (!text.starts_with(literal)) return false;
  text.remove_prefix(literal.size());
  return true;
}

// The text of attribute-like `prefix"...."` in `svg`, e.g. Between(svg, "d=\"").
std::string_view Between(std::string_view svg, std::string_view prefix) {
  const auto start = svg.find(prefix);
  if (start == std::string_view::npos) return {};
  svg.remove_prefix(start + prefix.size());
  return svg.substr(0, svg.find('"'));
}

int ViewBoxSide(std::string_view svg) {
  std::string_view box = Between(svg, "viewBox=\"");
  if (!TakeLiteral(box, "0 0 ")) return -1;
  const int width = TakeNumber(box);
  if (!TakeLiteral(box, " ")) return -1;
  const int height = TakeNumber(box);
  return box.empty() && width == height ? width : -1;
}

// The dark modules the path draws, read back independently of how QrSvg writes them: "Mx yhNv1h-Nz" per run.
Grid Drawn(std::string_view svg, int side) {
  Grid grid(static_cast<std::size_t>(side), std::vector<bool>(static_cast<std::size_t>(side), false));
  std::string_view d = Between(svg, "<path fill=\"#000\" d=\"");
  EXPECT_FALSE(d.empty());
  while (!d.empty()) {
    int x = -1, y = -1, length = -1, back = -2;
    const bool parsed = TakeLiteral(d, "M") && (x = TakeNumber(d)) >= 0 && TakeLiteral(d, " ") &&
                        (y = TakeNumber(d)) >= 0 && TakeLiteral(d, "h") && (length = TakeNumber(d)) > 0 &&
                        TakeLiteral(d, "v1h-") && (back = TakeNumber(d)) > 0 && TakeLiteral(d, "z");
    if (!parsed || back != length) {
      ADD_FAILURE() << "the path holds something other than runs at: " << d.substr(0, 40);
      break;
    }
    for (int i = 0; i < length; ++i) grid.at(static_cast<std::size_t>(y)).at(static_cast<std::size_t>(x + i)) = true;
  }
  return grid;
}

// Each tag's name, with "/" before it when it closes and after it when it closes itself.
std::vector<std::string> Tags(std::string_view svg) {
  std::vector<std::string> tags;
  for (auto open = svg.find('<'); open != std::string_view::npos; open = svg.find('<', open + 1)) {
    const auto close = svg.find('>', open);
    if (close == std::string_view::npos) return {"unclosed"};
    std::string_view tag = svg.substr(open + 1, close - open - 1);
    const bool self_closing = tag.ends_with('/');
    if (self_closing) tag.remove_suffix(1);
    if (tag.find('<') != std::string_view::npos) return {"nested"};
    tags.push_back(std::string(tag.substr(0, tag.find(' '))) + (self_closing ? "/" : ""));
  }
  return tags;
}

bool Dark(const Grid& grid, int x, int y) { return grid[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)]; }

// ISO/IEC 18004's finder pattern: a dark 7x7 ring, a light ring, a dark 3x3 centre.
void ExpectFinderAt(const Grid& grid, int left, int top) {
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      EXPECT_EQ(Dark(grid, left + x, top + y), ring || centre) << left + x << "," << top + y;
    }
}

TEST(QrSvg, ATypicalOtpauthUriMakesAWellFormedAccessibleSvg) {
  const auto svg = QrSvg(kUri, "Scan with your authenticator app");
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" ")) << svg.substr(0, 80);
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"Scan with your authenticator app\""), std::string::npos);
  EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
  // One background, one path, nothing else, each tag closed.
  EXPECT_EQ(Tags(svg), (std::vector<std::string>{"svg", "rect/", "path/", "/svg"}));
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '"') % 2, 0);
}

TEST(QrSvg, TheModuleCountMatchesTheQrVersion) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> expected(
      QRcode_encodeString(std::string(kUri).c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  ASSERT_TRUE(expected);
  EXPECT_GE(expected->version, 5);   // about 130 bytes at level M
  EXPECT_LE(expected->version, 10);  // small enough for any phone to scan off a screen
  const auto svg = QrSvg(kUri);
  const int side = ViewBoxSide(svg);
  EXPECT_EQ(side, 17 + 4 * expected->version + 8);  // the symbol and a 4-module quiet zone each side
  EXPECT_NE(svg.find("<rect width=\"" + std::to_string(side) + "\" height=\"" + std::to_string(side) + "\""),
            std::string::npos);
}

TEST(QrSvg, DrawsExactlyTheEncodedModulesInsideTheQuietZone) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> expected(
      QRcode_encodeString(std::string(kUri).c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  ASSERT_TRUE(expected);
  const auto svg = QrSvg(kUri);
  const int side = ViewBoxSide(svg);
  const int width = expected->width;
  ASSERT_EQ(side, width + 8);
  const Grid grid = Drawn(svg, side);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      const bool inside = x >= 4 && y >= 4 && x < 4 + width && y < 4 + width;
      const bool dark = inside && (expected->data[(y - 4) * width + (x - 4)] & 1) != 0;
      ASSERT_EQ(Dark(grid, x, y), dark) << x << "," << y;
    }
  ExpectFinderAt(grid, 4, 4);
  ExpectFinderAt(grid, 4 + width - 7, 4);
  ExpectFinderAt(grid, 4, 4 + width - 7);
}

TEST(QrSvg, DifferentTextsGiveDifferentImagesAndTheSameTextTheSame) {
  const auto a = QrSvg(kUri);
  EXPECT_EQ(a, QrSvg(kUri));
  std::string other(kUri);
  other[other.find("GEZ")] = 'H';
  EXPECT_NE(a, QrSvg(other));
  EXPECT_NE(QrSvg("hello"), QrSvg("hellp"));
  EXPECT_EQ(ViewBoxSide(QrSvg("hello")), 21 + 8);  // the smallest symbol, version 1
}

TEST(QrSvg, EscapesTheLabel) {
  const auto svg = QrSvg("x", "Ann's \"code\" <A&B>");
  EXPECT_NE(svg.find("aria-label=\"Ann&#39;s &quot;code&quot; &lt;A&amp;B&gt;\""), std::string::npos) << svg;
  EXPECT_NE(QrSvg("x").find("aria-label=\"QR code\""), std::string::npos);
}

TEST(QrSvg, EncodesUtf8Text) {
  const auto svg = QrSvg("otpauth://totp/Jetway:%C3%85sa?issuer=Å");
  EXPECT_GT(ViewBoxSide(svg), 0);
}

TEST(QrSvg, RefusesTextNoQrCodeCanHold) {
  EXPECT_THROW(QrSvg(""), std::invalid_argument);
  EXPECT_THROW(QrSvg(std::string_view("ab\0cd", 5)), std::invalid_argument);
  // Version 40 at level M holds 2,331 bytes.
  EXPECT_EQ(ViewBoxSide(QrSvg(std::string(2331, 'x'))), 177 + 8);
  EXPECT_THROW(QrSvg(std::string(2332, 'x')), std::length_error);
}

}  // namespace
}  // namespace jetway::identity
