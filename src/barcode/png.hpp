// A PNG image (a screenshot or a scan of a boarding pass) as the grey-scale image barcode::Read takes, decoded by
// cairo (Debian's libcairo2, which jetway already draws its PDFs with). Thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "barcode/barcode.hpp"

namespace jetway::barcode {

// nullopt when the bytes are not a PNG cairo reads, or the image is larger than kMaxPixels.
inline constexpr long kMaxPixels = 16L * 1024 * 1024;
std::optional<Image> DecodePng(std::string_view bytes);

}  // namespace jetway::barcode
