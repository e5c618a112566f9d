#include "web/multipart.hpp"

#include "core/text.hpp"

namespace jetway::web {

namespace {

// The value of `key` in a header's parameters (`form-data; name="image"; filename="pass.png"`).
std::string Parameter(std::string_view header, std::string_view key) {
  std::size_t at = 0;
  while ((at = header.find(';', at)) != std::string_view::npos) {
    ++at;
    auto rest = core::Trim(header.substr(at));
    if (!rest.starts_with(key) || rest.size() <= key.size() || rest[key.size()] != '=') continue;
    auto value = rest.substr(key.size() + 1);
    if (value.starts_with('"')) {
      const auto close = value.find('"', 1);
      return close == std::string_view::npos ? std::string() : std::string(value.substr(1, close - 1));
    }
    return std::string(value.substr(0, value.find(';')));
  }
  return {};
}

bool IEquals(std::string_view a, std::string_view b) { return core::AsciiLower(a) == core::AsciiLower(b); }

// One part: its headers, a blank line, its bytes.
std::optional<FormPart> ReadPart(std::string_view raw) {
  const auto end = raw.find("\r\n\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  FormPart part;
  bool disposition = false;
  std::string_view headers = raw.substr(0, end);
  while (!headers.empty()) {
    const auto eol = headers.find("\r\n");
    const auto line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto name = core::Trim(line.substr(0, colon));
    const auto value = core::Trim(line.substr(colon + 1));
    if (IEquals(name, "Content-Disposition")) {
      if (!core::AsciiLower(value).starts_with("form-data")) return std::nullopt;
      disposition = true;
      part.name = Parameter(value, "name");
      part.filename = Parameter(value, "filename");
    } else if (IEquals(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  if (!disposition || part.name.empty()) return std::nullopt;
  part.body = std::string(raw.substr(end + 4));
  return part;
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  if (!core::AsciiLower(core::Trim(content_type)).starts_with("multipart/form-data")) return std::nullopt;
  auto boundary = Parameter(content_type, "boundary");
  // RFC 2046: 1 to 70 characters.
  if (boundary.empty() || boundary.size() > 70) return std::nullopt;
  return boundary;
}

std::optional<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                    std::size_t max_parts) {
  const std::string delimiter = "--" + std::string(boundary);
  if (!body.starts_with(delimiter)) return std::nullopt;
  std::vector<FormPart> parts;
  std::size_t at = delimiter.size();
  const std::string next = "\r\n" + delimiter;
  while (true) {
    if (body.substr(at).starts_with("--")) return parts;  // the closing delimiter
    if (!body.substr(at).starts_with("\r\n")) return std::nullopt;
    at += 2;
    const auto end = body.find(next, at);
    if (end == std::string_view::npos || parts.size() == max_parts) return std::nullopt;
    auto part = ReadPart(body.substr(at, end - at));
    if (!part) return std::nullopt;
    parts.push_back(std::move(*part));
    at = end + next.size();
  }
}

}  // namespace jetway::web
