// For tests: a PDF's text as poppler's pdftotext (poppler-utils, installed by scripts/setup.sh) reads it, laid out.
#pragma once

#include <string>

namespace jetway::pdf {

std::string PdfText(const std::string& pdf_bytes);

}  // namespace jetway::pdf
