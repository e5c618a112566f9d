#include "barcode/barcode.hpp"

#define ZX_USE_UTF8 1
#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>
#include <fmt/core.h>

#include <stdexcept>

namespace jetway::barcode {

namespace {

ZXing::BarcodeFormat FormatOf(Symbology s) {
  return s == Symbology::kPdf417 ? ZXing::BarcodeFormat::PDF417 : ZXing::BarcodeFormat::Aztec;
}

// PDF417's rows are printed taller than its modules are wide; a square symbol's modules are square.
int RowHeight(Symbology s) { return s == Symbology::kPdf417 ? 3 : 1; }

}  // namespace

Matrix Encode(Symbology symbology, std::string_view text) {
  for (char c : text)
    if (c < 0x20 || c > 0x7e) throw std::invalid_argument("a barcode's text is printable ASCII");
  // Width and height 0: the symbol's own size, one pixel per module, no margin.
  const auto bits = ZXing::MultiFormatWriter(FormatOf(symbology)).setMargin(0).encode(std::string(text), 0, 0);
  Matrix m{bits.width(), bits.height(), std::vector<bool>(static_cast<std::size_t>(bits.width() * bits.height()))};
  for (int y = 0; y < m.height; ++y)
    for (int x = 0; x < m.width; ++x) m.dark[static_cast<std::size_t>(y * m.width + x)] = bits.get(x, y);
  return m;
}

std::string Svg(const Matrix& m, Symbology symbology, int module, int quiet) {
  const int row = module * RowHeight(symbology);
  const int width = (m.width + 2 * quiet) * module, height = m.height * row + 2 * quiet * module;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" "
      "shape-rendering=\"crispEdges\"><rect width=\"{0}\" height=\"{1}\" fill=\"#fff\"/><g fill=\"#000\">",
      width, height);
  for (int y = 0; y < m.height; ++y)
    for (int x = 0; x < m.width;) {
      if (!m.At(x, y)) {
        ++x;
        continue;
      }
      int run = 1;  // one rectangle for a run of dark modules
      while (x + run < m.width && m.At(x + run, y)) ++run;
      svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", (x + quiet) * module,
                         y * row + quiet * module, run * module, row);
      x += run;
    }
  return svg + "</g></svg>";
}

Image Render(const Matrix& m, Symbology symbology, int scale, int quiet) {
  const int row = scale * RowHeight(symbology);
  Image image{(m.width + 2 * quiet) * scale, m.height * row + 2 * quiet * scale, {}};
  image.pixels.assign(static_cast<std::size_t>(image.width * image.height), 255);
  for (int y = 0; y < m.height; ++y)
    for (int x = 0; x < m.width; ++x)
      if (m.At(x, y))
        for (int dy = 0; dy < row; ++dy)
          for (int dx = 0; dx < scale; ++dx)
            image.pixels[static_cast<std::size_t>((quiet * scale + y * row + dy) * image.width + (quiet + x) * scale +
                                                  dx)] = 0;
  return image;
}

std::optional<std::string> Read(const Image& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height))
    return std::nullopt;
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::PDF417 | ZXing::BarcodeFormat::Aztec);
  hints.setTryHarder(true);
  const auto result =
      ZXing::ReadBarcode({image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum}, hints);
  if (!result.isValid()) return std::nullopt;
  return result.text();
}

}  // namespace jetway::barcode
