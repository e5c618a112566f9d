// A QR code as inline SVG, for the otpauth URI a member of staff scans when setting up their authenticator: no
// image file to serve or cache (the URI holds their secret) and sharp at any zoom. Error correction level M, the
// usual choice for screens. Pure function.
#pragma once

#include <string>
#include <string_view>

namespace jetway::identity {

// The SVG has a viewBox in modules, with the 4-module light quiet zone scanners need, a white background so it
// still scans on a dark page, and one <path> of the dark modules. It has no width or height: the page sizes it.
// `aria_label` is what a screen reader announces instead. Throws std::invalid_argument for text that is empty or
// holds a NUL byte, and std::length_error for text too long for any QR code (about 2,300 bytes at level M).
std::string QrSvg(std::string_view text, std::string_view aria_label = "QR code");

}  // namespace jetway::identity
