#include "pdf/pdf_text.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace jetway::pdf {

namespace {

// What `command` (given the PDF's path) writes to its standard output.
std::string Run(const std::string& pdf_bytes, const std::string& command) {
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() / fmt::format("jetway-pdf-{}-{}.pdf", getpid(), ++counter);
  std::ofstream(path, std::ios::binary) << pdf_bytes;
  std::string text;
  FILE* out = popen(fmt::format(fmt::runtime(command), path.string()).c_str(), "r");
  if (!out) throw std::runtime_error("cannot run " + command);
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, out)) > 0;) text.append(buffer, n);
  const int status = pclose(out);
  std::filesystem::remove(path);
  if (status != 0) throw std::runtime_error(command + " could not read the PDF");
  return text;
}

}  // namespace

std::string PdfText(const std::string& pdf_bytes) { return Run(pdf_bytes, "pdftotext -layout '{}' -"); }

GreyPage RenderPage(const std::string& pdf_bytes, int page, int dpi) {
  // A binary PGM (P5): "P5 <width> <height> 255\n" and a byte a pixel.
  const auto pgm = Run(pdf_bytes, fmt::format("pdftoppm -gray -r {} -f {} -l {} '{{}}'", dpi, page, page));
  std::istringstream in(pgm);
  std::string magic;
  int max = 0;
  GreyPage image;
  in >> magic >> image.width >> image.height >> max;
  in.get();
  if (magic != "P5" || max != 255 || image.width <= 0 || image.height <= 0)
    throw std::runtime_error("pdftoppm did not write a grey-scale image");
  image.pixels.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height));
  in.read(reinterpret_cast<char*>(image.pixels.data()), static_cast<std::streamsize>(image.pixels.size()));
  return image;
}

}  // namespace jetway::pdf
