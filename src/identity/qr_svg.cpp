#include "identity/qr_svg.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <stdexcept>

namespace jetway::identity {
namespace {

constexpr int kQuietZone = 4;  // modules of light margin, ISO/IEC 18004's minimum

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

std::unique_ptr<QRcode, QrFree> Encode(std::string_view text) {
  if (text.empty() || text.find('\0') != std::string_view::npos)
    throw std::invalid_argument("QR code text must be non-empty and hold no NUL byte");
  const std::string terminated(text);
  errno = 0;
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (code) return code;
  if (errno == ERANGE) throw std::length_error("text too long for a QR code");
  throw std::runtime_error("QR encoding failed");
}

std::string EscapeAttribute(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// One sub-path per horizontal run of dark modules, which keeps the path several times shorter than a square per
// module; bit 0 of each byte libqrencode returns is "dark".
std::string DarkModules(const QRcode& code) {
  std::string d;
  const int width = code.width;
  for (int y = 0; y < width; ++y) {
    const unsigned char* row = code.data + static_cast<std::ptrdiff_t>(y) * width;
    for (int x = 0; x < width;) {
      if ((row[x] & 1) == 0) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < width && (row[x] & 1) != 0) ++x;
      const std::string run = std::to_string(x - start);
      d += "M" + std::to_string(start + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" + run + "v1h-" + run +
           "z";
    }
  }
  return d;
}

}  // namespace

std::string QrSvg(std::string_view text, std::string_view aria_label) {
  const auto code = Encode(text);
  const std::string side = std::to_string(code->width + 2 * kQuietZone);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side +
         "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + EscapeAttribute(aria_label) + "\">" +
         "<rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/>" + "<path fill=\"#000\" d=\"" +
         DarkModules(*code) + "\"/></svg>";
}

}  // namespace jetway::identity
