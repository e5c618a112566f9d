#include "pdf/pdf_text.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace jetway::pdf {

std::string PdfText(const std::string& pdf_bytes) {
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() / fmt::format("jetway-pdf-{}-{}.pdf", getpid(), ++counter);
  std::ofstream(path, std::ios::binary) << pdf_bytes;
  std::string text;
  FILE* out = popen(fmt::format("pdftotext -layout '{}' -", path.string()).c_str(), "r");
  if (!out) throw std::runtime_error("cannot run pdftotext");
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, out)) > 0;) text.append(buffer, n);
  const int status = pclose(out);
  std::filesystem::remove(path);
  if (status != 0) throw std::runtime_error("pdftotext could not read the PDF");
  return text;
}

}  // namespace jetway::pdf
