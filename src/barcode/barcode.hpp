// Two-dimensional barcodes for boarding passes: PDF417 for printed passes and Aztec for mobile ones (IATA
// Resolution 792), drawn by zxing-cpp (Debian's libzxing-dev) as a matrix of modules, an SVG for pages and a
// grey-scale image; and read back from an image, as a gate's scanner or a desk's upload does. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jetway::barcode {

enum class Symbology { kPdf417, kAztec };

// Dark and light modules, row by row, with no quiet zone.
struct Matrix {
  int width = 0;
  int height = 0;
  std::vector<bool> dark;
  bool At(int x, int y) const { return dark[static_cast<std::size_t>(y * width + x)]; }
};

// `text` (printable ASCII, as BCBP is) as a symbol; std::invalid_argument when it cannot be encoded.
Matrix Encode(Symbology symbology, std::string_view text);

// An SVG of the symbol: `module` user units a module (PDF417's modules are drawn three times as tall as wide, as
// printers do), with a quiet zone of `quiet` modules; rectangles only, so it renders alike everywhere.
std::string Svg(const Matrix& matrix, Symbology symbology, int module = 2, int quiet = 2);

// A grey-scale image (0 black, 255 white) of the symbol, `scale` pixels a module, with a quiet zone.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
};
Image Render(const Matrix& matrix, Symbology symbology, int scale = 3, int quiet = 4);

// The text of the first PDF417 or Aztec symbol found in a grey-scale image; nullopt when none reads.
std::optional<std::string> Read(const Image& image);

}  // namespace jetway::barcode
