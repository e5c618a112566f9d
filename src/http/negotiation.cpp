#include "http/negotiation.hpp"

#include "core/text.hpp"

namespace jetway::http {

std::string_view NextElement(std::string_view& rest, char separator) {
  const auto at = rest.find(separator);
  const auto element = core::Trim(rest.substr(0, at));
  rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + 1);
  return element;
}

std::optional<int> Weight(std::string_view params) {
  int weight = 1000;
  while (!params.empty()) {
    const auto param = NextElement(params, ';');
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    const auto value = param.substr(2);
    if (value.empty() || value.size() > 5 || (value[0] != '0' && value[0] != '1')) return std::nullopt;
    int thousandths = (value[0] - '0') * 1000;
    if (value.size() > 1) {
      if (value[1] != '.') return std::nullopt;
      int scale = 100;
      for (char c : value.substr(2)) {
        if (c < '0' || c > '9') return std::nullopt;
        thousandths += (c - '0') * scale;
        scale /= 10;
      }
    }
    if (thousandths > 1000) return std::nullopt;
    weight = thousandths;
  }
  return weight;
}

Coding ChooseCoding(std::string_view accept_encoding, bool gzip_available, bool brotli_available) {
  int gzip = -1, brotli = -1, any = -1;  // -1: not mentioned
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    auto params = NextElement(rest, ',');
    const std::string name = core::AsciiLower(NextElement(params, ';'));
    const auto weight = Weight(params);
    if (!weight) continue;  // a malformed element counts as absent
    if (name == "gzip" || name == "x-gzip")
      gzip = *weight;
    else if (name == "br")
      brotli = *weight;
    else if (name == "*")
      any = *weight;
  }
  if (gzip < 0) gzip = any;
  if (brotli < 0) brotli = any;
  if (!brotli_available) brotli = -1;
  if (!gzip_available) gzip = -1;
  if (brotli > 0 && brotli >= gzip) return Coding::kBrotli;
  if (gzip > 0) return Coding::kGzip;
  return Coding::kIdentity;
}

bool AcceptsHtml(std::string_view accept) {
  std::string_view rest = accept;
  while (!rest.empty()) {
    auto params = NextElement(rest, ',');
    const std::string type = core::AsciiLower(NextElement(params, ';'));
    if (type != "text/html" && type != "text/*") continue;
    const auto weight = Weight(params);
    if (weight && *weight > 0) return true;
  }
  return false;
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  if (core::Trim(if_none_match) == "*") return true;
  const auto strip = [](std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; };
  const auto wanted = strip(etag);
  std::string_view rest = if_none_match;
  while (!rest.empty())
    if (strip(NextElement(rest, ',')) == wanted) return true;
  return false;
}

}  // namespace jetway::http
