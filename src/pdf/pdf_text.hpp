// For tests: a PDF's text as poppler's pdftotext (poppler-utils, installed by scripts/setup.sh) reads it, laid out,
// and its pages as images.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace jetway::pdf {

std::string PdfText(const std::string& pdf_bytes);

// Page `page` (from 1) as poppler's pdftoppm rasterises it, grey-scale at `dpi`: what a scanner would see.
struct GreyPage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // row by row, 0 black, 255 white
};
GreyPage RenderPage(const std::string& pdf_bytes, int page, int dpi);

}  // namespace jetway::pdf
